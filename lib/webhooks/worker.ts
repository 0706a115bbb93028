import { and, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { webhookDeliveries } from '@/db/schema';
import { deleteExpiredIdempotencyKeys } from '@/lib/api/idempotency';
import { deleteExpiredAuditEntries } from '@/lib/audit/retention';
import { deleteEndedOAuthGrants } from '@/lib/oauth/cleanup';
import { deleteOldSessions } from '@/lib/auth/sessions';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { deliverWebhooks } from './deliver';
import { CLEANUP_QUEUE, DELIVERY_QUEUE, SWEEP_QUEUE, WAKE_CHANNEL } from '@/lib/jobs/queue';
import { startJobRunner, workQueue } from '@/lib/jobs/runner';
import { queueDeliveryJobs, type DeliveryJob } from './queue';

/** Deliveries in flight per process: WORKERS polling loops, each sending a batch at a time. */
const WORKERS = 4;
const BATCH_SIZE = 10;
/** Delivery records are kept this long. */
const RETENTION_DAYS = 30;
/** A delivery this far past its attempt time with no attempt under way has lost its job. */
const SWEEP_GRACE = sql`interval '10 minutes'`;

export type WebhookWorker = { stop(): Promise<void> };

/**
 * Starts delivering webhooks from this process: pg-boss workers on the delivery queue (several
 * app instances may run them; a job is held by one at a time), a LISTEN that wakes them the
 * moment a transaction with new deliveries commits, the sweep and the daily clean-up.
 */
export async function startWebhookWorker(options: { pollingIntervalSeconds?: number } = {}): Promise<WebhookWorker> {
  const boss = await startJobRunner('webhook', WORKERS);
  const db = getDb();
  const unlisten = await workQueue<DeliveryJob>(boss, {
    queue: DELIVERY_QUEUE,
    wakeChannel: WAKE_CHANNEL,
    workers: WORKERS,
    batchSize: BATCH_SIZE,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    label: 'webhook delivery',
    // Deliveries already recorded are skipped when pg-boss retries a failed batch.
    handle: (jobs) =>
      deliverWebhooks(
        db,
        jobs.map((job) => job.deliveryId),
      ),
  });

  await boss.work(SWEEP_QUEUE, () => requeueLostDeliveries());
  // The daily clean-up also takes Idempotency-Keys past their 24 hours (until then they are only
  // ignored), browser sessions ended or expired a day ago, audit entries past their retention, and
  // OAuth codes and grants that ended a day ago.
  await boss.work(CLEANUP_QUEUE, async () => ({
    deliveries: await deleteOldDeliveries(),
    idempotencyKeys: await deleteExpiredIdempotencyKeys(db),
    sessions: await deleteOldSessions(db),
    auditEntries: await deleteExpiredAuditEntries(db, config().LOOPDESK_AUDIT_RETENTION_DAYS),
    oauthGrants: await deleteEndedOAuthGrants(db),
  }));
  await boss.schedule(SWEEP_QUEUE, '*/5 * * * *');
  await boss.schedule(CLEANUP_QUEUE, '17 3 * * *');
  // Deliveries whose jobs were lost while no worker ran are picked up now, not in five minutes.
  await boss.send(SWEEP_QUEUE, {});

  return {
    async stop() {
      await unlisten();
      // Lets attempts under way finish (they take at most 10 s); unfinished jobs expire and run again elsewhere.
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}

/**
 * The safety net under the queue: a due delivery whose job is gone (pg-boss gave up after its own
 * retries, say, while the database was unavailable) gets a new one. Jobs are idempotent, so one
 * queued twice costs a skipped claim, never a second request.
 */
export async function requeueLostDeliveries(): Promise<number> {
  const db = getDb();
  return db.transaction(async (tx) => {
    const lost = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          inArray(webhookDeliveries.status, ['pending', 'retrying']),
          lt(webhookDeliveries.nextAttemptAt, sql`now() - ${SWEEP_GRACE}`),
          or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
        ),
      )
      .limit(1000);
    await queueDeliveryJobs(
      tx,
      lost.map((row) => ({ deliveryId: row.id })),
    );
    if (lost.length > 0) log('warn', 'requeued webhook deliveries whose jobs were lost', { count: lost.length });
    return lost.length;
  });
}

/** Deletes delivery records (and their attempts) older than 30 days, in batches. */
export async function deleteOldDeliveries(): Promise<number> {
  const db = getDb();
  let total = 0;
  for (;;) {
    const deleted = await db.execute(sql`
      delete from ${webhookDeliveries} where ${webhookDeliveries.id} in (
        select id from ${webhookDeliveries}
        where ${webhookDeliveries.createdAt} < now() - make_interval(days => ${RETENTION_DAYS})
          and ${webhookDeliveries.status} in ('succeeded', 'failed')
        limit 5000)`);
    total += deleted.count;
    if (deleted.count < 5000) return total;
  }
}
