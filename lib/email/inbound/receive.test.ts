import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, customFieldDefinitions, customers, inboundEmails, type Mailbox } from '@/db/schema';
import { splitQuoted } from '@/lib/email/quote';
import { fileStore } from '@/lib/files/store';
import { createCustomer, createCustomField, createDepartment } from '@/lib/test/factories';
import { corpusMessage, testMessage } from './corpus/corpus';
import { createTestMailbox, eventsOf, inboundRow, ticketOf } from './corpus/fixtures';
import { parseEmail } from './parse';
import { receiveEmail } from './receive';

// Configuration is read once per test file: small limits, so an attachment and a message over them are made at test time.
vi.hoisted(() => {
  process.env.LOOPDESK_MAX_UPLOAD_MB = '1';
  process.env.LOOPDESK_EMAIL_MAX_MB = '3';
});

let mailbox: Mailbox;
let departmentId: number;

beforeAll(async () => {
  departmentId = (await createDepartment()).id;
  ({ mailbox } = await createTestMailbox({ address: 'Support@acme.example', department_id: departmentId }));
});

const receive = (raw: Buffer) => receiveEmail(getDb(), mailbox, raw);

async function customerByEmail(email: string) {
  const [row] = await getDb().select().from(customers).where(sql`lower(${customers.email}) = ${email}`);
  return row;
}

