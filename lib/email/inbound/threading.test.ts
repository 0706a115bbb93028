import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { inboundEmails, outboundEmails, replies, type Mailbox } from '@/db/schema';
import { createAgent, createCustomer, createTicket, fixtureContext } from '@/lib/test/factories';
import { mergeTicket } from '@/lib/tickets/merge';
import { updateTicket } from '@/lib/tickets/service';
import { testMessage } from './corpus/corpus';
import { createTestMailbox, eventsOf, inboundRow, ticketOf } from './corpus/fixtures';
import { receiveEmail } from './receive';

let mailbox: Mailbox;
let counter = 0;

beforeAll(async () => {
  ({ mailbox } = await createTestMailbox({ address: 'help@acme.example' }));
});

const receive = (raw: Buffer) => receiveEmail(getDb(), mailbox, raw);

/** A ticket of a new customer, with an email of ours on it whose Message-ID a reply can name. */
async function ticketWithOurEmail(status: 'open' | 'resolved' | 'closed' = 'open', cc: string[] = []) {
  const email = `thread.${++counter}@customer.example`;
  const customer = await createCustomer({ first_name: 'Rosa', last_name: 'Parks', email });
  const ticket = await createTicket({ subject: 'Refund', customer_id: customer.id });
  if (cc.length > 0) await getDb().execute(sql`update tickets set cc = ${sql.param(cc)}::text[] where id = ${ticket.id}`);
  if (status !== 'open') await updateTicket(fixtureContext(), ticket.id, { status });
  const messageId = `<reply.${ticket.id}.${counter}@acme.example>`;
  await getDb()
    .insert(outboundEmails)
    .values({ kind: 'reply', ticketId: ticket.id, toAddresses: [email], messageId, status: 'sent' });
  return { ticket, customer, email, messageId };
}

