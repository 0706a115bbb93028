import 'server-only';
import { and, eq, isNotNull } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import postgres from 'postgres';
import { getDb, listen, type Db } from '@/db/client';
import { mailboxes, type Mailbox } from '@/db/schema';
import { config } from '@/lib/config';
import { DomainError, driverMessage, pgErrorOf } from '@/lib/errors';
import { log } from '@/lib/log';
import { receiveEmail, refuseEmail } from './inbound/receive';
import type { InboundResultJson, MailboxTestJson } from './schema';

/** Messages fetched per round trip: enough to keep the server busy, few enough to hold in memory. */
const FETCH_BATCH = 25;
/** The most message bytes one fetch holds in memory (a larger message is fetched alone). */
const BATCH_BYTES = 50 * 1024 * 1024;
/** Messages whose sizes are asked for at once: a size is a few bytes. */
const SIZE_BATCH = 1000;
/** Tries of a message whose receiving failed for the database's sake (a lost connection, a deadlock). */
const DB_ATTEMPTS = 3;
/** Mailboxes are looked at again this often even without a NOTIFY: new ones, and those whose watcher another instance dropped. */
const RELOAD_SECONDS = 30;
/** A failing mailbox is retried after 2 s, doubling up to 5 minutes. */
const MAX_BACKOFF_MS = 5 * 60_000;
/** The NOTIFY channel the mailbox service signals on in each change's transaction: the watchers reload at its commit. */
export const MAILBOXES_CHANNEL = 'loopdesk_mailboxes';
/** The first number of the two-key advisory locks (`LDMB`): the mailbox id is the second. */
const LOCK_SPACE = 0x4c44_4d42;

export const UNREADABLE_PASSWORD = 'The stored IMAP password cannot be read with the current encryption key: set it again (PATCH with "imap_password")';

/** Loads a mailbox with its password, saying in the mailbox's own words when the password cannot be read. */
async function loadMailbox(db: Db, id: number): Promise<Mailbox | null> {
  try {
    const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, id));
    return mailbox ?? null;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CONFLICT') throw new Error(UNREADABLE_PASSWORD, { cause: error });
    throw error;
  }
}

