import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events, webhookDeliveries, webhookDeliveryAttempts, webhooks, type DomainEvent, type Webhook, type WebhookDelivery } from '@/db/schema';
import { isoTime } from '@/lib/time';
import { JOB_EXPIRY_SECONDS, queueDeliveryJobs } from './queue';
import { postWebhook, type AttemptOutcome } from './send';
import { referenceSignature, signingSecrets, standardSignature } from './signature';

/** Waits before each retry: about three days in all, after which the delivery is given up. */
const RETRY_DELAYS_SECONDS = [10, 60, 300, 1800, 7200, 21600, 43200, 86400, 86400];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** A receiver's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_SECONDS = 86400;
/** A webhook whose deliveries have all failed for this long is switched off. */
const FAILING_DAYS_BEFORE_DISABLE = 3;

export const USER_AGENT = 'Loopdesk-Webhooks/1';

/**
 * How an attempt came about. `scheduled`: the queue's, which retries on the schedule and may
 * disable the webhook. `manual`: redeliver or test, which records the result and leaves the
 * retry schedule and the webhook as they are.
 */
type AttemptKind = 'scheduled' | 'manual';

/**
 * The queue's job: makes the attempt that is due for this delivery, if one is, and records it. A
 * delivery that is not due, already settled or being attempted elsewhere is left alone, so
 * duplicate jobs are harmless.
 */
export async function deliverWebhook(db: Db, deliveryId: number): Promise<void> {
  const delivery = await claimDelivery(db, deliveryId, 'scheduled');
  if (!delivery) return;
  const webhook = await db.query.webhooks.findFirst({ where: eq(webhooks.id, delivery.webhookId) });
  if (!webhook?.active) {
    // Switched off (by an admin, a 410 or three days of failures) since the event: not sent; redeliver sends it.
    await db
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lockedUntil: null, updatedAt: new Date() })
      .where(eq(webhookDeliveries.id, deliveryId));
    return;
  }
  await attempt(db, webhook, delivery, 'scheduled');
}

/** Claims a delivery for one attempt, or returns null when it is not this caller's to make. */
export async function claimDelivery(db: Db, deliveryId: number, kind: AttemptKind): Promise<WebhookDelivery | null> {
  const unlocked = or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`));
  const due = and(
    inArray(webhookDeliveries.status, ['pending', 'retrying']),
    sql`${webhookDeliveries.nextAttemptAt} <= now() + interval '1 second'`,
  );
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${JOB_EXPIRY_SECONDS})` })
    .where(and(eq(webhookDeliveries.id, deliveryId), unlocked, kind === 'scheduled' ? due : undefined))
    .returning();
  return claimed ?? null;
}

/** Sends the delivery's request once and records the outcome; returns the outcome. */
export async function attempt(db: Db, webhook: Webhook, delivery: WebhookDelivery, kind: AttemptKind): Promise<AttemptOutcome> {
  const event = await db.query.events.findFirst({ where: eq(events.id, delivery.eventId) });
  if (!event) throw new Error(`event ${delivery.eventId} of delivery ${delivery.id} is missing`);
  const body = webhookBody(event);
  const outcome = await postWebhook(webhook.url, body, webhookHeaders(webhook, delivery, body));
  await recordAttempt(db, webhook, delivery, outcome, kind);
  return outcome;
}

/** The reference's payload, plus the event's id: the same bytes on every attempt. */
export function webhookBody(event: DomainEvent): string {
  return JSON.stringify({ id: event.id, event: event.type, timestamp: isoTime(event.createdAt), data: event.payload });
}

/**
 * Our headers and the Standard Webhooks ones. During a secret rotation's overlap the Standard
 * header carries a signature per secret; X-Loopdesk-Signature, which holds one value, is made
 * with the new secret and X-Loopdesk-Signature-Previous with the one it replaced.
 */
export function webhookHeaders(webhook: Webhook, delivery: WebhookDelivery, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const id = String(delivery.id);
  const [current, previous] = signingSecrets(webhook, now);
  const secrets = previous ? [current!, previous] : [current!];
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-Loopdesk-Event': delivery.eventType,
    'X-Loopdesk-Delivery': id,
    'X-Loopdesk-Timestamp': String(timestamp),
    'X-Loopdesk-Signature': referenceSignature(body, current!),
    ...(previous ? { 'X-Loopdesk-Signature-Previous': referenceSignature(body, previous) } : {}),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => standardSignature(id, timestamp, body, secret)).join(' '),
  };
}