describe('receiveEmail: a new ticket', () => {
  it('opens a ticket in the mailbox department for a plain-text message, creating the customer from the From header', async () => {
    const result = await receive(corpusMessage('plain-text'));

    expect(result).toEqual({ outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reply_id: null, reason: null });
    const ticket = await ticketOf(result.ticket_id);
    expect(ticket).toMatchObject({
      subject: 'Cannot export my invoices',
      description: 'Hello,\n\nWhen I click "Export" on the invoices page nothing happens. I tried\nFirefox and Chrome.\n\nThanks,\nAda',
      description_html: null,
      status: 'open',
      channel: 'email',
      cc: [],
      department: { id: departmentId },
      customer: { name: 'Ada Lovelace', email: 'ada.lovelace@analytical.example' },
    });
    const customer = await customerByEmail('ada.lovelace@analytical.example');
    expect(customer).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(await eventsOf('customer', customer!.id)).toEqual([expect.objectContaining({ type: 'customer.created' })]);

    const row = await inboundRow('<CAHx7Yq2+plain.0001@mail.gmail.example>');
    expect(row).toMatchObject({ mailboxId: mailbox.id, fromAddress: 'ada.lovelace@analytical.example', outcome: 'ticket', ticketId: ticket.id });
    const [created] = await eventsOf('ticket', ticket.id);
    expect(created).toMatchObject({ type: 'ticket.created', actor: { type: 'system', id: null }, requestId: `email-${row!.id}` });
    expect(created!.payload).toMatchObject({ ticket: { id: ticket.id, channel: 'email' } });
  });

  it('finds an existing customer by the From address in any case, and makes no second one', async () => {
    const existing = await createCustomer({ first_name: 'Margaret', last_name: 'Hamilton', email: 'Margaret@Apollo.example' });
    const result = await receive(testMessage({ from: 'MH <MARGARET@apollo.EXAMPLE>' }));
    expect((await ticketOf(result.ticket_id)).customer).toMatchObject({ id: existing.id, name: 'Margaret Hamilton' });
    const [{ count }] = (await getDb().execute<{ count: number }>(
      sql`select count(*)::int as count from customers where lower(email) = 'margaret@apollo.example'`,
    )) as unknown as [{ count: number }];
    expect(count).toBe(1);
  });

  it('keeps the text with its quoted history, and stores the HTML sanitized for display', async () => {
    const ticket = await ticketOf((await receive(corpusMessage('multipart-alternative'))).ticket_id);

    expect(ticket.description).toContain('The dashboard takes 30 seconds to load since yesterday.');
    expect(ticket.description).toContain('> Have you tried clearing the cache?');
    expect(splitQuoted(ticket.description!)).toEqual({
      reply: 'The dashboard takes 30 seconds to load since yesterday.',
      quoted: 'On Tue, 3 Mar 2026 at 17:02, Acme Support <support@acme.example> wrote:\n> Have you tried clearing the cache?\n>',
    });
    expect(ticket.description_html).toBe(
      '<div>The dashboard takes <b>30 seconds</b> to load since yesterday.</div><br><div><div>On Tue, 3 Mar 2026 at 17:02, Acme Support &lt;<a href="mailto:support@acme.example" rel="noopener noreferrer">support@acme.example</a>&gt; wrote:<br></div><blockquote>Have you tried clearing the cache?</blockquote></div>',
    );
  });

  it('converts HTML-only mail to text, and keeps no script, handler, style, frame, form or javascript: link in its HTML', async () => {
    const ticket = await ticketOf((await receive(corpusMessage('html-only'))).ticket_id);

    expect(ticket.description).toContain('The page says Error 500 after I log in.');
    expect(ticket.description).toContain('Step one');
    const html = ticket.description_html!;
    expect(html).toContain('<p>The page says <strong>Error 500</strong> after I log in.</p>');
    expect(html).toContain('<a href="https://status.acme.example/" rel="noopener noreferrer">status page</a>');
    expect(html).toContain('<ul><li>Step one</li><li>Step two</li></ul>');
    for (const banned of [
      'script',
      'alert',
      'onerror',
      'onload',
      'onclick',
      'javascript:',
      'style',
      'color: red',
      'iframe',
      'form',
      'input',
      'svg',
      'img',
      'tracker',
    ]) {
      expect(html, banned).not.toContain(banned);
    }
    expect(ticket.customer).toMatchObject({ name: 'Linus T.' });
  });

  it('decodes ISO-8859-1 bodies and RFC 2047 encoded subjects and names', async () => {
    const ticket = await ticketOf((await receive(corpusMessage('iso-8859-1'))).ticket_id);
    expect(ticket.subject).toBe('Rückerstattung für Bestellung');
    expect(ticket.description).toBe('Guten Tag,\n\nich hätte gerne eine Rückerstattung für meine Bestellung.\n\nMit freundlichen Grüßen\nJürgen');
    expect(ticket.customer).toMatchObject({ name: 'Jürgen Müller' });
  });

  it('decodes windows-1252 bodies (curly quotes, the euro sign, dashes)', async () => {
    const ticket = await ticketOf((await receive(corpusMessage('windows-1252'))).ticket_id);
    expect(ticket.description).toBe('The \u201cPro\u201d plan costs \u20ac20 \u2013 is that per user?');
  });

  it('decodes UTF-8 encoded words, and keeps the Cc addresses but our own and the sender', async () => {
    const ticket = await ticketOf((await receive(corpusMessage('encoded-words'))).ticket_id);
    expect(ticket.subject).toBe('Problème de connexion 🔒 urgent');
    expect(ticket.description).toBe("Bonjour, je n'arrive plus à me connecter depuis ce matin.");
    expect(ticket.customer).toMatchObject({ name: 'François Dürand', email: 'francois@exemple.example' });
    expect(ticket.cc).toEqual(['marie@exemple.example']);
  });

  it('names a customer by the local part when the From header has no name', async () => {
    const ticket = await ticketOf((await receive(testMessage({ from: 'kim.lee@nameless.example' }))).ticket_id);
    expect(ticket.customer).toMatchObject({ name: 'kim.lee', email: 'kim.lee@nameless.example' });
  });
});

