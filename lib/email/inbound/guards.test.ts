import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { customers, outboundEmails, tickets, type Mailbox } from '@/db/schema';
import { setSetting } from '@/lib/settings/service';
import { createCustomer, createTicket, fixtureContext } from '@/lib/test/factories';
import { readDeliveryReport } from './bounce';
import { corpusMessage, testMessage } from './corpus/corpus';
import { createTestMailbox, eventsOf, inboundRow, ticketOf } from './corpus/fixtures';
import { receiveEmail } from './receive';
import { nameOf, senderCustomerId } from './sender';

// With an SMTP server configured the outbound queue writes its rows (nothing is sent: no worker runs here).
vi.hoisted(() => {
  process.env.LOOPDESK_SMTP_URL = 'smtp://127.0.0.1:2525';
  process.env.LOOPDESK_MAIL_FROM = 'Acme Desk <desk@acme.example>';
});

let mailbox: Mailbox;

beforeAll(async () => {
  ({ mailbox } = await createTestMailbox({ address: 'support@acme.example' }));
  await createTestMailbox({ address: 'billing@acme.example' });
});

const receive = (raw: Buffer) => receiveEmail(getDb(), mailbox, raw);

async function acknowledgementsTo(address: string) {
  return getDb()
    .select()
    .from(outboundEmails)
    .where(and(eq(outboundEmails.kind, 'acknowledgement'), sql`${address} = any(${outboundEmails.toAddresses})`));
}

