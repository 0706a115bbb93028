import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { customers, outboundEmails, tickets } from '@/db/schema';
import type { CustomerJson } from '@/lib/customers/schema';
import { setSetting } from '@/lib/settings/service';
import { call, send } from '@/lib/test/api';
import { startDovecot, type Dovecot } from '@/lib/test/dovecot';
import { createAgent, createCustomer, createKey, fixtureContext, uniqueEmail } from '@/lib/test/factories';
import { downloadPath } from '@/lib/test/files';
import type { ReplyJson, TicketJson } from '@/lib/tickets/schema';
import { fetchMailboxOnce } from './imap';
import { corpusMessage, testMessage } from './inbound/corpus/corpus';
import { createMailbox, getMailboxOrThrow } from './mailboxes';
import { createMailboxSchema } from './schema';

// Configuration is read once per test file: with an SMTP server configured, acknowledgements and
// agents' replies are queued as outbound emails (nothing is sent: no email worker runs here).
vi.hoisted(() => {
  process.env.LOOPDESK_SMTP_URL = 'smtp://127.0.0.1:2525';
});

let dovecot: Dovecot;
let adminKey: string;
let agentKey: string;
let counter = 0;

beforeAll(async () => {
  dovecot = await startDovecot();
  adminKey = await createKey('admin');
  agentKey = await createKey('write', {}, (await createAgent()).id);
  // On, so that an acknowledgement left out is one the intake chose not to send.
  await setSetting(fixtureContext(), 'email_acknowledgement', true);
});

afterAll(async () => {
  await dovecot?.stop();
});

/** A mailbox on the test's Dovecot, reading a folder of its own so that tests never see each other's mail. */
async function newMailbox() {
  const folder = `Corpus${++counter}`;
  await dovecot.createFolder(folder);
  const created = await createMailbox(
    fixtureContext(),
    createMailboxSchema.parse({
      name: `Corpus ${counter}`,
      address: `support-${counter}@acme.example`,
      imap_host: dovecot.host,
      imap_port: dovecot.port,
      imap_tls: false,
      imap_user: dovecot.user,
      imap_password: dovecot.password,
      imap_folder: folder,
    }),
  );
  return { folder, mailbox: await getMailboxOrThrow(getDb(), created.id) };
}

/** Every message of the folder carries \Seen. */
async function allSeen(folder: string): Promise<boolean> {
  const flags = await dovecot.flags(folder);
  return flags.size > 0 && [...flags.values()].every((f) => f.has('\\Seen'));
}

const messageId = (tag: string) => `<${tag}.${randomBytes(6).toString('hex')}@customer.example>`;

async function getTicket(id: number | null): Promise<TicketJson> {
  if (id === null) throw new Error('no ticket was made');
  const res = await call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: adminKey });
  expect(res.status).toBe(200);
  return res.body.data;
}

async function getCustomer(id: number): Promise<CustomerJson> {
  const res = await call<CustomerJson>('GET', `/api/v1/customers/${id}`, { key: adminKey });
  expect(res.status).toBe(200);
  return res.body.data;
}

const ticketCount = async () => (await getDb().select({ n: sql<number>`count(*)::int` }).from(tickets))[0]!.n;

const customerByEmail = async (address: string) => (await getDb().select().from(customers).where(sql`lower(${customers.email}) = ${address}`))[0];

const acknowledgementsTo = (address: string) =>
  getDb()
    .select()
    .from(outboundEmails)
    .where(and(eq(outboundEmails.kind, 'acknowledgement'), sql`${address} = any(${outboundEmails.toAddresses})`));

