import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, mailboxes, tickets } from '@/db/schema';
import { getMailboxOrThrow } from '@/lib/email/mailboxes';
import type { MailboxJson, MailboxTestJson, MailboxWithTokenJson } from '@/lib/email/schema';
import { call } from '@/lib/test/api';
import { startDovecot, type Dovecot } from '@/lib/test/dovecot';
import { expectError, expectValidationError, fieldConflict } from '@/lib/test/expectations';
import { createDepartment, createKey, createTicket } from '@/lib/test/factories';

let adminKey: string;
let dovecot: Dovecot;
let counter = 0;

beforeAll(async () => {
  adminKey = await createKey('admin');
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
});

const notFound = { status: 404, code: 'NOT_FOUND', message: 'Mailbox not found' };
const address = () => `help-${++counter}-${process.pid}@desk.example.com`;

async function newMailbox(body: Record<string, unknown> = {}): Promise<MailboxWithTokenJson> {
  const res = await call<MailboxWithTokenJson>('POST', '/api/v1/mailboxes', { key: adminKey, body: { name: 'Help', address: address(), ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

const onDovecot = () => ({
  imap_host: dovecot.host,
  imap_port: dovecot.port,
  imap_tls: false,
  imap_user: dovecot.user,
  imap_password: dovecot.password,
});

const getMailbox = (id: number) => call<MailboxJson>('GET', `/api/v1/mailboxes/${id}`, { key: adminKey });
const patchMailbox = (id: number, body: unknown) => call<MailboxJson>('PATCH', `/api/v1/mailboxes/${id}`, { key: adminKey, body });
const mailboxEvents = (id: number) =>
  getDb()
    .select()
    .from(events)
    .where(and(eq(events.resourceType, 'mailbox'), eq(events.resourceId, id)))
    .orderBy(asc(events.id));

describe('GET /api/v1/mailboxes/{id}', () => {
  it('returns the mailbox without its token or password', async () => {
    const { inbound_token, ...shown } = await newMailbox(onDovecot());
    const res = await getMailbox(shown.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: shown });
    expect(JSON.stringify(res.body)).not.toContain(inbound_token);
    expect(JSON.stringify(res.body)).not.toContain(dovecot.password);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await getMailbox(999_999), notFound);
  });
});

describe('PATCH /api/v1/mailboxes/{id}', () => {
  it('changes the given fields, keeps the stored password, and records before and after', async () => {
    const created = await newMailbox(onDovecot());
    const department = await createDepartment();
    const res = await patchMailbox(created.id, { name: 'Billing', department_id: department.id, imap_folder: 'Billing' });

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'Billing',
      department: { id: department.id, name: department.name },
      imap_folder: 'Billing',
      has_imap_password: true,
    });
    expect((await getMailboxOrThrow(getDb(), created.id)).imapPassword).toBe(dovecot.password);
    const updated = (await mailboxEvents(created.id)).at(-1)!;
    expect(updated.type).toBe('mailbox.updated');
    expect(updated.payload).toMatchObject({
      changes: ['name', 'department', 'imap_folder'],
      before: { name: 'Help', department: null, imap_folder: 'INBOX' },
      after: { name: 'Billing', department: { id: department.id, name: department.name }, imap_folder: 'Billing' },
    });
  });

  it('takes a new password, recording that it changed but never its value', async () => {
    const created = await newMailbox(onDovecot());
    const res = await patchMailbox(created.id, { imap_password: 'a brand new password' });

    expect(res.status).toBe(200);
    expect((await getMailboxOrThrow(getDb(), created.id)).imapPassword).toBe('a brand new password');
    const updated = (await mailboxEvents(created.id)).at(-1)!;
    expect(updated.payload).toMatchObject({ changes: ['imap_password'] });
    expect(JSON.stringify(updated.payload)).not.toContain('a brand new password');
    expect(JSON.stringify(updated.payload)).not.toContain(dovecot.password);
  });

  it('sends the stored password nowhere new: a changed host, port, user or TLS needs it again', async () => {
    const created = await newMailbox(onDovecot());
    expectValidationError(await patchMailbox(created.id, { imap_host: 'imap.elsewhere.example' }), [
      { field: 'imap_password', message: 'Give the password again when changing imap_host' },
    ]);
    expectValidationError(await patchMailbox(created.id, { imap_port: 2143, imap_tls: !created.imap_tls }), [
      { field: 'imap_password', message: 'Give the password again when changing imap_port, imap_tls' },
    ]);
    expect((await getMailboxOrThrow(getDb(), created.id)).imapHost).toBe(created.imap_host);
    // The same values, or a new password with them, are fine.
    expect((await patchMailbox(created.id, { imap_host: created.imap_host, imap_user: created.imap_user })).status).toBe(200);
    expect((await patchMailbox(created.id, { imap_host: 'imap.elsewhere.example', imap_password: 'given again' })).status).toBe(200);
  });

  it('refuses an IMAP host on a relay-only mailbox without user and password, and an empty body', async () => {
    const created = await newMailbox();
    expectValidationError(await patchMailbox(created.id, { imap_host: 'imap.example.com', imap_user: 'help' }), [
      { field: 'imap_password', message: 'Required when imap_host is set' },
    ]);
    expect((await patchMailbox(created.id, {})).status).toBe(400);
    expectValidationError(await patchMailbox(created.id, { department_id: 987_654 }), [
      { field: 'department_id', message: 'Department 987654 does not exist' },
    ]);
  });

  it('answers 409 for an address another mailbox has, and lets a mailbox keep its own in another case', async () => {
    const taken = await newMailbox();
    const created = await newMailbox();
    const message = `A mailbox with the address ${taken.address} already exists`;
    expectError(await patchMailbox(created.id, { address: taken.address }), fieldConflict('address', message));
    expect((await patchMailbox(created.id, { address: created.address.toUpperCase() })).status).toBe(200);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await patchMailbox(999_999, { name: 'Ghost' }), notFound);
  });
});