async function ticketCountFrom(address: string) {
  const rows = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from ${tickets} join ${customers} on customers.id = tickets.customer_id where lower(customers.email) = ${address}`,
  );
  return rows[0]!.n;
}

describe('receiveEmail: loops', () => {
  it.each([
    ['a mailbox address', 'Support <SUPPORT@acme.example>'],
    ["another mailbox's address", 'billing@acme.example'],
    ['the LOOPDESK_MAIL_FROM address', 'Acme Desk <desk@acme.example>'],
  ])('refuses a message from %s and makes nothing', async (_, from) => {
    const messageId = `<loop.${from.length}@acme.example>`;
    const result = await receive(testMessage({ from, messageId, subject: 'Re: [TKT-2026-000001] hello' }));
    const address = from.replace(/^.*</, '').replace(/>$/, '').toLowerCase();
    expect(result).toEqual({ outcome: 'refused', duplicate: false, ticket_id: null, reply_id: null, reason: `loop: sent from our own address ${address}` });
    expect(await inboundRow(messageId)).toMatchObject({ outcome: 'refused', ticketId: null });
    expect(await ticketCountFrom(address)).toBe(0);
  });
});

describe('receiveEmail: automatic messages', () => {
  it('stores an auto-reply as a ticket that is never answered', async () => {
    await setSetting(fixtureContext(), 'email_acknowledgement', true);
    const result = await receive(corpusMessage('auto-reply'));

    expect(result).toMatchObject({ outcome: 'auto_reply', ticket_id: expect.any(Number), reply_id: null });
    expect(result.reason).toBe('automatic message (Auto-Submitted: auto-replied): not answered');
    expect((await ticketOf(result.ticket_id)).channel).toBe('email');
    expect(await acknowledgementsTo('ada.lovelace@analytical.example')).toEqual([]);
  });

  it.each([
    ['Precedence', 'bulk', 'Precedence: bulk'],
    ['Precedence', 'list', 'Precedence: list'],
    ['X-Autoreply', 'yes', 'X-Autoreply'],
    ['X-Autorespond', 'Out of office', 'X-Autorespond'],
    ['Auto-Submitted', 'auto-generated', 'Auto-Submitted: auto-generated'],
    ['Return-Path', '<>', 'Return-Path: <>'],
  ])('treats %s: %s as automatic', async (name, value, reason) => {
    const result = await receive(testMessage({ from: `robot.${name.length}.${value.length}@lists.example`, headers: { [name]: value } }));
    expect(result.outcome).toBe('auto_reply');
    expect(result.reason).toBe(`automatic message (${reason}): not answered`);
  });

  it('never answers a bounce from a mailer-daemon that carries no delivery status report', async () => {
    await setSetting(fixtureContext(), 'email_acknowledgement', true);
    const result = await receive(
      testMessage({ from: 'Mail Delivery System <MAILER-DAEMON@mx.client.example>', subject: 'Undelivered Mail Returned to Sender' }),
    );
    expect(result.outcome).toBe('auto_reply');
    expect(result.reason).toBe('automatic message (From: mailer-daemon@mx.client.example): not answered');
    expect(await acknowledgementsTo('mailer-daemon@mx.client.example')).toEqual([]);
  });

  it('answers a message with Auto-Submitted: no as a person', async () => {
    const result = await receive(testMessage({ from: 'person@people.example', headers: { 'Auto-Submitted': 'no' } }));
    expect(result.outcome).toBe('ticket');
  });
});

describe('receiveEmail: bounces', () => {
  it('reads a delivery status report', () => {
    expect(readDeliveryReport(corpusMessage('bounce-dsn'))).toEqual({
      recipients: [
        {
          address: 'gone@customer.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: 'smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown',
        },
      ],
      originalMessageId: '<reply.1.bounce-test@acme.example>',
    });
    expect(readDeliveryReport(corpusMessage('plain-text'))).toBeNull();
  });

  it("marks the customer's address as bouncing and the bounced email as failed, and makes no ticket", async () => {
    const customer = await createCustomer({ email: 'Gone@Customer.example' });
    const ticket = await createTicket({ subject: 'Your order', customer_id: customer.id });
    await getDb()
      .insert(outboundEmails)
      .values({ kind: 'reply', ticketId: ticket.id, toAddresses: ['Gone@Customer.example'], messageId: '<reply.1.bounce-test@acme.example>', status: 'sent' });
    const before = await ticketCountFrom('gone@customer.example');

    const result = await receive(corpusMessage('bounce-dsn'));

    const reason = 'bounced: gone@customer.example: 5.1.1 smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown';
    expect(result).toEqual({ outcome: 'bounce', duplicate: false, ticket_id: null, reply_id: null, reason });
    const [row] = await getDb().select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.emailBouncedAt).toBeInstanceOf(Date);
    expect(row!.emailBounceReason).toBe('5.1.1 smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown');
    const [email] = await getDb().select().from(outboundEmails).where(eq(outboundEmails.messageId, '<reply.1.bounce-test@acme.example>'));
    expect(email).toMatchObject({ status: 'failed', error: reason });
    expect(await ticketCountFrom('gone@customer.example')).toBe(before);
    expect(await ticketCountFrom('mailer-daemon@mx.customer.example')).toBe(0);
    expect((await eventsOf('customer', customer.id)).at(-1)).toMatchObject({
      type: 'customer.updated',
      payload: { changes: ['email_bounced_at', 'email_bounce_reason'] },
    });
  });
});

/** The corpus report, about `recipient` and the email `messageId`, with a Message-ID of its own. */
function bounceReport(recipient: string, messageId: string | null): Buffer {
  let text = corpusMessage('bounce-dsn')
    .toString('latin1')
    .replace('<20260311080000.DSN.0010@mx.customer.example>', `<dsn.${++reports}@mx.customer.example>`)
    .replaceAll(/gone@customer\.example/gi, recipient);
  text =
    messageId === null
      ? text.replace(/^Message-ID: <reply\.1\.bounce-test@acme\.example>\r?\n/m, '')
      : text.replace('<reply.1.bounce-test@acme.example>', messageId);
  return Buffer.from(text, 'latin1');
}
let reports = 0;

async function bouncedCustomer(email: string) {
  const customer = await createCustomer({ email });
  const ticket = await createTicket({ subject: 'Your order', customer_id: customer.id });
  const messageId = `<reply.${ticket.id}.bounce@acme.example>`;
  await getDb()
    .insert(outboundEmails)
    .values({ kind: 'reply', ticketId: ticket.id, toAddresses: [email], messageId, status: 'sent' });
  expect((await receive(bounceReport(email, messageId))).outcome).toBe('bounce');
  return { customer, ticket, messageId };
}

const customerRow = async (id: number) => (await getDb().select().from(customers).where(eq(customers.id, id)))[0]!;

describe('receiveEmail: forged bounces', () => {
  const ignored = 'not a report about mail we sent';

  it.each([
    ['names a Message-ID we never sent', '<forged.1@acme.example>'],
    ['returns no headers of the bounced message', null],
  ])('changes nothing for a report that %s', async (_, messageId) => {
    const victim = await createCustomer({ email: `victim.${messageId?.length ?? 0}@customer.example` });
    const result = await receive(bounceReport(victim.email, messageId));

    expect(result).toEqual({ outcome: 'bounce', duplicate: false, ticket_id: null, reply_id: null, reason: ignored });
    expect(await customerRow(victim.id)).toMatchObject({ emailBouncedAt: null, emailBounceReason: null });
    expect((await eventsOf('customer', victim.id)).map((e) => e.type)).toEqual(['customer.created']);
  });

  it('changes nothing for a report about our email naming a recipient that email was not sent to', async () => {
    const victim = await createCustomer({ email: 'victim.cc@customer.example' });
    const ticket = await createTicket({ subject: 'Someone else', customer_id: (await createCustomer({ email: 'other@customer.example' })).id });
    const messageId = `<reply.${ticket.id}.other@acme.example>`;
    await getDb()
      .insert(outboundEmails)
      .values({
        kind: 'reply',
        ticketId: ticket.id,
        toAddresses: ['other@customer.example'],
        ccAddresses: ['boss@customer.example'],
        messageId,
        status: 'sent',
      });

    expect((await receive(bounceReport(victim.email, messageId))).reason).toBe(ignored);
    expect(await customerRow(victim.id)).toMatchObject({ emailBouncedAt: null, emailBounceReason: null });
    const [email] = await getDb().select().from(outboundEmails).where(eq(outboundEmails.messageId, messageId));
    expect(email).toMatchObject({ status: 'sent', error: null });
  });

  it("acts on a report about a Cc'd recipient of our email", async () => {
    const boss = await createCustomer({ email: 'Boss.Cc@customer.example' });
    const ticket = await createTicket({ subject: 'Copied', customer_id: (await createCustomer({ email: 'copied@customer.example' })).id });
    const messageId = `<reply.${ticket.id}.cc@acme.example>`;
    await getDb()
      .insert(outboundEmails)
      .values({
        kind: 'reply',
        ticketId: ticket.id,
        toAddresses: ['copied@customer.example'],
        ccAddresses: ['Boss.Cc@customer.example'],
        messageId,
        status: 'sent',
      });

    expect((await receive(bounceReport('boss.cc@customer.example', messageId))).reason).toMatch(/^bounced: boss\.cc@customer\.example: 5\.1\.1 /);
    expect((await customerRow(boss.id)).emailBouncedAt).toBeInstanceOf(Date);
  });

  it('clears the bounce when a message from the address arrives, with a customer.updated event', async () => {
    const { customer } = await bouncedCustomer('back.again@customer.example');
    expect((await customerRow(customer.id)).emailBouncedAt).toBeInstanceOf(Date);

    const result = await receive(testMessage({ from: 'Back Again <Back.Again@customer.example>', subject: 'My mailbox works again' }));

    expect(result.outcome).toBe('ticket');
    expect(await customerRow(customer.id)).toMatchObject({ emailBouncedAt: null, emailBounceReason: null });
    const last = (await eventsOf('customer', customer.id)).at(-1)!;
    expect(last).toMatchObject({
      type: 'customer.updated',
      payload: { changes: ['email_bounced_at', 'email_bounce_reason'], after: { email_bounced_at: null, email_bounce_reason: null } },
    });
    // Only a bounce to clear writes an event.
    await receive(testMessage({ from: 'back.again@customer.example', subject: 'And again' }));
    expect((await eventsOf('customer', customer.id)).filter((e) => e.type === 'customer.updated')).toHaveLength(2);
  });
});

describe('receiveEmail: sender names', () => {
  it('cuts a long display name between characters, never inside one', async () => {
    const name = `a${'\u{1F600}'.repeat(60)}`;
    const from = `=?UTF-8?B?${Buffer.from(name).toString('base64')}?= <emoji@names.example>`;
    const result = await receive(testMessage({ from, subject: 'Smiles' }));

    expect(result.outcome).toBe('ticket');
    const { customer } = await ticketOf(result.ticket_id);
    const [row] = await getDb().select().from(customers).where(eq(customers.id, customer!.id));
    expect(row!.firstName).toBe(`a${'\u{1F600}'.repeat(49)}`);
    expect(nameOf({ address: 'x@names.example', name })).toEqual({ first: `a${'\u{1F600}'.repeat(49)}`, last: '' });
  });

  it("names the customer after the address's local part when the display name is not valid text", async () => {
    const id = await senderCustomerId(fixtureContext(), { address: 'nul.name@names.example', name: 'Bad\u0000Name' });
    const [row] = await getDb().select().from(customers).where(eq(customers.id, id));
    expect(row).toMatchObject({ firstName: 'nul.name', lastName: '' });
  });
});

describe('receiveEmail: sender limit and acknowledgements', () => {
  it('acknowledges a new ticket at most once per sender per hour, when the setting is on', async () => {
    await setSetting(fixtureContext(), 'email_acknowledgement', true);
    const first = await receive(testMessage({ from: 'Ack <ack@ack.example>', subject: 'One', messageId: '<one@ack.example>' }));
    await receive(testMessage({ from: 'ack@ack.example', subject: 'Two' }));

    const acks = await acknowledgementsTo('ack@ack.example');
    expect(acks).toHaveLength(1);
    // Threaded under the message it answers.
    expect(acks[0]).toMatchObject({ ticketId: first.ticket_id, status: 'queued', inReplyTo: '<one@ack.example>' });
  });

  it('sends no acknowledgement when the setting is off', async () => {
    await setSetting(fixtureContext(), 'email_acknowledgement', false);
    await receive(testMessage({ from: 'quiet@ack.example' }));
    expect(await acknowledgementsTo('quiet@ack.example')).toEqual([]);
  });

  it('stores tickets beyond the per-sender hourly limit without acknowledging them', async () => {
    await setSetting(fixtureContext(), 'email_acknowledgement', true);
    await setSetting(fixtureContext(), 'email_tickets_per_sender_per_hour', 2);
    const results = [];
    for (const subject of ['a', 'b', 'c']) results.push(await receive(testMessage({ from: 'flood@spam.example', subject })));

    expect(results.map((r) => r.outcome)).toEqual(['ticket', 'ticket', 'ticket']);
    expect(results.map((r) => r.reason)).toEqual([null, null, 'more than 2 new tickets from flood@spam.example in the last hour: stored, no one notified']);
    expect(await ticketCountFrom('flood@spam.example')).toBe(3);
    expect(await acknowledgementsTo('flood@spam.example')).toHaveLength(1);
    await setSetting(fixtureContext(), 'email_tickets_per_sender_per_hour', 20);
  });
});
