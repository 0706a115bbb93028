import { sql, type SQL } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Db } from '@/db/client';

/**
 * The durable job queue: pg-boss on the app's own PostgreSQL, behind webhook deliveries and
 * outbound email. A job is inserted in the same transaction as the row it names (a delivery, an
 * email), and so as the change that caused it: nothing is lost between commit and queue. A job
 * names only its row, and the row says whether work is due, so a job run twice (pg-boss retrying
 * after a crash, the sweep queueing again) does nothing extra.
 */
export const DELIVERY_QUEUE = 'webhook-delivery';
export const SWEEP_QUEUE = 'webhook-delivery-sweep';
export const CLEANUP_QUEUE = 'webhook-delivery-cleanup';
export const EMAIL_QUEUE = 'email-send';
export const EMAIL_SWEEP_QUEUE = 'email-send-sweep';

/** Committing a transaction that queued deliveries, or emails, wakes their workers through these channels. */
export const WAKE_CHANNEL = 'loopdesk_webhook_deliveries';
export const EMAIL_WAKE_CHANNEL = 'loopdesk_email';

/**
 * A send holds its email (its next attempt pushed this far ahead) while it talks to the SMTP server,
 * whose timeouts end any attempt well within it; the job expires a little later, so a job retried
 * after a crash finds the email due again rather than still held.
 */
export const EMAIL_CLAIM_SECONDS = 120;

/**
 * A delivery job left active by a crashed process is failed after this long and retried by pg-boss.
 * An attempt takes at most 10 s (the request timeout) plus a few writes, so this leaves room.
 */
export const JOB_EXPIRY_SECONDS = 30;

const QUEUES: PgBoss.Queue[] = [
  // retryLimit covers the worker's own failures (database unavailable mid-attempt); HTTP and SMTP
  // failures are retried on the webhook or email schedule by queueing the next attempt as a new job.
  { name: DELIVERY_QUEUE, retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: JOB_EXPIRY_SECONDS },
  { name: SWEEP_QUEUE, retryLimit: 0, expireInSeconds: 300 },
  { name: CLEANUP_QUEUE, retryLimit: 2, expireInSeconds: 3600 },
  { name: EMAIL_QUEUE, retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: EMAIL_CLAIM_SECONDS + 30 },
  { name: EMAIL_SWEEP_QUEUE, retryLimit: 0, expireInSeconds: 300 },
];

export const queueConfig = (connectionString: string): PgBoss.ConstructorOptions => ({
  connectionString,
  schema: 'pgboss',
  application_name: 'loopdesk-jobs',
});

/** Installs or upgrades pg-boss's schema and our queues; run with the migrations. */
export async function installQueues(connectionString: string): Promise<void> {
  const boss = new PgBoss({ ...queueConfig(connectionString), max: 1, supervise: false, schedule: false, migrate: true });
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const queue of QUEUES) {
      if (existing.has(queue.name)) await boss.updateQueue(queue.name, queue);
      else await boss.createQueue(queue.name, queue);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

// Used only to build job inserts for a caller's transaction; never started, so it holds no connection.
const holder = globalThis as typeof globalThis & { loopdeskJobWriter?: PgBoss };

function jobWriter(): PgBoss {
  holder.loopdeskJobWriter ??= new PgBoss({
    schema: 'pgboss',
    db: { executeSql: () => Promise.reject(new Error('the job writer only inserts into a given transaction')) },
  });
  return holder.loopdeskJobWriter;
}

/**
 * Inserts jobs into `queue` through the caller's transaction, so they commit with what caused them
 * or not at all, and wakes the queue's workers on `channel` when it commits.
 */
export async function queueJobs(tx: Db, queue: string, channel: string, jobs: { data: object; startAfter?: Date }[]): Promise<void> {
  if (jobs.length === 0) return;
  // Sent together (one connection, pipelined); the notification goes out when the transaction commits.
  await Promise.all([
    jobWriter().insert(
      jobs.map(({ data, startAfter }) => ({ name: queue, data, startAfter })),
      { db: transactionExecutor(tx) },
    ),
    tx.execute(sql`select pg_notify(${channel}, '')`),
  ]);
}

/** pg-boss's executor interface over a Drizzle transaction: `$n` placeholders become bound parameters. */
function transactionExecutor(tx: Db): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const rows = await tx.execute(bindParameters(text, values));
      return { rows: Array.from(rows) };
    },
  };
}

function bindParameters(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`)),
    sql.raw(''),
  );
}
