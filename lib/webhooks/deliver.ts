import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events, webhookDeliveries, webhookDeliveryAttempts, webhooks, type DomainEvent, type Webhook, type WebhookDelivery } from '@/db/schema';
import { systemContext } from '@/lib/context';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { isoTime } from '@/lib/time';
import { JOB_EXPIRY_SECONDS } from '@/lib/jobs/queue';
import { queueDeliveryJobs } from './queue';
import { postWebhook, type AttemptOutcome } from './send';
import { toWebhookAuditJson } from './serialize';
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
 * The queue's work for a batch of jobs: makes the attempts that are due for these deliveries and
 * records them. A delivery that is not due, already settled or being attempted elsewhere is left
 * alone, so duplicate jobs are harmless. The batch's requests go out together; their results are
 * recorded in one transaction.
 */
export async function deliverWebhooks(db: Db, deliveryIds: number[]): Promise<void> {
  const claimed = await claimDeliveries(db, deliveryIds, 'scheduled');
  if (claimed.length === 0) return;
  try {
    await attemptDeliveries(db, claimed, 'scheduled');
  } catch (error) {
    // The queue retries the job in seconds; a claim left standing would make that retry skip the
    // deliveries as "being attempted elsewhere" and leave them to the sweep, minutes later.
    await releaseClaims(
      db,
      claimed.map((d) => d.id),
    ).catch(() => undefined);
    throw error;
  }
}

async function releaseClaims(db: Db, deliveryIds: number[]): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ lockedUntil: null })
    .where(and(inArray(webhookDeliveries.id, deliveryIds), inArray(webhookDeliveries.status, ['pending', 'retrying'])));
}

/** Claims deliveries for one attempt each; returns those that are this caller's to make. */
export async function claimDeliveries(db: Db, deliveryIds: number[], kind: AttemptKind): Promise<WebhookDelivery[]> {
  if (deliveryIds.length === 0) return [];
  const unlocked = or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`));
  const due = and(inArray(webhookDeliveries.status, ['pending', 'retrying']), sql`${webhookDeliveries.nextAttemptAt} <= now() + interval '1 second'`);
  return db
    .update(webhookDeliveries)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${JOB_EXPIRY_SECONDS})` })
    .where(and(inArray(webhookDeliveries.id, deliveryIds), unlocked, kind === 'scheduled' ? due : undefined))
    .returning();
}

/**
 * Sends each claimed delivery's request once and records the outcomes. A scheduled attempt for a
 * webhook switched off since the event (by an admin, a 410 or three failing days) is not made:
 * the delivery is marked failed, and redeliver can still send it.
 */
export async function attemptDeliveries(db: Db, claimed: WebhookDelivery[], kind: AttemptKind): Promise<Map<number, AttemptOutcome>> {
  const [hooks, eventRows] = await Promise.all([
    db
      .select()
      .from(webhooks)
      .where(inArray(webhooks.id, unique(claimed.map((d) => d.webhookId)))),
    db
      .select()
      .from(events)
      .where(inArray(events.id, unique(claimed.map((d) => d.eventId)))),
  ]);
  const hookById = new Map(hooks.map((h) => [h.id, h]));
  const eventById = new Map(eventRows.map((e) => [e.id, e]));

  const sendable = claimed.filter((d) => hookById.get(d.webhookId)?.active || (kind === 'manual' && hookById.has(d.webhookId)));
  const skipped = claimed.filter((d) => !sendable.includes(d)).map((d) => d.id);
  if (skipped.length > 0) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lockedUntil: null, updatedAt: new Date() })
      .where(inArray(webhookDeliveries.id, skipped));
  }

  const results = await Promise.all(
    sendable.map(async (delivery) => {
      const webhook = hookById.get(delivery.webhookId)!;
      const body = webhookBody(eventById.get(delivery.eventId)!);
      const outcome = await postWebhook(webhook.url, body, webhookHeaders(webhook, delivery, body));
      return { delivery, webhook, outcome };
    }),
  );
  await recordAttempts(db, results, kind);
  return new Map(results.map((r) => [r.delivery.id, r.outcome]));
}

const unique = <T>(list: T[]) => [...new Set(list)];
/** Dates bound inside raw SQL go as ISO strings: Drizzle's postgres.js setup leaves Date parameters unserialized. */
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/**
 * What `data` holds: the resource, as the API shows it (`webhook` for a ping); a ticket without
 * its thread, and beside it the new `reply` when a reply changed it, `merged_into` (the ticket a
 * duplicate went into) for ticket.merged, or `sla` (the measure breached) for ticket.sla_breached.
 */
const RESOURCE_KEYS = ['ticket', 'reply', 'merged_into', 'sla', 'customer', 'agent', 'webhook'];

/**
 * The reference's payload, plus the event's id: the same bytes on every attempt. `data` carries
 * the resource only; what else the event recorded (such as the changed fields) stays in the outbox.
 */