describe('receiveEmail: threading', () => {
  it('adds a customer reply to the ticket whose email In-Reply-To names, with channel email and its events', async () => {
    const { ticket, customer, email, messageId } = await ticketWithOurEmail();
    const result = await receive(testMessage({ from: `Rosa <${email}>`, subject: 'Re: Refund', inReplyTo: messageId, text: 'Thanks, that worked.' }));

    expect(result).toEqual({ outcome: 'reply', duplicate: false, ticket_id: ticket.id, reply_id: expect.any(Number), reason: null });
    const after = await ticketOf(ticket.id);
    const reply = after.replies.find((r) => r.id === result.reply_id)!;
    expect(reply).toMatchObject({ content: 'Thanks, that worked.', type: 'public', channel: 'email', author: { type: 'customer', id: customer.id } });
    const updated = (await eventsOf('ticket', ticket.id)).filter((e) => e.type === 'ticket.updated').at(-1)!;
    expect(updated.payload).toMatchObject({ changes: ['replies'], reply: { id: reply.id, channel: 'email' } });
    expect(updated.requestId).toMatch(/^email-\d+$/);
  });

  it('continues the kept ticket when the customer answers an email of a duplicate merged into it, by header or by number', async () => {
    const duplicate = await ticketWithOurEmail();
    const kept = await createTicket({ subject: 'Refund (first report)', customer_id: duplicate.customer.id });
    await mergeTicket(fixtureContext(), duplicate.ticket.id, kept.id);

    const byHeader = await receive(testMessage({ from: duplicate.email, subject: 'Re: Refund', inReplyTo: duplicate.messageId, text: 'Any news?' }));
    expect(byHeader).toMatchObject({ outcome: 'reply', ticket_id: kept.id });
    const byNumber = await receive(testMessage({ from: duplicate.email, subject: `Re: Refund [${duplicate.ticket.number}]`, text: 'Still waiting.' }));
    expect(byNumber).toMatchObject({ outcome: 'reply', ticket_id: kept.id });
    expect((await ticketOf(duplicate.ticket.id)).status).toBe('closed');
  });

  it('follows References to a message we received earlier on the ticket', async () => {
    const first = await receive(testMessage({ from: 'Tom <tom@thread.example>', messageId: '<first.tom@thread.example>', subject: 'Printer' }));
    const second = await receive(
      testMessage({ from: 'tom@thread.example', subject: 'Re: Printer', references: ['<first.tom@thread.example>', '<unknown@elsewhere.example>'] }),
    );
    expect(second).toMatchObject({ outcome: 'reply', ticket_id: first.ticket_id });
  });

  it("never makes an agent's answer to a notification a customer reply on its ticket", async () => {
    const { ticket } = await ticketWithOurEmail();
    const agent = await createAgent({ email: 'agent.on.call@acme-staff.example' });
    const messageId = `<notification.${ticket.id}@acme.example>`;
    await getDb()
      .insert(outboundEmails)
      .values({
        kind: 'notification',
        reason: 'ticket_assigned',
        agentId: agent.id,
        ticketId: ticket.id,
        toAddresses: [agent.email],
        messageId,
        status: 'sent',
      });
    const before = (await ticketOf(ticket.id)).replies.length;

    const result = await receive(
      testMessage({
        from: agent.email,
        inReplyTo: messageId,
        references: [messageId],
        subject: `Re: [${ticket.number}] Refund`,
        text: 'Internal: refund approved',
      }),
    );

    expect(result.ticket_id).not.toBe(ticket.id);
    expect(result.outcome).not.toBe('reply');
    expect((await ticketOf(ticket.id)).replies).toHaveLength(before);
  });

  it('threads by a ticket number in the subject when the sender is the customer', async () => {
    const { ticket, email } = await ticketWithOurEmail();
    const result = await receive(testMessage({ from: email.toUpperCase(), subject: `Re: [${ticket.number}] Refund` }));
    expect(result).toMatchObject({ outcome: 'reply', ticket_id: ticket.id });
  });

  it("threads by subject for a Cc'd address, creating that sender as a customer", async () => {
    const { ticket } = await ticketWithOurEmail('open', ['Boss@Customer.example']);
    const result = await receive(testMessage({ from: 'The Boss <boss@customer.example>', subject: `[${ticket.number}] please hurry` }));
    expect(result).toMatchObject({ outcome: 'reply', ticket_id: ticket.id });
    const reply = (await ticketOf(ticket.id)).replies.find((r) => r.id === result.reply_id)!;
    expect(reply.author).toMatchObject({ type: 'customer', name: 'The Boss' });
  });

  it("opens a new ticket for a stranger's message carrying someone else's ticket number", async () => {
    const { ticket } = await ticketWithOurEmail();
    const result = await receive(testMessage({ from: 'stranger@elsewhere.example', subject: `[${ticket.number}] let me in` }));
    expect(result.outcome).toBe('ticket');
    expect(result.ticket_id).not.toBe(ticket.id);
  });

  it('reopens a resolved ticket when the customer replies, through the ticket service and its events', async () => {
    const { ticket, email, messageId } = await ticketWithOurEmail('resolved');
    await receive(testMessage({ from: email, inReplyTo: messageId, text: 'It broke again.' }));

    const after = await ticketOf(ticket.id);
    expect(after).toMatchObject({ status: 'open', reopen_count: 1 });
    const types = (await eventsOf('ticket', ticket.id)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['ticket.updated', 'ticket.updated', 'ticket.reopened']);
  });

  it('opens a new ticket for a reply to a closed ticket, and says why', async () => {
    const { ticket, email, messageId } = await ticketWithOurEmail('closed');
    const result = await receive(testMessage({ from: email, inReplyTo: messageId, subject: `Re: [${ticket.number}] Refund` }));

    expect(result.outcome).toBe('ticket');
    expect(result.ticket_id).not.toBe(ticket.id);
    expect(result.reason).toBe(`continues closed ticket ${ticket.id}: a closed ticket is never reopened, so this opens a new one`);
    expect((await ticketOf(ticket.id)).status).toBe('closed');
  });

  it('never reopens a resolved ticket for an auto-reply, which is stored as an unanswered reply', async () => {
    const { ticket, email, messageId } = await ticketWithOurEmail('resolved');
    const result = await receive(testMessage({ from: email, inReplyTo: messageId, subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' } }));

    expect(result).toMatchObject({ outcome: 'auto_reply', ticket_id: ticket.id, reply_id: expect.any(Number) });
    expect(result.reason).toBe('automatic message (Auto-Submitted: auto-replied): not answered; the ticket stays resolved');
    expect((await ticketOf(ticket.id)).status).toBe('resolved');
  });
});

describe('receiveEmail: idempotency', () => {
  it('makes one ticket of the same message delivered twice, and answers the second with the first one', async () => {
    const raw = testMessage({ from: 'twice@dup.example', messageId: '<twice@dup.example>' });
    const first = await receive(raw);
    const second = await receive(raw);
    expect(second).toEqual({ ...first, duplicate: true });
    const rows = await getDb().select().from(inboundEmails).where(eq(inboundEmails.messageId, '<twice@dup.example>'));
    expect(rows).toHaveLength(1);
  });

  it('makes one ticket of two concurrent deliveries of the same message', async () => {
    const raw = testMessage({ from: 'Race <race@dup.example>', messageId: '<race@dup.example>', subject: 'Concurrent' });
    const results = await Promise.all([receive(raw), receive(raw), receiveEmail(getDb(), null, raw)]);

    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticket_id)).size).toBe(1);
    const count = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from tickets where subject = 'Concurrent'`);
    expect(count[0]!.n).toBe(1);
  });

  it('makes one reply of a reply delivered twice at once', async () => {
    const { ticket, email, messageId } = await ticketWithOurEmail();
    const raw = testMessage({ from: email, inReplyTo: messageId, messageId: '<reply-race@dup.example>' });
    await Promise.all([receive(raw), receive(raw)]);
    const rows = await getDb().select().from(replies).where(eq(replies.ticketId, ticket.id));
    expect(rows.filter((r) => r.authorType === 'customer')).toHaveLength(1);
  });

  it('makes one customer of a new sender whose two messages arrive at once', async () => {
    const results = await Promise.all(['One', 'Two'].map((subject) => receive(testMessage({ from: 'Newcomer <newcomer@dup.example>', subject }))));
    expect(results.map((r) => r.outcome)).toEqual(['ticket', 'ticket']);
    const [a, b] = await Promise.all(results.map((r) => ticketOf(r.ticket_id)));
    expect(a!.customer!.id).toBe(b!.customer!.id);
  });

  it('knows a message without a Message-ID by the hash of its bytes', async () => {
    const raw = testMessage({ from: 'noid@dup.example', messageId: null, subject: 'No id' });
    const first = await receive(raw);
    expect(await receive(raw)).toEqual({ ...first, duplicate: true });
    const [row] = await getDb().select().from(inboundEmails).where(eq(inboundEmails.ticketId, first.ticket_id!));
    expect(row!.messageId).toMatch(/^<[0-9a-f]{64}@loopdesk\.invalid>$/);
    expect(await inboundRow(row!.messageId)).toBeDefined();
  });
});
