import 'server-only';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { getDb, type Db } from '@/db/client';
import { mailboxes, type Mailbox } from '@/db/schema';
import { config } from '@/lib/config';
import { DomainError, driverMessage, pgErrorOf } from '@/lib/errors';
import { log } from '@/lib/log';
import { receiveEmail, refuseEmail } from './inbound/receive';
import type { InboundResultJson, MailboxTestJson } from './schema';

/** Messages fetched per round trip: enough to keep the server busy, few enough to hold in memory. */
const FETCH_BATCH = 25;
/** The NOTIFY channel the mailbox service signals on in each change's transaction: the watchers reload at its commit. */
export const MAILBOXES_CHANNEL = 'loopdesk_mailboxes';
/** The most message bytes one fetch holds in memory (a larger message is fetched alone). */
const BATCH_BYTES = 50 * 1024 * 1024;
/** Messages whose sizes are asked for at once: a size is a few bytes. */
const SIZE_BATCH = 1000;
/** Tries of a message whose receiving failed for the database's sake (a lost connection, a deadlock). */
const DB_ATTEMPTS = 3;

export const UNREADABLE_PASSWORD = 'The stored IMAP password cannot be read with the current encryption key: set it again (PATCH with "imap_password")';

/** Loads a mailbox with its password, saying in the mailbox's own words when the password cannot be read. */
export async function loadMailbox(db: Db, id: number): Promise<Mailbox | null> {
  try {
    const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, id));
    return mailbox ?? null;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CONFLICT') throw new Error(UNREADABLE_PASSWORD, { cause: error });
    throw error;
  }
}

export function clientFor(mailbox: Mailbox): ImapFlow {
  if (!mailbox.imapHost) throw new Error('The mailbox has no IMAP host');
  return new ImapFlow({
    host: mailbox.imapHost,
    port: mailbox.imapPort,
    // Off: STARTTLS when the server offers it, a plain connection otherwise (a server on loopback).
    secure: mailbox.imapTls,
    auth: { user: mailbox.imapUser ?? '', pass: mailbox.imapPassword ?? '' },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    // IDLE soon after each check, so a new message is seen within a second or two.
    autoIdleDelay: 1_000,
  });
}

/** What went wrong, in words an admin can act on; never the password. */
export function imapErrorText(error: unknown, mailbox?: Pick<Mailbox, 'imapUser' | 'imapHost'>): string {
  if (error instanceof Error && 'authenticationFailed' in error && error.authenticationFailed) {
    const who = mailbox ? ` for ${mailbox.imapUser} at ${mailbox.imapHost}` : '';
    return `Authentication failed${who}: the IMAP server refused the user name or password`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const responseText = error instanceof Error && 'responseText' in error && typeof error.responseText === 'string' ? error.responseText : null;
  return responseText ? `${message}: ${responseText}` : message;
}

export async function openFolder(client: ImapFlow, mailbox: Mailbox): Promise<void> {
  try {
    await client.mailboxOpen(mailbox.imapFolder);
  } catch (error) {
    throw new Error(`Cannot open the folder "${mailbox.imapFolder}": ${imapErrorText(error)}`, { cause: error });
  }
}

/** Signs in, opens the folder and tells whether the server has IDLE; for "Test connection". */
export async function checkImapConnection(mailbox: Mailbox): Promise<MailboxTestJson> {
  let client: ImapFlow | undefined;
  try {
    client = clientFor(mailbox);
    client.on('error', () => {});
    await client.connect();
    await openFolder(client, mailbox);
    return { ok: true, error: null, idle: client.capabilities.has('IDLE') };
  } catch (error) {
    return { ok: false, error: imapErrorText(error, mailbox), idle: null };
  } finally {
    await client?.logout().catch(() => client?.close());
  }
}

export async function recordCheck(db: Db, id: number, error: string | null): Promise<void> {
  await db.update(mailboxes).set({ lastCheckedAt: new Date(), lastError: error }).where(eq(mailboxes.id, id));
}

/**
 * Receives one message, retrying a transient database failure a few times. Any other failure is
 * the message's own (a bug its content trips, a value the database refuses): it is recorded as
 * refused with the error as its reason, so that it is marked seen and the rest of the folder
 * flows, instead of being fetched first again after every reconnect and blocking all later mail.
 */
async function receiveOne(db: Db, mailbox: Mailbox, raw: Buffer, size: number): Promise<InboundResultJson> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await receiveEmail(db, mailbox, raw, undefined, size);
    } catch (error) {
      // Still failing: the watcher records the error and reconnects later; the message stays unseen.
      if (isTransientDbError(error)) {
        if (attempt >= DB_ATTEMPTS) throw error;
        log('warn', 'receiving an email failed, retrying', { mailbox_id: mailbox.id, attempt, error: driverMessage(error) });
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      const reason = `the intake failed on this message: ${driverMessage(error)}`.slice(0, 1000);
      // The driver's words only: the query's wrapper message lists its parameters, the message's text among them.
      log('error', 'receiving an email failed', { mailbox_id: mailbox.id, error: driverMessage(error) });
      return refuseEmail(db, mailbox, raw, reason, { size });
    }
  }
}