describe('receiving the corpus through IMAP', () => {
  it("adds a reply threaded by the [TKT-…] in its subject from the ticket's customer, and opens a new ticket for a stranger using it", async () => {
    const { folder, mailbox } = await newMailbox();
    const customer = uniqueEmail('grace');
    await dovecot.append(
      testMessage({ from: `Grace Hopper <${customer}>`, to: mailbox.address, subject: 'Cannot print', messageId: messageId('first') }),
      folder,
    );
    const [opened] = (await fetchMailboxOnce(mailbox)).results;
    const ticket = await getTicket(opened!.ticket_id);

    // No In-Reply-To or References: only the subject ties these to the ticket.
    const subject = `Re: [${ticket.number}] Cannot print`;
    await dovecot.append(testMessage({ from: `Grace Hopper <${customer.toUpperCase()}>`, to: mailbox.address, subject, text: 'Still broken today.' }), folder);
    await dovecot.append(testMessage({ from: 'Mallory <mallory@elsewhere.example>', to: mailbox.address, subject, text: 'Let me in.' }), folder);
    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([
      { outcome: 'reply', duplicate: false, ticket_id: ticket.id, reply_id: expect.any(Number), reason: null },
      { outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null },
    ]);
    const after = await getTicket(ticket.id);
    expect(after.status).toBe('open');
    expect(after.replies).toEqual([
      expect.objectContaining({
        id: results[0]!.reply_id,
        content: 'Still broken today.',
        type: 'public',
        channel: 'email',
        author: { type: 'customer', id: ticket.customer!.id, name: 'Grace Hopper' },
      }),
    ]);
    const strangers = await getTicket(results[1]!.ticket_id);
    expect(strangers).toMatchObject({ subject, description: 'Let me in.', customer: { email: 'mallory@elsewhere.example' } });
    expect(await allSeen(folder)).toBe(true);
  });

  it('makes a ticket of HTML-only mail with its text, and HTML with no script, handler, style, frame, form or image', async () => {
    const { folder, mailbox } = await newMailbox();
    await dovecot.append(corpusMessage('html-only'), folder);

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([{ outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null }]);
    const ticket = await getTicket(results[0]!.ticket_id);
    expect(ticket).toMatchObject({ subject: 'Screenshot of the error', channel: 'email', customer: { name: 'Linus T.', email: 'linus@kernel.example' } });
    expect(ticket.description).toContain('The page says Error 500 after I log in.');
    expect(ticket.description).toContain('Step one');
    expect(ticket.description).not.toContain('<');
    const html = ticket.description_html!;
    expect(html).toContain('<p>The page says <strong>Error 500</strong> after I log in.</p>');
    expect(html).toContain('<a href="https://status.acme.example/" rel="noopener noreferrer">status page</a>');
    expect(html).toContain('<ul><li>Step one</li><li>Step two</li></ul>');
    for (const banned of [
      '<script',
      'alert',
      'onerror',
      'onload',
      'onclick',
      'javascript:',
      'style',
      '<iframe',
      '<form',
      '<input',
      '<svg',
      '<img',
      'tracker',
    ]) {
      expect(html, banned).not.toContain(banned);
    }
    expect(await allSeen(folder)).toBe(true);
  });

  it('stores the attachments and the inline image of a message, each downloadable through the API byte for byte', async () => {
    const { folder, mailbox } = await newMailbox();
    await dovecot.append(corpusMessage('attachments-inline'), folder);

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([{ outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null }]);
    const ticket = await getTicket(results[0]!.ticket_id);
    expect(ticket.description).toBe('See the screenshot below and the invoice attached.');
    // The inline image is an attachment; the HTML keeps no image, whose cid: no browser could load.
    expect(ticket.description_html).toBe('<p>See the screenshot below and the invoice attached.</p><p></p>');
    // The parts' bytes, decoded here from the message's base64 by hand.
    const expected: Record<string, { type: string; bytes: Buffer }> = {
      'invoice-2026-03.pdf': { type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') },
      'screenshot.png': {
        type: 'image/png',
        bytes: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
      },
    };
    expect(ticket.attachments.map((a) => a.filename).sort()).toEqual(Object.keys(expected));
    for (const attachment of ticket.attachments) {
      const want = expected[attachment.filename]!;
      expect(attachment.size).toBe(want.bytes.length);
      const res = await send('GET', downloadPath(attachment.url, attachment.id), { key: adminKey });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(want.type);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(want.bytes);
    }
    expect(await allSeen(folder)).toBe(true);
  });

  it("stores an auto-reply as a ticket that is not acknowledged, while a person's message in the same fetch is", async () => {
    const { folder, mailbox } = await newMailbox();
    const person = uniqueEmail('person');
    await dovecot.append(corpusMessage('auto-reply'), folder);
    await dovecot.append(testMessage({ from: `Pat <${person}>`, to: mailbox.address, subject: 'A real question' }), folder);

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([
      {
        outcome: 'auto_reply',
        duplicate: false,
        ticket_id: expect.any(Number),
        reply_id: null,
        reason: 'automatic message (Auto-Submitted: auto-replied): not answered',
      },
      { outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null },
    ]);
    expect(await getTicket(results[0]!.ticket_id)).toMatchObject({ subject: 'Automatic reply: Cannot export my invoices', channel: 'email', status: 'open' });
    expect(await acknowledgementsTo('ada.lovelace@analytical.example')).toEqual([]);
    expect(await acknowledgementsTo(person)).toEqual([expect.objectContaining({ ticketId: results[1]!.ticket_id, status: 'queued' })]);
    expect(await allSeen(folder)).toBe(true);
  });

  it('keeps a resolved ticket resolved when an auto-reply answers its thread, storing it as a reply', async () => {
    const { folder, mailbox } = await newMailbox();
    const customer = uniqueEmail('away');
    const first = messageId('first');
    await dovecot.append(testMessage({ from: `Away <${customer}>`, to: mailbox.address, subject: 'Refund', messageId: first }), folder);
    const [opened] = (await fetchMailboxOnce(mailbox)).results;
    const resolved = await call('PUT', `/api/v1/tickets/${opened!.ticket_id}`, { key: agentKey, body: { status: 'resolved' } });
    expect(resolved.status).toBe(200);
    const acknowledgements = await acknowledgementsTo(customer);

    await dovecot.append(
      testMessage({
        from: `Away <${customer}>`,
        to: mailbox.address,
        subject: 'Automatic reply: Refund',
        inReplyTo: first,
        references: [first],
        headers: { 'Auto-Submitted': 'auto-replied' },
        text: 'I am on holiday.',
      }),
      folder,
    );
    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([
      {
        outcome: 'auto_reply',
        duplicate: false,
        ticket_id: opened!.ticket_id,
        reply_id: expect.any(Number),
        reason: 'automatic message (Auto-Submitted: auto-replied): not answered; the ticket stays resolved',
      },
    ]);
    const ticket = await getTicket(opened!.ticket_id);
    expect(ticket).toMatchObject({ status: 'resolved', reopen_count: 0 });
    expect(ticket.replies.find((r) => r.id === results[0]!.reply_id)).toMatchObject({
      content: 'I am on holiday.',
      channel: 'email',
      author: { type: 'customer' },
    });
    expect(await acknowledgementsTo(customer)).toEqual(acknowledgements);
    expect(await allSeen(folder)).toBe(true);
  });

  it("marks the customer bouncing and our reply's email failed on a delivery status report, making no ticket and sending nothing back", async () => {
    const { folder, mailbox } = await newMailbox();
    const customer = await createCustomer({ first_name: 'Gone', last_name: 'Away', email: 'Gone@customer.example' });
    await dovecot.append(testMessage({ from: 'Gone Away <gone@customer.example>', to: mailbox.address, subject: 'Your order' }), folder);
    const [opened] = (await fetchMailboxOnce(mailbox)).results;
    const posted = await call<ReplyJson>('POST', `/api/v1/tickets/${opened!.ticket_id}/replies`, { key: agentKey, body: { content: 'It ships today.' } });
    expect(posted.status).toBe(201);
    const ourEmail = posted.body.data.email!;
    expect(ourEmail.status).toBe('queued');
    // The report returns the headers of the email that bounced: the one just queued.
    const report = corpusMessage('bounce-dsn').toString('latin1').replace('<reply.1.bounce-test@acme.example>', ourEmail.message_id);
    await dovecot.append(Buffer.from(report, 'latin1'), folder);
    const ticketsBefore = await ticketCount();
    const outboundBefore = await getDb().select({ id: outboundEmails.id }).from(outboundEmails);

    const { error, results } = await fetchMailboxOnce(mailbox);

    const reason = 'bounced: gone@customer.example: 5.1.1 smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown';
    expect(error).toBeNull();
    expect(results).toEqual([{ outcome: 'bounce', duplicate: false, ticket_id: null, reply_id: null, reason }]);
    expect(await ticketCount()).toBe(ticketsBefore);
    expect(await customerByEmail('mailer-daemon@mx.customer.example')).toBeUndefined();
    expect(await getDb().select({ id: outboundEmails.id }).from(outboundEmails)).toEqual(outboundBefore);
    expect(await getCustomer(customer.id)).toMatchObject({
      email_bounced_at: expect.any(String),
      email_bounce_reason: '5.1.1 smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown',
    });
    const ticket = await getTicket(opened!.ticket_id);
    expect(ticket.replies.find((r) => r.id === posted.body.data.id)!.email).toMatchObject({ status: 'failed', message_id: ourEmail.message_id, error: reason });
    // Nothing more is emailed to the address.
    const next = await call<ReplyJson>('POST', `/api/v1/tickets/${opened!.ticket_id}/replies`, { key: agentKey, body: { content: 'Are you there?' } });
    expect(next.body.data.email).toBeNull();
    expect(await allSeen(folder)).toBe(true);
  });

  it('makes one ticket of the same message appended twice, and marks both copies seen', async () => {
    const { folder, mailbox } = await newMailbox();
    const raw = testMessage({ from: `Twice <${uniqueEmail('twice')}>`, to: mailbox.address, subject: 'Sent twice', messageId: messageId('twice') });
    await dovecot.append(raw, folder);
    await dovecot.append(raw, folder);
    expect([...(await dovecot.flags(folder)).values()].map((f) => f.has('\\Seen'))).toEqual([false, false]);
    const ticketsBefore = await ticketCount();

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    const first = { outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null };
    expect(results).toEqual([first, { ...results[0], duplicate: true }]);
    expect(await ticketCount()).toBe(ticketsBefore + 1);
    expect(await getTicket(results[0]!.ticket_id)).toMatchObject({ subject: 'Sent twice', replies: [] });
    expect((await dovecot.flags(folder)).size).toBe(2);
    expect(await allSeen(folder)).toBe(true);
    // A third copy, delivered later, is the same message again.
    await dovecot.append(raw, folder);
    expect((await fetchMailboxOnce(mailbox)).results).toEqual([{ ...results[0], duplicate: true }]);
    expect(await ticketCount()).toBe(ticketsBefore + 1);
    expect(await allSeen(folder)).toBe(true);
  });
});