describe('receiveEmail: attachments', () => {
  async function storedFiles(ticketId: number) {
    const rows = await getDb().select().from(attachments).where(eq(attachments.ticketId, ticketId));
    return Promise.all(rows.map(async (r) => ({ filename: r.filename, contentType: r.contentType, bytes: Buffer.from(await fileStore().get(r.storageKey)) })));
  }

  it('stores attachments and inline images through the attachments service', async () => {
    const ticket = await ticketOf((await receive(corpusMessage('attachments-inline'))).ticket_id);
    const files = await storedFiles(ticket.id);
    expect(files.map((f) => [f.filename, f.contentType]).sort()).toEqual([
      ['invoice-2026-03.pdf', 'application/pdf'],
      ['screenshot.png', 'image/png'],
    ]);
    expect(files.find((f) => f.filename === 'invoice-2026-03.pdf')!.bytes.toString()).toMatch(/^%PDF-1\.4/);
    expect(ticket.attachments.map((a) => a.filename).sort()).toEqual(['invoice-2026-03.pdf', 'screenshot.png']);
    // The inline image is an attachment; the HTML keeps no image, whose cid: no browser could load.
    expect(ticket.description_html).toBe('<p>See the screenshot below and the invoice attached.</p><p></p>');
  });

  it("keeps Outlook's winmail.dat as an attachment, byte for byte", async () => {
    const ticket = await ticketOf((await receive(corpusMessage('winmail'))).ticket_id);
    const [file] = await storedFiles(ticket.id);
    expect(file!.filename).toBe('winmail.dat');
    expect([...file!.bytes.subarray(0, 4)]).toEqual([0x78, 0x9f, 0x3e, 0x22]);
    expect(file!.bytes.length).toBe(4 + 256 * 4);
    expect(splitQuoted(ticket.description!).reply).toBe('Please find the contract attached.');
  });

  it('drops an attachment over the upload limit with a note, and keeps the message and its other files', async () => {
    const raw = testMessage({ from: 'big.sender@files.example', text: 'Logs attached.', attachmentBytes: 1024 * 1024 + 1 });
    const result = await receive(raw);

    expect(result.outcome).toBe('ticket');
    expect(result.reason).toBe('attachment big.bin (1048577 bytes) dropped: over the upload limit of 1048576 bytes');
    const ticket = await ticketOf(result.ticket_id);
    expect(ticket.description).toBe('Logs attached.');
    expect(ticket.attachments.map((a) => a.filename)).toEqual(['small.log']);
  });

  it('refuses a message over LOOPDESK_EMAIL_MAX_MB, recording why, and makes nothing', async () => {
    const messageId = '<huge.1@files.example>';
    const raw = testMessage({ from: 'huge@files.example', messageId, attachmentBytes: 3 * 1024 * 1024 });
    const result = await receive(raw);

    const reason = `message of ${raw.length} bytes is over the limit of 3145728 bytes (LOOPDESK_EMAIL_MAX_MB)`;
    expect(result).toEqual({ outcome: 'refused', duplicate: false, ticket_id: null, reply_id: null, reason });
    expect(await inboundRow(messageId)).toMatchObject({ outcome: 'refused', reason, fromAddress: 'huge@files.example', size: raw.length, ticketId: null });
    expect(await customerByEmail('huge@files.example')).toBeUndefined();
    expect(await receive(raw)).toEqual({ outcome: 'refused', duplicate: true, ticket_id: null, reply_id: null, reason });
  });
});

