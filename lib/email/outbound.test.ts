import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { customers, inboundEmails, mailboxes, outboundEmails } from '@/db/schema';
import { createTicketSchema, type ReplyJson, type TicketJson } from '@/lib/tickets/schema';
import { createTicket as createTicketService } from '@/lib/tickets/service';
import { call } from '@/lib/test/api';
import { expectError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createCustomer, createDepartment, createKey, fixtureContext, uniqueEmail } from '@/lib/test/factories';
import { base64 } from '@/lib/test/files';
import { webHeaders } from '@/lib/test/session';
import { until, type CapturedMail } from '@/lib/test/smtp-capture';
import type { ReplyEmailJson } from './schema';
import { MAX_EMAIL_ATTEMPTS, sendOutboundEmails, startEmailWorker } from './worker';

// Configuration is read once per test file: the SMTP server has to be listening, and its address
// in the environment, before anything reads it.
const smtp = await vi.hoisted(async () => {
  const { startSmtpCapture } = await import('@/lib/test/smtp-capture');
  const capture = await startSmtpCapture();
  process.env.LOOPDESK_SMTP_URL = capture.url;
  process.env.LOOPDESK_MAIL_FROM = 'Loopdesk Desk <desk@loopdesk.test>';
  // Over http, so the test's session cookies keep their plain name.
  process.env.LOOPDESK_PUBLIC_URL = 'http://help.acme.test';
  return capture;
});

afterAll(() => smtp.close());

let agent: Awaited<ReturnType<typeof createAgent>>;
let agentKey: string;
let adminKey: string;
let mailboxId: number;

beforeAll(async () => {
  agent = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  agentKey = await createKey('write', {}, agent.id);
  adminKey = await createKey('admin');
  const [mailbox] = await getDb()
    .insert(mailboxes)
    .values({
      name: 'Support',
      address: 'support@acme.test',
      fromName: 'Acme Support',
      inboundTokenHash: randomBytes(16).toString('hex'),
      inboundTokenPrefix: 'ldin_x',
    })
    .returning();
  mailboxId = mailbox!.id;
});

beforeEach(() => {
  smtp.received.length = 0;
  smtp.answerWith(() => 'accept');
});

/** An emailed ticket: from a customer, through the mailbox, with a Cc, and the customer's first message recorded. */
async function emailedTicket(preferences: { email_notifications?: boolean } = {}) {
  const customer = await createCustomer({ first_name: 'John', last_name: 'Smith', preferences });
  const ticket = await createTicketService(
    { ...fixtureContext(), channel: 'email' },
    { ...createTicketSchema.parse({ subject: 'Cannot sign in', customer_id: customer.id }), cc: ['boss@customer.test'], mailboxId },
  );
  const firstMessageId = `<first.${ticket.id}@customer.test>`;
  await getDb()
    .insert(inboundEmails)
    .values({ messageId: firstMessageId, mailboxId, fromAddress: customer.email, subject: ticket.subject, size: 100, outcome: 'ticket', ticketId: ticket.id });
  return { ticket, customer, firstMessageId };
}

const postReply = (ticketId: number, body: Record<string, unknown>, key = agentKey) =>
  call<ReplyJson>('POST', `/api/v1/tickets/${ticketId}/replies`, { key, body: { content: 'On it', ...body } });
const getTicket = (id: number) => call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: adminKey });
const resend = (ticketId: number, replyId: number) => call<ReplyEmailJson>('POST', `/api/v1/tickets/${ticketId}/replies/${replyId}/email`, { key: agentKey });

/** Runs the worker's work for every queued email once, as its jobs would. */
async function sendQueued() {
  const queued = await getDb().select({ id: outboundEmails.id }).from(outboundEmails).where(eq(outboundEmails.status, 'queued'));
  await sendOutboundEmails(
    getDb(),
    queued.map((q) => q.id),
  );
}

const replyEmailRow = async (replyId: number) =>
  (
    await getDb()
      .select()
      .from(outboundEmails)
      .where(and(eq(outboundEmails.replyId, replyId), eq(outboundEmails.kind, 'reply')))
  )[0];