/** Writes the attempt, settles or reschedules the delivery, and updates the webhook's health: one transaction. */
async function recordAttempt(db: Db, webhook: Webhook, delivery: WebhookDelivery, outcome: AttemptOutcome, kind: AttemptKind) {
  const attempts = delivery.attempts + 1;
  await db.transaction(async (tx) => {
    await tx.insert(webhookDeliveryAttempts).values({
      deliveryId: delivery.id,
      attemptedAt: outcome.attemptedAt,
      durationMs: outcome.durationMs,
      responseStatus: outcome.responseStatus,
      responseBody: outcome.responseBody,
      error: outcome.error,
      errorMessage: outcome.errorMessage,
    });
    const next = nextState(delivery, outcome, kind, attempts);
    await tx
      .update(webhookDeliveries)
      .set({ ...next, attempts, lockedUntil: null, updatedAt: new Date() })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (next.status === 'retrying' && kind === 'scheduled') {
      await queueDeliveryJobs(tx, [{ deliveryId: delivery.id, startAfter: next.nextAttemptAt! }]);
    }
    if (kind === 'scheduled' && delivery.eventType !== 'ping') await recordWebhookHealth(tx, webhook.id, outcome);
  });
}

type NextState = Pick<WebhookDelivery, 'status' | 'nextAttemptAt'> & { deliveredAt?: Date };

function nextState(delivery: WebhookDelivery, outcome: AttemptOutcome, kind: AttemptKind, attempts: number): NextState {
  if (outcome.ok) return { status: 'succeeded', nextAttemptAt: null, deliveredAt: outcome.attemptedAt };
  if (kind === 'manual') {
    // A failed redelivery leaves a scheduled retry in place; a test (ping) or a given-up delivery stays failed.
    const scheduled = delivery.status === 'retrying' || delivery.status === 'pending';
    return scheduled && delivery.eventType !== 'ping'
      ? { status: delivery.status === 'pending' ? 'retrying' : delivery.status, nextAttemptAt: delivery.nextAttemptAt }
      : { status: 'failed', nextAttemptAt: null };
  }
  if (outcome.responseStatus === 410 || attempts >= MAX_ATTEMPTS) return { status: 'failed', nextAttemptAt: null };
  return { status: 'retrying', nextAttemptAt: new Date(outcome.attemptedAt.getTime() + retryDelaySeconds(attempts, outcome) * 1000) };
}

/** The wait after the given number of failed attempts: the schedule with ±20 % jitter, or the receiver's Retry-After. */
export function retryDelaySeconds(failedAttempts: number, outcome: Pick<AttemptOutcome, 'retryAfterSeconds'>, random = Math.random): number {
  if (outcome.retryAfterSeconds !== null) return Math.min(Math.max(outcome.retryAfterSeconds, 1), MAX_RETRY_AFTER_SECONDS);
  const base = RETRY_DELAYS_SECONDS[Math.min(failedAttempts, RETRY_DELAYS_SECONDS.length) - 1]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * A success clears the webhook's failing streak. A failure starts one, and ends it by switching
 * the webhook off when it has lasted three days, or at once on 410 Gone; `disabled_reason` says which.
 */
async function recordWebhookHealth(tx: Db, webhookId: number, outcome: AttemptOutcome) {
  if (outcome.ok) {
    await tx.update(webhooks).set({ failingSince: null }).where(and(eq(webhooks.id, webhookId), sql`${webhooks.failingSince} is not null`));
    return;
  }
  const at = isoTime(outcome.attemptedAt);
  if (outcome.responseStatus === 410) {
    await disableWebhook(tx, webhookId, `The endpoint answered 410 Gone at ${at}; deliveries stopped`);
    return;
  }
  const [row] = await tx
    .update(webhooks)
    .set({ failingSince: sql`coalesce(${webhooks.failingSince}, ${outcome.attemptedAt})` })
    .where(eq(webhooks.id, webhookId))
    .returning({ failingSince: webhooks.failingSince });
  const since = row?.failingSince;
  if (since && outcome.attemptedAt.getTime() - since.getTime() >= FAILING_DAYS_BEFORE_DISABLE * 86_400_000) {
    await disableWebhook(
      tx,
      webhookId,
      `Deliveries failed for ${FAILING_DAYS_BEFORE_DISABLE} days in a row since ${isoTime(since)} (last: ${outcome.errorMessage}); switched off at ${at}`,
    );
  }
}

async function disableWebhook(tx: Db, webhookId: number, reason: string) {
  await tx
    .update(webhooks)
    .set({ active: false, disabledReason: reason, updatedAt: new Date() })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.active, true)));
}
