import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { outboundEmails, type OutboundEmail } from '@/db/schema';
import type { Db } from '@/db/client';
import { driverMessage } from '@/lib/errors';
import { MissingFileError } from '@/lib/files/store';
import { log } from '@/lib/log';
import { EMAIL_CLAIM_SECONDS, EMAIL_QUEUE, EMAIL_SWEEP_QUEUE, EMAIL_WAKE_CHANNEL } from '@/lib/jobs/queue';
import { startJobRunner, workQueue } from '@/lib/jobs/runner';
import { composeEmail } from './compose';
import { queueEmailJobs, type EmailJob } from './outbound';
import { emailConfigured, sendMail, smtpFailure } from './transport';

/** Sends in flight per process: WORKERS polling loops, each sending a batch at a time. */
const WORKERS = 2;
const BATCH_SIZE = 5;
/**
 * Waits before each retry after a temporary failure (a 4xx answer, no connection): about a day in
 * all, as mail servers retry, after which the email is marked failed.
 */
const RETRY_MINUTES = [1, 5, 15, 30, 60, 120, 240, 240, 240, 240, 240];
export const MAX_EMAIL_ATTEMPTS = RETRY_MINUTES.length + 1;
/** A queued email this far past its attempt time has lost its job (the periodic sweep's margin). */
const SWEEP_GRACE_SECONDS = 600;

export type EmailWorker = { stop(): Promise<void> };

type Options = {
  pollingIntervalSeconds?: number;
  /** How long a send holds its email; shorter only in tests that kill a worker mid-send. */
  claimSeconds?: number;
};

/**
 * Starts sending email from this process: pg-boss workers on the email queue (a job is held by
 * one process at a time), a LISTEN that wakes them when a transaction that queued emails commits,
 * and the sweep. Does nothing when no SMTP server is configured.
 */