const byMessageId = (id: string) => smtp.received.find((m) => m.mail.messageId === id);
const addresses = (field: CapturedMail['mail']['to']) => (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

describe("an agent's public reply", () => {
  it("is emailed to the customer and Cc from the mailbox, with both parts, the attachments and the customer's thread", async () => {
    const { ticket, customer, firstMessageId } = await emailedTicket();
    const pdf = new TextEncoder().encode('%PDF-1.4\nsteps\n%%EOF\n');
    const content = 'Hello John,\n\nReset it at https://acme.test/reset?a=1&b=2.\nThen sign in <again>.';
    const res = await postReply(ticket.id, { content, attachments: [{ filename: 'steps.pdf', content: base64(pdf) }] });
    expect(res.status).toBe(201);
    const email = res.body.data.email!;
    expect(email).toEqual({ status: 'queued', message_id: expect.stringMatching(/^<reply\.\d+\.[0-9a-f-]+@acme\.test>$/), error: null, sent_at: null });

    await sendQueued();
    const mail = byMessageId(email.message_id)!.mail;
    expect(mail.from?.value).toEqual([{ name: 'Acme Support', address: 'support@acme.test' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'support@acme.test' }]);
    expect(addresses(mail.to)).toEqual([customer.email]);
    expect(addresses(mail.cc)).toEqual(['boss@customer.test']);
    expect(mail.subject).toBe(`Re: [${ticket.number}] Cannot sign in`);
    expect(mail.inReplyTo).toBe(firstMessageId);
    expect(mail.references).toBe(firstMessageId);
    expect(mail.text).toBe(content);
    expect(mail.html).toContain('<p>Hello John,</p>');
    expect(mail.html).toContain('<a href="https://acme.test/reset?a=1&amp;b=2">https://acme.test/reset?a=1&amp;b=2</a>.<br>');
    expect(mail.html).toContain('Then sign in &lt;again&gt;.');
    expect(mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, bytes: new Uint8Array(a.content) }))).toEqual([
      { filename: 'steps.pdf', contentType: 'application/pdf', bytes: pdf },
    ]);

    const after = await getTicket(ticket.id);
    expect(after.body.data.replies.at(-1)!.email).toEqual({ ...email, status: 'sent', sent_at: expect.stringMatching(isoSeconds) });

    // The next reply continues the same thread: the customer's message, then ours.
    const second = await postReply(ticket.id, { content: 'Did that work?' });
    await sendQueued();
    const next = byMessageId(second.body.data.email!.message_id)!.mail;
    expect(next.inReplyTo).toBe(firstMessageId);
    expect(next.references).toEqual([firstMessageId, email.message_id]);
  });

  it('is sent by the pg-boss worker as soon as the reply commits', async () => {
    const worker = await startEmailWorker({ pollingIntervalSeconds: 1 });
    try {
      const { ticket } = await emailedTicket();
      const res = await postReply(ticket.id, { content: 'Sent by the worker' });
      await until(() => Boolean(byMessageId(res.body.data.email!.message_id)), 15_000);
      await until(async () => (await replyEmailRow(res.body.data.id))?.status === 'sent');
    } finally {
      await worker.stop();
    }
  });

  it('is never sent for an internal note, nor to a customer who turned email notifications off', async () => {
    const { ticket } = await emailedTicket();
    const note = await call<ReplyJson>('POST', `/api/v1/tickets/${ticket.id}/comments`, { key: agentKey, body: { content: 'Internal only' } });
    expect(note.status).toBe(201);
    expect(note.body.data.email).toBeNull();
    const internal = await postReply(ticket.id, { content: 'Also internal', type: 'internal' });
    expect(internal.body.data.email).toBeNull();

    const optedOut = await emailedTicket({ email_notifications: false });
    const reply = await postReply(optedOut.ticket.id, { content: 'Not emailed' });
    expect(reply.status).toBe(201);
    expect(reply.body.data.email).toBeNull();

    const rows = await getDb().select().from(outboundEmails).where(sql`${outboundEmails.ticketId} in (${ticket.id}, ${optedOut.ticket.id})`);
    expect(rows).toEqual([]);
    await sendQueued();
    expect(smtp.received).toEqual([]);
  });

  it('is retried after a 451 and sent on a later attempt, under the same Message-ID', async () => {
    const { ticket } = await emailedTicket();
    const firstAttempt = smtp.attempts;
    smtp.answerWith((n) => (n === firstAttempt ? { code: 451, message: 'Greylisted, try again later' } : 'accept'));
    const res = await postReply(ticket.id, { content: 'Greylisted at first' });
    const replyId = res.body.data.id;

    await sendQueued();
    const retrying = (await replyEmailRow(replyId))!;
    expect(retrying).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringContaining('451 Greylisted, try again later') });
    expect(retrying.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await getTicket(ticket.id)).body.data.replies.at(-1)!.email).toEqual({
      status: 'queued',
      message_id: res.body.data.email!.message_id,
      error: expect.stringContaining('451'),
      sent_at: null,
    });

    // A job run again before the retry is due sends nothing.
    await sendOutboundEmails(getDb(), [retrying.id]);
    expect(smtp.received).toEqual([]);

    // The minute passes.
    await getDb().update(outboundEmails).set({ nextAttemptAt: new Date() }).where(eq(outboundEmails.id, retrying.id));
    await sendOutboundEmails(getDb(), [retrying.id]);
    expect(smtp.received.map((m) => m.mail.messageId)).toEqual([res.body.data.email!.message_id]);
    expect(await replyEmailRow(replyId)).toMatchObject({ status: 'sent', attempts: 2, error: null });
  });

  it("fails at once after a 550 with the server's message, and is sent again on resend with the same Message-ID", async () => {
    const { ticket } = await emailedTicket();
    smtp.answerWith(() => ({ code: 550, message: 'Mailbox unavailable' }));
    const res = await postReply(ticket.id, { content: 'Refused' });
    const replyId = res.body.data.id;
    const messageId = res.body.data.email!.message_id;
    await sendQueued();
    expect((await getTicket(ticket.id)).body.data.replies.at(-1)!.email).toEqual({
      status: 'failed',
      message_id: messageId,
      error: expect.stringContaining('550 Mailbox unavailable'),
      sent_at: null,
    });

    smtp.answerWith(() => 'accept');
    const resent = await resend(ticket.id, replyId);
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ success: true, data: { status: 'queued', message_id: messageId, error: null, sent_at: null } });
    expectError(await resend(ticket.id, replyId), { status: 409, code: 'CONFLICT', message: "This reply's email is already queued" });

    await sendQueued();
    expect(smtp.received.map((m) => m.mail.messageId)).toEqual([messageId]);
    expectError(await resend(ticket.id, replyId), { status: 409, code: 'CONFLICT', message: "This reply's email is already sent" });

    const [event] = await getDb().execute<{ payload: { reply_id: number } }>(
      sql`select payload from events where type = 'ticket.email_resent' and resource_id = ${ticket.id}`,
    );
    expect(event!.payload.reply_id).toBe(replyId);
  });

  it('gives a send up as a temporary failure when the SMTP server does not answer before the claim lapses', async () => {
    const { ticket } = await emailedTicket();
    const first = smtp.attempts;
    smtp.answerWith((n) => (n === first ? 'hold' : 'accept'));
    const res = await postReply(ticket.id, { content: 'Into a tarpit' });
    const row = (await replyEmailRow(res.body.data.id))!;

    await sendOutboundEmails(getDb(), [row.id], { claimSeconds: 4 });
    expect(await replyEmailRow(res.body.data.id)).toMatchObject({ status: 'queued', attempts: 1, error: 'No answer from the SMTP server within 2 s' });
  }, 20_000);

  it('fails an email whose attempts never finished once they are used up, without sending it again', async () => {
    const { ticket } = await emailedTicket();
    const res = await postReply(ticket.id, { content: 'Every attempt died' });
    const row = (await replyEmailRow(res.body.data.id))!;
    // As if each attempt so far had killed its worker mid-send.
    await getDb().update(outboundEmails).set({ attempts: MAX_EMAIL_ATTEMPTS }).where(eq(outboundEmails.id, row.id));
    const before = smtp.attempts;

    await sendOutboundEmails(getDb(), [row.id]);
    expect(smtp.attempts).toBe(before);
    expect(await replyEmailRow(res.body.data.id)).toMatchObject({ status: 'failed', attempts: MAX_EMAIL_ATTEMPTS + 1 });
  });

  it("is resent to the customer's address as it is now", async () => {
    const { ticket, customer } = await emailedTicket();
    smtp.answerWith(() => ({ code: 550, message: 'Mailbox unavailable' }));
    const res = await postReply(ticket.id, { content: 'To the old address' });
    await sendQueued();
    smtp.answerWith(() => 'accept');
    const corrected = uniqueEmail('john.corrected');
    await getDb().update(customers).set({ email: corrected }).where(eq(customers.id, customer.id));

    expect((await resend(ticket.id, res.body.data.id)).status).toBe(202);
    await sendQueued();
    expect(smtp.received.at(-1)!.envelope.to).toEqual([corrected, 'boss@customer.test']);
  });

  it('is not resent to an address that has bounced since it failed', async () => {
    const { ticket, customer } = await emailedTicket();
    smtp.answerWith(() => ({ code: 550, message: 'Mailbox unavailable' }));
    const res = await postReply(ticket.id, { content: 'Refused' });
    await sendQueued();
    smtp.answerWith(() => 'accept');
    await getDb().update(customers).set({ emailBouncedAt: new Date(), emailBounceReason: '5.1.1 user unknown' }).where(eq(customers.id, customer.id));

    expectError(await resend(ticket.id, res.body.data.id), {
      status: 409,
      code: 'CONFLICT',
      message: `Mail to ${customer.email} bounced: the reply cannot be emailed`,
    });
    expect((await getTicket(ticket.id)).body.data.replies.at(-1)!.email!.status).toBe('failed');
  });

  it('cannot be resent for an unknown ticket or reply, an internal note or a reply of the customer', async () => {
    const { ticket } = await emailedTicket();
    const note = await postReply(ticket.id, { content: 'Note', type: 'internal' });
    const own = await postReply(ticket.id, { content: 'From the customer', author_type: 'customer' }, adminKey);
    expectError(await resend(999_999, note.body.data.id), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expectError(await resend(ticket.id, 999_999), { status: 404, code: 'NOT_FOUND', message: 'Reply not found' });
    expectError(await resend(ticket.id, note.body.data.id), {
      status: 409,
      code: 'CONFLICT',
      message: 'This reply is an internal note: internal notes are never emailed',
    });
    expectError(await resend(ticket.id, own.body.data.id), {
      status: 409,
      code: 'CONFLICT',
      message: "This reply is the customer's own: it is not emailed back to them",
    });
  });
});