describe('receiveEmail: inputs that must not throw', () => {
  it('stores a Message-ID of over 500 bytes hashed, and finds the same message again as a duplicate', async () => {
    // Random, so that PostgreSQL cannot compress it under the btree's limit of about 2.7 KB.
    const long = `<${randomBytes(1500).toString('hex')}@client.example>`;
    const raw = testMessage({ from: 'Long Id <long.id@client.example>', messageId: long });

    const first = await receive(raw);
    const again = await receive(raw);

    expect(first).toMatchObject({ outcome: 'ticket', duplicate: false });
    expect(again).toMatchObject({ outcome: 'ticket', duplicate: true, ticket_id: first.ticket_id });
    expect(await inboundRow(long)).toBeUndefined();
    const [row] = await getDb().select().from(inboundEmails).where(eq(inboundEmails.ticketId, first.ticket_id!));
    expect(row!.messageId).toMatch(/^<[0-9a-f]{64}@loopdesk\.invalid>$/);
  });

  it('refuses a message whose From address is over 254 characters, recording it', async () => {
    const messageId = `<long.from.${Date.now()}@client.example>`;
    const result = await receive(testMessage({ from: `${randomBytes(1500).toString('hex')}@client.example`, messageId }));

    expect(result).toMatchObject({ outcome: 'refused', duplicate: false, ticket_id: null, reason: expect.stringMatching(/From address/) });
    const row = await inboundRow(messageId);
    expect(row).toMatchObject({ outcome: 'refused' });
    expect(row!.fromAddress!.length).toBeLessThanOrEqual(254);
  });

  it('threads a reply whose References list tens of thousands of ids, reading only the first and the last 20', async () => {
    const opened = await receive(testMessage({ from: 'Refs <refs@client.example>', messageId: `<refs.root.${Date.now()}@client.example>` }));
    const root = (await getDb().select().from(inboundEmails).where(eq(inboundEmails.ticketId, opened.ticket_id!)))[0]!.messageId;
    const filler = Array.from({ length: 30_000 }, (_, i) => `<filler.${i}@elsewhere.example>`);
    const references = [root, ...filler];

    const result = await receive(testMessage({ from: 'Refs <refs@client.example>', subject: 'Re: A question', references }));
    expect(result).toMatchObject({ outcome: 'reply', ticket_id: opened.ticket_id });

    const parsed = await parseEmail(testMessage({ from: 'refs@client.example', references }));
    expect(parsed.parents).toHaveLength(21);
    expect(parsed.parents).toContain(root);
    expect(parsed.parents[0]).toBe('<filler.29999@elsewhere.example>');
  });

  it('opens a ticket even when a ticket custom field is required: an email cannot fill it in', async () => {
    const field = await createCustomField({ entity: 'ticket', key: `order_${Date.now()}`, label: 'Order', type: 'text', required: true });
    try {
      const result = await receive(testMessage({ from: 'Required <required@client.example>' }));
      expect(result).toMatchObject({ outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number) });
    } finally {
      await getDb().delete(customFieldDefinitions).where(eq(customFieldDefinitions.id, field.id));
    }
  });

  it('opens a ticket from a very large plain-text body of distinct words, keeping it searchable', async () => {
    const words: string[] = [];
    let size = 0;
    for (let i = 0; size < 2_500_000; i++) {
      const word = `w${i.toString(36)}q${(i * 7919).toString(36)}`;
      words.push(word);
      size += word.length + 1;
    }
    const result = await receive(testMessage({ from: 'Big <big.text@client.example>', subject: 'Huge log pasted', text: words.join(' ') }));

    expect(result).toMatchObject({ outcome: 'ticket', duplicate: false, ticket_id: expect.any(Number), reason: null });
    const ticket = await ticketOf(result.ticket_id);
    // Stored as written; the search index takes the first 100,000 characters (migration 0024).
    expect(ticket.description).toBe(words.join(' '));
    const [found] = (await getDb().execute<{ id: number }>(
      sql`select ticket_id as id from ticket_search where search_vector @@ to_tsquery('english', ${words[0]!}) and ticket_id = ${result.ticket_id}`,
    )) as unknown as { id: number }[];
    expect(found).toEqual({ id: result.ticket_id });

    // The same text as a reply to that ticket: stored whole too.
    const answered = await receive(
      testMessage({ from: 'Big <big.text@client.example>', subject: `Re: Huge log pasted [${ticket.number}]`, text: words.join(' ') }),
    );
    expect(answered).toMatchObject({ outcome: 'reply', ticket_id: result.ticket_id, reason: null });
    expect((await ticketOf(result.ticket_id)).replies.at(-1)!.content).toBe(words.join(' '));
  });
});