export function webhookBody(event: DomainEvent): string {
  const data = Object.fromEntries(Object.entries(event.payload).filter(([key]) => RESOURCE_KEYS.includes(key)));
  return JSON.stringify({ id: event.id, event: event.type, timestamp: isoTime(event.createdAt), data });
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

type Result = { delivery: WebhookDelivery; webhook: Webhook; outcome: AttemptOutcome };

/**
 * Writes the attempts, settles or reschedules each delivery, and updates the webhooks' health,
 * in one transaction. A delivery deleted meanwhile (with its webhook) is skipped.
 */
async function recordAttempts(db: Db, results: Result[], kind: AttemptKind) {
  if (results.length === 0) return;
  await db.transaction(async (tx) => {
    const present = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        inArray(
          webhookDeliveries.id,
          results.map((r) => r.delivery.id),
        ),
      )
      .for('update');
    const live = results.filter((r) => present.some((p) => p.id === r.delivery.id));
    if (live.length === 0) return;
    const attempts = tx.insert(webhookDeliveryAttempts).values(
      live.map(({ delivery, outcome }) => ({
        deliveryId: delivery.id,
        attemptedAt: outcome.attemptedAt,
        durationMs: outcome.durationMs,
        responseStatus: outcome.responseStatus,
        responseBody: outcome.responseBody,
        error: outcome.error,
        errorMessage: outcome.errorMessage,
      })),
    );
    const updates = live.map(({ delivery, outcome }) => ({
      delivery,
      attempts: delivery.attempts + 1,
      next: nextState(delivery, outcome, kind, delivery.attempts + 1),
    }));
    const rows = sql.join(
      updates.map(
        ({ delivery, attempts, next }) =>
          sql`(${delivery.id}::int, ${next.status}::text, ${attempts}::int, ${iso(next.nextAttemptAt)}::timestamptz, ${iso(next.deliveredAt)}::timestamptz)`,
      ),
      sql`, `,
    );
    const settled = tx.execute(sql`
      update ${webhookDeliveries} d
      set status = u.status, attempts = u.attempts, next_attempt_at = u.next_attempt_at,
          delivered_at = coalesce(u.delivered_at, d.delivered_at), locked_until = null, updated_at = now()
      from (values ${rows}) as u(id, status, attempts, next_attempt_at, delivered_at)
      where d.id = u.id`);
    const retries = updates
      .filter(({ next }) => next.status === 'retrying' && kind === 'scheduled')
      .map(({ delivery, next }) => ({ deliveryId: delivery.id, startAfter: next.nextAttemptAt! }));
    // Sent together: none of these waits for another's answer.
    await Promise.all([
      attempts,
      settled,
      queueDeliveryJobs(tx, retries),
      kind === 'scheduled'
        ? recordWebhookHealth(
            tx,
            live.filter((r) => r.delivery.eventType !== 'ping'),
          )
        : undefined,
    ]);
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
 * A success clears a webhook's failing streak. A failure starts one, and ends it by switching the
 * webhook off when it has lasted three days, or at once on 410 Gone; `disabled_reason` says which.
 * Within a batch, a webhook's last result counts.
 */
async function recordWebhookHealth(tx: Db, results: Result[]) {
  const last = new Map(results.map((r) => [r.webhook.id, r]));
  const healthy = [...last.values()].filter((r) => r.outcome.ok).map((r) => r.webhook.id);
  if (healthy.length > 0) {
    await tx
      .update(webhooks)
      .set({ failingSince: null })
      .where(and(inArray(webhooks.id, healthy), sql`${webhooks.failingSince} is not null`));
  }
  for (const result of last.values()) {
    if (!result.outcome.ok) await recordFailure(tx, result);
  }
}

async function recordFailure(tx: Db, { webhook, delivery, outcome }: Result) {
  const at = isoTime(outcome.attemptedAt);
  if (outcome.responseStatus === 410) {
    await disableWebhook(tx, webhook.id, delivery.id, `The endpoint answered 410 Gone at ${at}; deliveries stopped`);
    return;
  }
  const [row] = await tx
    .update(webhooks)
    .set({ failingSince: sql`coalesce(${webhooks.failingSince}, ${iso(outcome.attemptedAt)}::timestamptz)` })
    .where(eq(webhooks.id, webhook.id))
    .returning({ failingSince: webhooks.failingSince });
  const since = row?.failingSince;
  if (since && outcome.attemptedAt.getTime() - since.getTime() >= FAILING_DAYS_BEFORE_DISABLE * 86_400_000) {
    await disableWebhook(
      tx,
      webhook.id,
      delivery.id,
      `Deliveries failed for ${FAILING_DAYS_BEFORE_DISABLE} days in a row since ${isoTime(since)} (last: ${outcome.errorMessage}); switched off at ${at}`,
    );
  }
}

/**
 * Switching a webhook off is a change like an admin's: the audit log shows it as Loopdesk's, under
 * the delivery whose attempt decided it. A webhook already off is left as it is, without an entry.
 */
async function disableWebhook(tx: Db, webhookId: number, deliveryId: number, reason: string) {
  const [before] = await tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.active, true)))
    .for('update');
  if (!before) return;
  const [after] = await tx.update(webhooks).set({ active: false, disabledReason: reason, updatedAt: new Date() }).where(eq(webhooks.id, webhookId)).returning();
  const webhook = toWebhookAuditJson(after!);
  const change = changeOf(toWebhookAuditJson(before), webhook);
  await recordEvents(systemContext(tx, `webhook-delivery-${deliveryId}`), [
    resourceEvent('webhook.updated', webhookId, { webhook, ...change, delivery_id: deliveryId }),
  ]);
}
