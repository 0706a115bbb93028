import { beforeAll, describe, expect, it, vi } from 'vitest';
import { corpusMessage, testMessage } from '@/lib/email/inbound/corpus/corpus';
import { createTestMailbox, eventsOf, ticketOf } from '@/lib/email/inbound/corpus/fixtures';
import type { InboundResultJson } from '@/lib/email/schema';
import { updateMailbox } from '@/lib/email/mailboxes';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createDepartment, fixtureContext } from '@/lib/test/factories';

// Read once per test file: a small message limit, so the 413 needs no large body; a small
// address budget, so the 429 is reached in a few requests (each test below sends from its own address).
vi.hoisted(() => {
  process.env.LOOPDESK_EMAIL_MAX_MB = '1';
  process.env.LOOPDESK_IP_RATE_LIMIT = '5';
});

let token: string;
let departmentId: number;
let address = 0;

beforeAll(async () => {
  departmentId = (await createDepartment()).id;
  ({ token } = await createTestMailbox({ address: 'relay@acme.example', department_id: departmentId }));
});

/** A client address no other test uses, so each test has its own rate-limit budget. */
const nextIp = () => `198.51.100.${++address}`;

function post(raw: BodyInit, headers: Record<string, string> = {}, ip = nextIp()) {
  return call<InboundResultJson>('POST', '/api/v1/inbound/email', {
    rawBody: raw,
    ip,
    headers: { 'content-type': 'message/rfc822', 'x-loopdesk-mailbox-token': token, ...headers },
  });
}

describe('POST /api/v1/inbound/email', () => {
  it('makes a ticket of a raw message in the mailbox department and answers 201 with what it did', async () => {
    const res = await post(new Uint8Array(corpusMessage('multipart-alternative')));

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ success: true, data: { outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null } });
    const ticket = await ticketOf(res.body.data.ticket_id);
    expect(ticket).toMatchObject({ subject: 'Dashboard is slow', channel: 'email', department: { id: departmentId } });
    const [created] = await eventsOf('ticket', ticket.id);
    // The relay's request names the events, as any API request does.
    expect(created).toMatchObject({ type: 'ticket.created', requestId: res.headers.get('x-request-id'), ip: expect.stringMatching(/^198\.51\.100\./) });
  });

  it('answers a second delivery of the same message 200 with duplicate: true and the same ticket', async () => {
    const raw = new Uint8Array(corpusMessage('iso-8859-1'));
    const first = await post(raw);
    const second = await post(raw);
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ ...first.body.data, duplicate: true });
  });

  it('answers 201 for a reply threaded by the ticket number in the subject', async () => {
    const first = await post(new Uint8Array(testMessage({ from: 'Eve <eve@relay-customer.example>', subject: 'Broken' })));
    const { number } = await ticketOf(first.body.data.ticket_id);
    const res = await post(new Uint8Array(testMessage({ from: 'eve@relay-customer.example', subject: `Re: [${number}] Broken` })));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ outcome: 'reply', ticket_id: first.body.data.ticket_id, reply_id: expect.any(Number) });
  });

  it('answers 200 for a bounce, which makes no ticket', async () => {
    const res = await post(new Uint8Array(corpusMessage('bounce-dsn')));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ outcome: 'bounce', ticket_id: null });
  });

  it('takes the token as Authorization: Bearer too', async () => {
    const res = await post(new Uint8Array(testMessage({ from: 'bearer@relay-customer.example' })), {
      'x-loopdesk-mailbox-token': '',
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(201);
  });

  it('answers 401 without a token, with a wrong one, and with the token of a switched-off mailbox', async () => {
    const raw = new Uint8Array(testMessage({ from: 'nobody@relay-customer.example' }));
    expectError(await post(raw, { 'x-loopdesk-mailbox-token': '' }), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: "Authentication required: send X-Loopdesk-Mailbox-Token: <the mailbox's relay token>",
    });
    expectError(await post(raw, { 'x-loopdesk-mailbox-token': 'ldmb_wrong' }), { status: 401, code: 'UNAUTHORIZED', message: 'Invalid mailbox token' });
    const off = await createTestMailbox({ address: 'off@acme.example' });
    await updateMailbox(fixtureContext(), off.mailbox.id, { active: false });
    expectError(await post(raw, { 'x-loopdesk-mailbox-token': off.token }), { status: 401, code: 'UNAUTHORIZED', message: 'Invalid mailbox token' });
  });

  it('answers 415 for a body that is not message/rfc822', async () => {
    const res = await call('POST', '/api/v1/inbound/email', {
      body: { raw: 'From: a@b.example' },
      ip: nextIp(),
      headers: { 'x-loopdesk-mailbox-token': token },
    });
    expectError(res, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as message/rfc822' });
  });

  it('answers 413 for a message over LOOPDESK_EMAIL_MAX_MB, before reading all of it', async () => {
    const raw = new Uint8Array(testMessage({ from: 'huge@relay-customer.example', attachmentBytes: 1024 * 1024 }));
    expectError(await post(raw), { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds the limit of 1048576 bytes' });
  });

  it('is rate limited by client address', async () => {
    const ip = nextIp();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(new Uint8Array(), { 'x-loopdesk-mailbox-token': 'ldmb_wrong' }, ip)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('answers 405 for other methods', async () => {
    const res = await call('GET', '/api/v1/inbound/email', { ip: nextIp() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