describe('agent notifications', () => {
  it('tell an agent of a ticket assigned to them and of a customer reply on it, as their preferences say', async () => {
    const assignee = await createAgent({ first_name: 'Ada', last_name: 'Lovelace', email: uniqueEmail('ada') });
    const { ticket } = await emailedTicket();
    const assign = (agentId: number, key = agentKey) => call('PUT', `/api/v1/tickets/${ticket.id}/assign`, { key, body: { agent_id: agentId } });

    expect((await assign(assignee.id)).status).toBe(200);
    await sendQueued();
    const assigned = smtp.received.filter((m) => addresses(m.mail.to).includes(assignee.email));
    expect(assigned.map((m) => m.mail.subject)).toEqual([`[${ticket.number}] Assigned to you: Cannot sign in`]);
    expect(assigned[0]!.mail.text).toContain(`http://help.acme.test/tickets/${ticket.id}`);
    expect(assigned[0]!.mail.from?.value).toEqual([{ name: 'Loopdesk Desk', address: 'desk@loopdesk.test' }]);
    expect(assigned[0]!.mail.headers.get('auto-submitted')).toBe('auto-generated');

    smtp.received.length = 0;
    const customerReply = await postReply(ticket.id, { content: 'Still broken', author_type: 'customer' }, adminKey);
    expect(customerReply.body.data.email).toBeNull();
    await sendQueued();
    expect(smtp.received.map((m) => [addresses(m.mail.to), m.mail.subject])).toEqual([
      [[assignee.email], `[${ticket.number}] Customer replied: Cannot sign in`],
    ]);
    expect(smtp.received[0]!.mail.text).toContain('Still broken');

    // Switched off in the agent's profile: no more of those.
    const headers = await webHeaders(assignee.id);
    const put = await call('PUT', '/api/v1/me/notifications', { headers, body: { customer_replied: false, ticket_assigned: false } });
    expect(put.body).toEqual({
      success: true,
      data: {
        ticket_assigned: false,
        customer_replied: false,
        new_ticket_in_department: false,
        in_app: { mention: true, assigned: true, customer_replied: true, sla_warning: true, sla_breached: true },
      },
    });
    expect((await call('GET', '/api/v1/me/notifications', { headers })).body.data).toEqual(put.body.data);
    smtp.received.length = 0;
    await postReply(ticket.id, { content: 'Hello?', author_type: 'customer' }, adminKey);
    await assign(agent.id);
    await assign(assignee.id);
    await sendQueued();
    expect(smtp.received.filter((m) => addresses(m.mail.to).includes(assignee.email))).toEqual([]);
  });

  it('do not tell an agent of a ticket they assigned to themselves', async () => {
    const { ticket } = await emailedTicket();
    smtp.received.length = 0;
    await call('PUT', `/api/v1/tickets/${ticket.id}/assign`, { key: agentKey, body: { agent_id: agent.id } });
    await sendQueued();
    expect(smtp.received).toEqual([]);
  });

  it("tell the department's agents who asked for it of a new ticket there", async () => {
    const department = await createDepartment();
    const keen = await createAgent({ email: uniqueEmail('keen'), department_ids: [department.id] });
    const quiet = await createAgent({ email: uniqueEmail('quiet'), department_ids: [department.id] });
    const keenPut = await call('PUT', '/api/v1/me/notifications', { headers: await webHeaders(keen.id), body: { new_ticket_in_department: true } });
    expect(keenPut.body).toEqual({
      success: true,
      data: {
        ticket_assigned: true,
        customer_replied: true,
        new_ticket_in_department: true,
        in_app: { mention: true, assigned: true, customer_replied: true, sla_warning: true, sla_breached: true },
      },
    });
    const created = await call<TicketJson>('POST', '/api/v1/tickets', { key: adminKey, body: { subject: 'Printer on fire', department_id: department.id } });
    expect(created.status).toBe(201);
    await sendQueued();
    expect(smtp.received.map((m) => [addresses(m.mail.to), m.mail.subject])).toEqual([
      [[keen.email], `[${created.body.data.number}] New ticket in ${department.name}: Printer on fire`],
    ]);
    expect(smtp.received.some((m) => addresses(m.mail.to).includes(quiet.email))).toBe(false);
  });
});