/**
 * A failure that says nothing about the message: the connection to PostgreSQL lost (SQLSTATE
 * class 08, or the driver's own CONNECTION_* codes), a serialization failure or a deadlock (class 40),
 * the server shutting down (57P01-57P03).
 */
export function isTransientDbError(error: unknown): boolean {
  const pg = pgErrorOf(error);
  if (pg) return /^(08|40|57P0[123])/.test(pg.code);
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string' && /^(CONNECTION_|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE)/.test(e.code)) return true;
  }
  return false;
}

/**
 * The unseen messages in the batches they are fetched in: at most FETCH_BATCH messages and
 * BATCH_BYTES bytes each (one larger message alone). A message over the size limit is fetched
 * on its own, headers only: enough for receiveEmail to refuse it by the size the server gave.
 */
export function batchesOf(sizes: { uid: number; size: number }[], limit: number): { uids: number[]; headersOnly: boolean }[] {
  const batches: { uids: number[]; headersOnly: boolean }[] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const { uid, size } of sizes) {
    // In UID order, so that a reply is received after the message it answers.
    if (current.length > 0 && (size > limit || current.length >= FETCH_BATCH || bytes + size > BATCH_BYTES)) {
      batches.push({ uids: current, headersOnly: false });
      current = [];
      bytes = 0;
    }
    if (size > limit) {
      batches.push({ uids: [uid], headersOnly: true });
      continue;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length > 0) batches.push({ uids: current, headersOnly: false });
  return batches;
}

/**
 * Receives every unseen message of the open folder. A message is marked \Seen only after
 * receiveEmail has committed its ticket or reply (or its refusal): a crash in between leaves it
 * unseen, it is fetched again, and receiveEmail finds its Message-ID and makes nothing new.
 */
export async function receiveUnseen(db: Db, client: ImapFlow, mailbox: Mailbox, stopped: () => boolean): Promise<InboundResultJson[]> {
  const results: InboundResultJson[] = [];
  const unseen = await client.search({ seen: false }, { uid: true });
  if (!unseen || unseen.length === 0) return results;
  const limit = config().maxEmailBytes;
  for (let i = 0; i < unseen.length && !stopped(); i += SIZE_BATCH) {
    const listed = await client.fetchAll(unseen.slice(i, i + SIZE_BATCH), { uid: true, size: true }, { uid: true });
    const sizes = listed.map((m) => ({ uid: m.uid, size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
    for (const batch of batchesOf(sizes, limit)) {
      if (stopped()) break;
      const query = batch.headersOnly ? { uid: true, size: true, headers: true } : { uid: true, size: true, source: true };
      const messages = await client.fetchAll(batch.uids, query, { uid: true });
      const received: number[] = [];
      try {
        for (const message of messages) {
          if (stopped()) break;
          const raw = batch.headersOnly ? message.headers : message.source;
          if (!raw) continue;
          results.push(await receiveOne(db, mailbox, raw, message.size ?? raw.length));
          received.push(message.uid);
        }
      } finally {
        if (received.length > 0) await client.messageFlagsAdd(received, ['\\Seen'], { uid: true });
      }
    }
  }
  return results;
}

/**
 * Connects, receives the folder's unseen messages and records the check on the mailbox
 * (last_checked_at, and last_error: null, or why it failed). IMAP failures are recorded, not thrown.
 */
export async function fetchMailboxOnce(mailbox: Mailbox, db: Db = getDb()): Promise<{ error: string | null; results: InboundResultJson[] }> {
  let client: ImapFlow | undefined;
  let results: InboundResultJson[] = [];
  let error: string | null = null;
  try {
    client = clientFor(mailbox);
    client.on('error', () => {});
    await client.connect();
    await openFolder(client, mailbox);
    results = await receiveUnseen(db, client, mailbox, () => false);
  } catch (cause) {
    error = imapErrorText(cause, mailbox);
  } finally {
    await client?.logout().catch(() => client?.close());
  }
  await recordCheck(db, mailbox.id, error);
  return { error, results };
}
