import 'server-only';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import postgres from 'postgres';
import { getDb, listen, type Db } from '@/db/client';
import { mailboxes, type Mailbox } from '@/db/schema';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { clientFor, imapErrorText, loadMailbox, MAILBOXES_CHANNEL, openFolder, receiveUnseen, recordCheck } from './imap';

/**
 * The mailbox watchers each app instance runs: one loop per active IMAP mailbox that this instance
 * holds the advisory lock of, waiting with IDLE and polling, reconnecting with backoff, and reloading
 * when a mailbox changes. Fetching itself is lib/email/imap.ts.
 */
/** Mailboxes are looked at again this often even without a NOTIFY: new ones, and those whose watcher another instance dropped. */
const RELOAD_SECONDS = 30;
/** A failing mailbox is retried after 2 s, doubling up to 5 minutes. */
const MAX_BACKOFF_MS = 5 * 60_000;
/** The first number of the two-key advisory locks (`LDMB`): the mailbox id is the second. */
const LOCK_SPACE = 0x4c44_4d42;

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