function clientFor(mailbox: Mailbox): ImapFlow {
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

async function openFolder(client: ImapFlow, mailbox: Mailbox): Promise<void> {
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

async function recordCheck(db: Db, id: number, error: string | null): Promise<void> {
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
async function receiveUnseen(db: Db, client: ImapFlow, mailbox: Mailbox, stopped: () => boolean): Promise<InboundResultJson[]> {
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

const backoff = (failures: number) => Math.min(2_000 * 2 ** (failures - 1), MAX_BACKOFF_MS);

/**
 * Keeps one mailbox received: connects, receives what is unseen, then waits for the server's
 * EXISTS (while IDLE) or the poll interval (servers without IDLE, and as a safety net), and does it
 * again; on any failure records it on the mailbox and reconnects after a growing pause.
 */
class MailboxWatcher {
  private stopped = false;
  private pending = true;
  private wake: (() => void) | null = null;
  private client: ImapFlow | null = null;
  readonly done: Promise<void>;

  constructor(
    private readonly db: Db,
    readonly mailboxId: number,
    readonly version: number,
  ) {
    this.done = this.run();
  }

  private nudge = () => {
    this.pending = true;
    this.wake?.();
  };

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    const pollMs = config().LOOPDESK_IMAP_POLL_SECONDS * 1000;
    while (!this.stopped) {
      let mailbox: Mailbox | null = null;
      try {
        mailbox = await loadMailbox(this.db, this.mailboxId);
        if (!mailbox?.imapHost || !mailbox.active) return;
        const client = clientFor(mailbox);
        this.client = client;
        client.on('exists', this.nudge);
        client.on('close', this.nudge);
        client.on('error', (error: Error) => log('warn', 'IMAP connection error', { mailbox_id: this.mailboxId, error: error.message }));
        await client.connect();
        await openFolder(client, mailbox);
        this.pending = true;
        while (!this.stopped && client.usable) {
          if (!this.pending) await this.pause(pollMs);
          this.pending = false;
          if (this.stopped || !client.usable) break;
          await receiveUnseen(this.db, client, mailbox, () => this.stopped);
          await recordCheck(this.db, this.mailboxId, null);
          failures = 0;
        }
        // The server hung up (a restart, an idle limit): reconnect, without calling it an error.
        if (!this.stopped) await this.pause(backoff(++failures));
      } catch (error) {
        if (this.stopped) break;
        const text = imapErrorText(error, mailbox ?? undefined);
        log('warn', 'mailbox check failed', { mailbox_id: this.mailboxId, error: text });
        await recordCheck(this.db, this.mailboxId, text).catch(() => {});
        await this.pause(backoff(++failures));
      } finally {
        const client = this.client;
        this.client = null;
        await client?.logout().catch(() => client.close());
      }
    }
  }

  /** Lets a message being received finish (its commit and \Seen), then hangs up. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    await Promise.race([this.done, timeout]);
    this.client?.close();
    await this.done;
  }
}

export type MailboxWatchers = {
  /** Reloads the mailboxes to watch now, as a NOTIFY or the timer would. */
  reload(): Promise<void>;
  /** The ids of the mailboxes this instance watches. */
  watching(): number[];
  stop(): Promise<void>;
};

/**
 * Watches every active mailbox with an IMAP host from this process. With several app instances
 * each mailbox is watched by one at a time: its watcher holds a PostgreSQL session advisory lock
 * on a connection of its own, released when the watcher stops or its process dies. A mailbox
 * change (NOTIFY from the mailbox service) reloads at once; a periodic reload also picks up the
 * mailboxes another instance let go of.
 */
export async function startMailboxWatchers(options: { reloadSeconds?: number } = {}): Promise<MailboxWatchers> {
  const db = getDb();
  const locks = postgres(config().DATABASE_URL!, { max: 1, idle_timeout: 0, onnotice: () => {} });
  const watchers = new Map<number, MailboxWatcher>();
  let stopped = false;
  let reloading: Promise<void> | null = null;
  let again = false;

  const release = async (id: number) => {
    const watcher = watchers.get(id);
    watchers.delete(id);
    await watcher?.stop();
    await locks`select pg_advisory_unlock(${LOCK_SPACE}, ${id})`;
  };

  const sync = async () => {
    const wanted = await db
      .select({ id: mailboxes.id, updatedAt: mailboxes.updatedAt })
      .from(mailboxes)
      .where(and(eq(mailboxes.active, true), isNotNull(mailboxes.imapHost)));
    const versions = new Map(wanted.map((m) => [m.id, m.updatedAt.getTime()]));
    // Locks this connection still holds: after a reconnect of it, none, and another instance may have taken over.
    const held = new Set(
      (
        await locks<
          { id: number }[]
        >`select objid::int as id from pg_locks where locktype = 'advisory' and classid = ${LOCK_SPACE} and pid = pg_backend_pid() and granted`
      ).map((row) => row.id),
    );
    for (const [id, watcher] of watchers) {
      if (!held.has(id)) {
        watchers.delete(id);
        await watcher.stop();
      } else if (!versions.has(id)) {
        await release(id);
        held.delete(id);
      } else if (versions.get(id) !== watcher.version) {
        // Changed settings: a new watcher reads them, under the lock already held.
        watchers.delete(id);
        await watcher.stop();
      }
    }
    for (const [id, version] of versions) {
      if (stopped || watchers.has(id)) continue;
      if (!held.has(id)) {
        const [row] = await locks<{ locked: boolean }[]>`select pg_try_advisory_lock(${LOCK_SPACE}, ${id}) as locked`;
        if (!row?.locked) continue;
      }
      watchers.set(id, new MailboxWatcher(db, id, version));
    }
  };

  const reload = async (): Promise<void> => {
    if (stopped) return;
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = (async () => {
      do {
        again = false;
        try {
          await sync();
        } catch (error) {
          log('error', 'reloading the mailboxes to watch failed', { error: error instanceof Error ? error.message : String(error) });
        }
      } while (again && !stopped);
    })();
    try {
      await reloading;
    } finally {
      reloading = null;
    }
  };

  const unlisten = await listen(MAILBOXES_CHANNEL, () => void reload());
  const timer = setInterval(() => void reload(), (options.reloadSeconds ?? RELOAD_SECONDS) * 1000);
  timer.unref();
  await reload();

  return {
    reload,
    watching: () => [...watchers.keys()],
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await unlisten();
      await reloading;
      await Promise.all([...watchers.values()].map((w) => w.stop()));
      watchers.clear();
      // Ending the session releases its advisory locks.
      await locks.end({ timeout: 5 });
    },
  };
}