describe('DELETE /api/v1/mailboxes/{id}', () => {
  it('deletes the mailbox and keeps its tickets, and records mailbox.deleted', async () => {
    const created = await newMailbox();
    const ticket = await createTicket({ subject: 'Came by email' });
    await getDb().update(tickets).set({ mailboxId: created.id }).where(eq(tickets.id, ticket.id));

    const res = await call('DELETE', `/api/v1/mailboxes/${created.id}`, { key: adminKey });

    expect(res.status).toBe(204);
    expectError(await getMailbox(created.id), notFound);
    const [kept] = await getDb().select({ mailboxId: tickets.mailboxId }).from(tickets).where(eq(tickets.id, ticket.id));
    expect(kept).toEqual({ mailboxId: null });
    expect((await mailboxEvents(created.id)).map((e) => e.type)).toEqual(['mailbox.created', 'mailbox.deleted']);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await call('DELETE', '/api/v1/mailboxes/999999', { key: adminKey }), notFound);
  });
});

describe('POST /api/v1/mailboxes/{id}/rotate-token', () => {
  it('issues a new token, shown once, and forgets the old one', async () => {
    const created = await newMailbox();
    const res = await call<MailboxWithTokenJson>('POST', `/api/v1/mailboxes/${created.id}/rotate-token`, { key: adminKey });

    expect(res.status).toBe(200);
    expect(res.body.data.inbound_token).toMatch(/^ldmb_/);
    expect(res.body.data.inbound_token).not.toBe(created.inbound_token);
    const [row] = await getDb().select({ hash: mailboxes.inboundTokenHash }).from(mailboxes).where(eq(mailboxes.id, created.id));
    expect(row!.hash).toBe(createHash('sha256').update(res.body.data.inbound_token).digest('hex'));
    const rotated = (await mailboxEvents(created.id)).at(-1)!;
    expect(rotated.type).toBe('mailbox.token_rotated');
    expect(JSON.stringify(rotated.payload)).not.toContain(res.body.data.inbound_token);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await call('POST', '/api/v1/mailboxes/999999/rotate-token', { key: adminKey }), notFound);
  });
});

describe('POST /api/v1/mailboxes/{id}/test', () => {
  const test = (id: number) => call<MailboxTestJson>('POST', `/api/v1/mailboxes/${id}/test`, { key: adminKey });

  it('signs in to the IMAP server, opens the folder and reports IDLE', async () => {
    const created = await newMailbox(onDovecot());
    const res = await test(created.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { ok: true, error: null, idle: true } });
  });

  it('reports a wrong password and a missing folder, changing nothing', async () => {
    const wrong = await newMailbox({ ...onDovecot(), imap_password: 'not it' });
    expect((await test(wrong.id)).body.data).toEqual({
      ok: false,
      error: `Authentication failed for ${dovecot.user} at ${dovecot.host}: the IMAP server refused the user name or password`,
      idle: null,
    });
    const lost = await newMailbox({ ...onDovecot(), imap_folder: 'Nowhere' });
    const res = await test(lost.id);
    expect(res.body.data).toMatchObject({ ok: false, error: expect.stringContaining('Cannot open the folder "Nowhere"'), idle: null });
    expect((await getMailbox(lost.id)).body.data).toMatchObject({ last_checked_at: null, last_error: null });
  });

  it('answers 409 for a relay-only mailbox, and 404 for an unknown id', async () => {
    const relay = await newMailbox();
    expectError(await test(relay.id), {
      status: 409,
      code: 'CONFLICT',
      message: 'This mailbox has no IMAP host: it receives mail through the relay endpoint only, so there is no connection to test',
    });
    expectError(await test(999_999), notFound);
  });
});
