import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { eq as eqOp, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { inboundEmails, replies, tickets } from '@/db/schema';
import { call } from '@/lib/test/api';
import { startDovecot, type Dovecot } from '@/lib/test/dovecot';
import { createDepartment, createKey, fixtureContext, uniqueEmail } from '@/lib/test/factories';
import { receiveEmail } from './inbound/receive';
import { batchesOf, fetchMailboxOnce, isTransientDbError } from './imap';
import { startMailboxWatchers } from './mailbox-watchers';
import { createMailbox, getMailboxOrThrow } from './mailboxes';
import { createMailboxSchema, type MailboxJson } from './schema';

// Configuration is read once per test file: a small message limit, so a message over it is made at test time.
vi.hoisted(() => {
  process.env.LOOPDESK_EMAIL_MAX_MB = '1';
});

let dovecot: Dovecot;
let counter = 0;

beforeAll(async () => {
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
});

/** A mailbox on the test's Dovecot, reading a folder of its own so that tests never see each other's mail. */
async function newMailbox(overrides: Record<string, unknown> = {}) {
  const folder = `Support${++counter}`;
  await dovecot.createFolder(folder);
  const department = await createDepartment();
  const created = await createMailbox(
    fixtureContext(),
    createMailboxSchema.parse({
      name: `Support ${counter}`,
      address: `support-${counter}-${randomBytes(3).toString('hex')}@desk.example.com`,
      department_id: department.id,
      imap_host: dovecot.host,
      imap_port: dovecot.port,
      imap_tls: false,
      imap_user: dovecot.user,
      imap_password: dovecot.password,
      imap_folder: folder,
      ...overrides,
    }),
  );
  return { folder, department, mailbox: await getMailboxOrThrow(getDb(), created.id) };
}

function email(fields: { from: string; to: string; subject: string; messageId: string; inReplyTo?: string; body?: string }): string {
  return [
    `From: Ada Lovelace <${fields.from}>`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Message-ID: ${fields.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    ...(fields.inReplyTo ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    fields.body ?? 'The export button does nothing.',
    '',
  ].join('\r\n');
}

const newMessageId = () => `<${randomBytes(8).toString('hex')}@customer.example.org>`;

const ticketsTitled = (subject: string) => getDb().select().from(tickets).where(eq(tickets.subject, subject));

/** Every message of the folder carries \Seen. */
async function allSeen(folder: string): Promise<boolean> {
  const flags = await dovecot.flags(folder);
  return flags.size > 0 && [...flags.values()].every((f) => f.has('\\Seen'));
}

/** Polls `check` until it holds (the outcome, not a fixed sleep), failing after `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('fetchMailboxOnce', () => {
  it("makes a ticket in the mailbox's department from a new message, then marks it seen", async () => {
    const { folder, department, mailbox } = await newMailbox();
    const subject = `Export broken ${randomBytes(4).toString('hex')}`;
    const from = uniqueEmail('ada');
    await dovecot.append(email({ from, to: mailbox.address, subject, messageId: newMessageId() }), folder);
    expect(await allSeen(folder)).toBe(false);

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([expect.objectContaining({ outcome: 'ticket', duplicate: false })]);
    const [ticket] = await ticketsTitled(subject);
    expect(ticket).toMatchObject({ departmentId: department.id, mailboxId: mailbox.id, channel: 'email' });
    expect(ticket!.id).toBe(results[0]!.ticket_id);
    expect(await allSeen(folder)).toBe(true);
    const checked = await getMailboxOrThrow(getDb(), mailbox.id);
    expect(checked.lastError).toBeNull();
    expect(checked.lastCheckedAt).not.toBeNull();
  });

  it('adds a reply to the ticket whose message the In-Reply-To names', async () => {
    const { folder, mailbox } = await newMailbox();
    const subject = `Invoice question ${randomBytes(4).toString('hex')}`;
    const from = uniqueEmail('grace');
    const first = newMessageId();
    await dovecot.append(email({ from, to: mailbox.address, subject, messageId: first }), folder);
    const [opened] = (await fetchMailboxOnce(mailbox)).results;

    await dovecot.append(
      email({ from, to: mailbox.address, subject: `Re: ${subject}`, messageId: newMessageId(), inReplyTo: first, body: 'Any news?' }),
      folder,
    );
    const [answered] = (await fetchMailboxOnce(mailbox)).results;

    expect(answered).toMatchObject({ outcome: 'reply', duplicate: false, ticket_id: opened!.ticket_id });
    const [reply] = await getDb().select().from(replies).where(eq(replies.id, answered!.reply_id!));
    expect(reply).toMatchObject({ ticketId: opened!.ticket_id, channel: 'email' });
    expect(reply!.content).toContain('Any news?');
    expect(await ticketsTitled(`Re: ${subject}`)).toEqual([]);
    expect(await allSeen(folder)).toBe(true);
  });

  it('makes no second ticket for a message received before a crash kept it unseen, and marks it seen then', async () => {
    const { folder, mailbox } = await newMailbox();
    const subject = `Crash in between ${randomBytes(4).toString('hex')}`;
    const raw = email({ from: uniqueEmail('linus'), to: mailbox.address, subject, messageId: newMessageId() });
    // What a fetcher that died after the commit and before STORE \Seen leaves behind: the ticket, and the message unseen.
    const before = await receiveEmail(getDb(), mailbox, Buffer.from(raw));
    await dovecot.append(raw, folder);

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(error).toBeNull();
    expect(results).toEqual([{ ...before, duplicate: true }]);
    expect(await ticketsTitled(subject)).toHaveLength(1);
    expect(await allSeen(folder)).toBe(true);
  });

  it('records a wrong IMAP password on the mailbox, which the API shows', async () => {
    const { folder, mailbox } = await newMailbox({ imap_password: 'not the password' });
    await dovecot.append(email({ from: uniqueEmail(), to: mailbox.address, subject: 'Never fetched', messageId: newMessageId() }), folder);

    const { error, results } = await fetchMailboxOnce(mailbox);

    expect(results).toEqual([]);
    expect(error).toBe(`Authentication failed for ${dovecot.user} at ${dovecot.host}: the IMAP server refused the user name or password`);
    const res = await call<MailboxJson>('GET', `/api/v1/mailboxes/${mailbox.id}`, { key: await createKey('admin') });
    expect(res.body.data).toMatchObject({ last_error: error, last_checked_at: expect.any(String) });
    expect(await allSeen(folder)).toBe(false);
  });
});

/**
 * Makes the database refuse tickets whose subject starts with `prefix` while `use` runs: a real
 * failure of the intake for one message, whatever its cause. `sqlstate` makes it the first time only.
 */
async function failingTickets<T>(prefix: string, use: () => Promise<T>, sqlstate?: string): Promise<T> {
  const db = getDb();
  await db.execute(sql.raw(`create sequence if not exists failing_tickets_seq`));
  await db.execute(
    sql.raw(`create or replace function failing_tickets() returns trigger language plpgsql as $$
      begin
        if new.subject like '${prefix}%' then
          ${sqlstate ? `if nextval('failing_tickets_seq') = 1 then raise exception 'transient failure' using errcode = '${sqlstate}'; end if;` : `raise exception 'no ticket may be called %', new.subject;`}
        end if;
        return new;
      end $$`),
  );
  await db.execute(sql.raw('create trigger failing_tickets before insert on tickets for each row execute function failing_tickets()'));
  try {
    return await use();
  } finally {
    await db.execute(sql.raw('drop trigger failing_tickets on tickets'));
    await db.execute(sql.raw('drop function failing_tickets(); drop sequence failing_tickets_seq'));
  }
}

describe('fetchMailboxOnce: a message that cannot be received', () => {
  it('records a message the intake fails on as refused and marks it seen, and the messages around it still become tickets', async () => {
    const { folder, mailbox } = await newMailbox();
    const tag = randomBytes(4).toString('hex');
    const poisonId = newMessageId();
    await dovecot.append(email({ from: uniqueEmail('one'), to: mailbox.address, subject: `Before ${tag}`, messageId: newMessageId() }), folder);
    const poison = email({ from: uniqueEmail('poison'), to: mailbox.address, subject: `Poison ${tag}`, messageId: poisonId });
    await dovecot.append(poison, folder);
    await dovecot.append(email({ from: uniqueEmail('two'), to: mailbox.address, subject: `After ${tag}`, messageId: newMessageId() }), folder);

    const { error, results } = await failingTickets('Poison', () => fetchMailboxOnce(mailbox));

    expect(error).toBeNull();
    expect(results.map((r) => r.outcome)).toEqual(['ticket', 'refused', 'ticket']);
    expect(await ticketsTitled(`Before ${tag}`)).toHaveLength(1);
    expect(await ticketsTitled(`After ${tag}`)).toHaveLength(1);
    expect(await ticketsTitled(`Poison ${tag}`)).toHaveLength(0);
    const reason = `the intake failed on this message: no ticket may be called Poison ${tag}`;
    expect(results[1]).toEqual({ outcome: 'refused', duplicate: false, ticket_id: null, reply_id: null, reason });
    const [row] = await getDb().select().from(inboundEmails).where(eqOp(inboundEmails.messageId, poisonId));
    expect(row).toMatchObject({ outcome: 'refused', reason, mailboxId: mailbox.id, ticketId: null });
    expect(await allSeen(folder)).toBe(true);

    // Nothing unseen is left, and the same message delivered again is a duplicate of the refusal.
    expect((await fetchMailboxOnce(mailbox)).results).toEqual([]);
    await dovecot.append(poison, folder);
    expect((await fetchMailboxOnce(mailbox)).results).toEqual([{ ...results[1], duplicate: true }]);
    expect(await ticketsTitled(`Poison ${tag}`)).toHaveLength(0);
  });

  it('retries a message whose transaction met a serialization failure, and makes its ticket', async () => {
    const { folder, mailbox } = await newMailbox();
    const subject = `Flaky ${randomBytes(4).toString('hex')}`;
    await dovecot.append(email({ from: uniqueEmail('flaky'), to: mailbox.address, subject, messageId: newMessageId() }), folder);

    const { error, results } = await failingTickets('Flaky', () => fetchMailboxOnce(mailbox), '40001');

    expect(error).toBeNull();
    expect(results).toEqual([expect.objectContaining({ outcome: 'ticket', duplicate: false })]);
    expect(await ticketsTitled(subject)).toHaveLength(1);
    expect(await allSeen(folder)).toBe(true);
  });

  it('tells a lost connection, a serialization failure and a deadlock from other errors', () => {
    const pg = (code: string) => new Error('query failed', { cause: Object.assign(new Error(code), { code }) });
    expect(['08006', '08003', '40001', '40P01', '57P01'].map((code) => isTransientDbError(pg(code)))).toEqual([true, true, true, true, true]);
    expect(isTransientDbError(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
    expect(['23505', '22001', '54000', 'XX000'].map((code) => isTransientDbError(pg(code)))).toEqual([false, false, false, false]);
    expect(isTransientDbError(new TypeError('x is undefined'))).toBe(false);
  });

  it('refuses a message over the size limit by the size the server gives, reading only its headers', async () => {
    const { folder, mailbox } = await newMailbox();
    const messageId = newMessageId();
    const raw = email({ from: uniqueEmail('huge'), to: mailbox.address, subject: 'Huge', messageId, body: 'x'.repeat(1024 * 1024 + 10) });
    await dovecot.append(raw, folder);

    const { error, results } = await fetchMailboxOnce(mailbox);

    const size = Buffer.byteLength(raw);
    const reason = `message of ${size} bytes is over the limit of 1048576 bytes (LOOPDESK_EMAIL_MAX_MB)`;
    expect(error).toBeNull();
    expect(results).toEqual([{ outcome: 'refused', duplicate: false, ticket_id: null, reply_id: null, reason }]);
    const [row] = await getDb().select().from(inboundEmails).where(eqOp(inboundEmails.messageId, messageId));
    expect(row).toMatchObject({ outcome: 'refused', size, reason });
    expect(await allSeen(folder)).toBe(true);
  });
});

describe('batchesOf', () => {
  const MB = 1024 * 1024;
  it('fetches at most 25 messages and 50 MB at once, a larger message alone, and one over the limit by its headers alone', () => {
    const sizes = [
      ...Array.from({ length: 30 }, (_, i) => ({ uid: i + 1, size: 1000 })),
      { uid: 31, size: 30 * MB },
      { uid: 32, size: 30 * MB },
      { uid: 33, size: 60 * MB },
      { uid: 34, size: 200 * MB },
      { uid: 35, size: 1000 },
    ];
    expect(batchesOf(sizes, 100 * MB)).toEqual([
      { uids: Array.from({ length: 25 }, (_, i) => i + 1), headersOnly: false },
      { uids: [26, 27, 28, 29, 30, 31], headersOnly: false },
      { uids: [32], headersOnly: false },
      { uids: [33], headersOnly: false },
      { uids: [34], headersOnly: true },
      { uids: [35], headersOnly: false },
    ]);
  });
});

describe('startMailboxWatchers', () => {
  it('receives a message appended while it watches (IDLE), and a failing mailbox breaks nothing', async () => {
    const good = await newMailbox();
    const bad = await newMailbox({ imap_password: 'wrong again' });
    const watchers = await startMailboxWatchers();
    try {
      const subject = `Arrived while idle ${randomBytes(4).toString('hex')}`;
      // Appended once the watcher has checked the folder and waits in IDLE: only the server's EXISTS
      // can bring it in within the 5 s below, the poll being a minute away.
      await waitFor(async () => {
        const checked = await getMailboxOrThrow(getDb(), good.mailbox.id);
        return checked.lastCheckedAt && checked.lastError === null;
      }, 'the first check');
      await dovecot.append(email({ from: uniqueEmail('idle'), to: good.mailbox.address, subject, messageId: newMessageId() }), good.folder);

      const [ticket] = await waitFor(async () => (await ticketsTitled(subject)).length > 0 && ticketsTitled(subject), 'the ticket', 5_000);
      expect(ticket).toMatchObject({ mailboxId: good.mailbox.id, departmentId: good.department.id });
      await waitFor(() => allSeen(good.folder), 'the message marked seen', 5_000);

      const failing = await waitFor(async () => (await getMailboxOrThrow(getDb(), bad.mailbox.id)).lastError, 'the failing mailbox to record its error');
      expect(failing).toMatch(/^Authentication failed/);
      expect((await getMailboxOrThrow(getDb(), good.mailbox.id)).lastError).toBeNull();
    } finally {
      await watchers.stop();
    }
  });

  it('starts watching a mailbox created while it runs, and stops with its deactivation', async () => {
    const watchers = await startMailboxWatchers();
    try {
      const { folder, mailbox } = await newMailbox();
      const subject = `New mailbox ${randomBytes(4).toString('hex')}`;
      await dovecot.append(email({ from: uniqueEmail('new'), to: mailbox.address, subject, messageId: newMessageId() }), folder);
      await waitFor(async () => (await ticketsTitled(subject)).length === 1, 'the ticket from the new mailbox');

      const admin = await createKey('admin');
      expect((await call('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { key: admin, body: { active: false } })).status).toBe(200);
      await waitFor(async () => !watchers.watching().includes(mailbox.id), 'the watcher to stop');
    } finally {
      await watchers.stop();
    }
  });

  it('lets one of two instances watch a mailbox, and the other take over when it stops', async () => {
    const { folder, mailbox } = await newMailbox();
    const first = await startMailboxWatchers();
    const second = await startMailboxWatchers();
    try {
      expect(first.watching()).toContain(mailbox.id);
      expect(second.watching()).not.toContain(mailbox.id);
      await first.stop();
      // The second instance takes the mailbox over at its next reload (every 30 s, or now).
      await second.reload();
      expect(second.watching()).toContain(mailbox.id);
      const subject = `After takeover ${randomBytes(3).toString('hex')}`;
      await dovecot.append(email({ from: uniqueEmail('two'), to: mailbox.address, subject, messageId: newMessageId() }), folder);
      await waitFor(async () => (await ticketsTitled(subject)).length === 1, 'the ticket after the takeover');
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