export async function startEmailWorker(options: Options = {}): Promise<EmailWorker> {
  if (!emailConfigured()) return { stop: async () => {} };
  const boss = await startJobRunner('email', WORKERS);
  const db = getDb();
  const unlisten = await workQueue<EmailJob>(boss, {
    queue: EMAIL_QUEUE,
    wakeChannel: EMAIL_WAKE_CHANNEL,
    workers: WORKERS,
    batchSize: BATCH_SIZE,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    label: 'email',
    // Emails already recorded are skipped when pg-boss retries a failed batch.
    handle: (jobs) =>
      sendOutboundEmails(
        db,
        jobs.map((job) => job.outboundEmailId),
        options,
      ),
  });

  await boss.work(EMAIL_SWEEP_QUEUE, () => requeueLostEmails(db, SWEEP_GRACE_SECONDS));
  await boss.schedule(EMAIL_SWEEP_QUEUE, '*/5 * * * *');
  // Emails whose send was cut off by a stop or a crash (their claim lapsed) go out now, not at the next sweep.
  await requeueLostEmails(db, 0);

  return {
    async stop() {
      await unlisten();
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}

/**
 * The queue's work for a batch of jobs: sends the emails that are due and records each outcome.
 * An email that is not due, already sent or failed, or held by another attempt is left alone, so
 * duplicate jobs are harmless. The claim counts the attempt and pushes the email's next attempt
 * ahead for the length of the send; a process that dies mid-send leaves the email due again once
 * that has passed, and the retry carries the same Message-ID. Counting at the claim means an email
 * whose every attempt kills its process still runs out of attempts.
 */
export async function sendOutboundEmails(db: Db, ids: number[], options: Pick<Options, 'claimSeconds'> = {}): Promise<void> {
  if (ids.length === 0) return;
  const claimSeconds = options.claimSeconds ?? EMAIL_CLAIM_SECONDS;
  const claimed = await db
    .update(outboundEmails)
    // Whole milliseconds, as the returned row carries it in a Date: recordAttempt compares it to know the claim is still its own.
    .set({ nextAttemptAt: sql`date_trunc('milliseconds', now() + make_interval(secs => ${claimSeconds}))`, attempts: sql`${outboundEmails.attempts} + 1` })
    .where(and(inArray(outboundEmails.id, ids), eq(outboundEmails.status, 'queued'), sql`${outboundEmails.nextAttemptAt} <= now() + interval '1 second'`))
    .returning();
  await Promise.all(claimed.map((email) => attemptEmail(db, email, claimSeconds)));
}

/** A send still under way this long after its claim is given up as a temporary failure, before the claim lapses. */
const sendDeadline = (claimSeconds: number) => Math.max(claimSeconds - 30, claimSeconds / 2) * 1000;

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the SMTP server within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

type Outcome = { sent: true } | { sent: false; permanent: boolean; error: string };

async function attemptEmail(db: Db, email: OutboundEmail, claimSeconds: number): Promise<void> {
  let outcome: Outcome;
  if (email.attempts > MAX_EMAIL_ATTEMPTS) {
    await recordAttempt(db, email, { sent: false, permanent: true, error: email.error ?? 'Gave up after repeated attempts' });
    return;
  }
  try {
    const message = await composeEmail(db, email);
    try {
      // Time queued for a pooled connection counts too, so that a send never outlives its claim.
      await withDeadline(sendMail(message), sendDeadline(claimSeconds));
      outcome = { sent: true };
    } catch (error) {
      const failure = smtpFailure(error);
      outcome = { sent: false, permanent: failure.permanent, error: failure.message };
    }
  } catch (error) {
    // An attachment gone from the store never comes back; anything else (the database) may.
    outcome = { sent: false, permanent: error instanceof MissingFileError, error: driverMessage(error) };
  }
  await recordAttempt(db, email, outcome);
}

async function recordAttempt(db: Db, email: OutboundEmail, outcome: Outcome): Promise<void> {
  const attempts = email.attempts;
  // Still this attempt's claim: if it lapsed and another attempt took the email, that one records.
  const mine = and(eq(outboundEmails.id, email.id), eq(outboundEmails.status, 'queued'), eq(outboundEmails.nextAttemptAt, email.nextAttemptAt));
  if (outcome.sent) {
    await db.update(outboundEmails).set({ status: 'sent', sentAt: new Date(), attempts, error: null, updatedAt: new Date() }).where(mine);
    return;
  }
  const delay = RETRY_MINUTES[attempts - 1];
  if (outcome.permanent || delay === undefined) {
    log('warn', 'email failed', { outbound_email_id: email.id, attempts, error: outcome.error });
    await db.update(outboundEmails).set({ status: 'failed', attempts, error: outcome.error, updatedAt: new Date() }).where(mine);
    return;
  }
  const nextAttemptAt = new Date(Date.now() + delay * 60_000);
  await db.transaction(async (tx) => {
    const [kept] = await tx
      .update(outboundEmails)
      .set({ attempts, error: outcome.error, nextAttemptAt, updatedAt: new Date() })
      .where(mine)
      .returning({ id: outboundEmails.id });
    if (kept) await queueEmailJobs(tx, [{ outboundEmailId: email.id, startAfter: nextAttemptAt }]);
  });
}

/**
 * The safety net under the queue: a queued email past its attempt time by `graceSeconds` whose
 * job is gone (pg-boss gave up, a process died holding it) gets a new one. A duplicate job costs
 * a skipped claim, never a second email.
 */
export async function requeueLostEmails(db: Db, graceSeconds: number): Promise<number> {
  return db.transaction(async (tx) => {
    const lost = await tx
      .select({ id: outboundEmails.id })
      .from(outboundEmails)
      .where(and(eq(outboundEmails.status, 'queued'), lt(outboundEmails.nextAttemptAt, sql`now() - make_interval(secs => ${graceSeconds})`)))
      .limit(1000);
    await queueEmailJobs(
      tx,
      lost.map((row) => ({ outboundEmailId: row.id })),
    );
    if (lost.length > 0 && graceSeconds > 0) log('warn', 'requeued emails whose jobs were lost', { count: lost.length });
    return lost.length;
  });
}
