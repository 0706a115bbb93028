import 'server-only';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events, webhookDeliveries, webhookDeliveryAttempts, type WebhookDelivery } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { recordEvents, resourceEvent } from '@/lib/events';
import { attemptDeliveries, claimDeliveries, webhookBody } from './deliver';
import type { ListDeliveriesQuery } from './schema';
import { toDeliveryJson, toWebhookJson } from './serialize';
import { getWebhookOrThrow } from './service';

/**
 * Deliveries and their attempts are read in one snapshot: an attempt recorded between the two
 * reads would otherwise show a delivery still pending, attempt_count 0, with an attempt in its log.
 */
const oneSnapshot = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

/** GET /webhooks/{id}/deliveries: newest first, each with its attempts, oldest attempt first. */
export async function listDeliveries(ctx: ServiceContext, webhookId: number, q: ListDeliveriesQuery) {
  await getWebhookOrThrow(ctx.db, webhookId);
  const where = and(
    eq(webhookDeliveries.webhookId, webhookId),
    q.status ? inArray(webhookDeliveries.status, q.status) : undefined,
    q.event ? inArray(webhookDeliveries.eventType, q.event) : undefined,
  );
  return ctx.db.transaction(async (tx) => {
    const [rows, total] = await Promise.all([
      tx
        .select()
        .from(webhookDeliveries)
        .where(where)
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(q.per_page)
        .offset((q.page - 1) * q.per_page),
      tx.$count(webhookDeliveries, where),
    ]);
    return { items: await withAttempts(tx, rows), total };
  }, oneSnapshot);
}

/** GET /webhooks/{id}/deliveries/{delivery_id}: the delivery, its attempts, and the exact body every attempt sends. */
export async function getDelivery(ctx: ServiceContext, webhookId: number, deliveryId: number) {
  return ctx.db.transaction(async (tx) => {
    const row = await getDeliveryOrThrow(tx, webhookId, deliveryId);
    const [[delivery], event] = await Promise.all([withAttempts(tx, [row]), tx.query.events.findFirst({ where: eq(events.id, row.eventId) })]);
    return { ...delivery!, request_body: event ? webhookBody(event) : null };
  }, oneSnapshot);
}

/** POST /webhooks/{id}/deliveries/{delivery_id}/redeliver: one attempt now, whatever the delivery's state; answers with the delivery. */
export async function redeliver(ctx: ServiceContext, webhookId: number, deliveryId: number) {
  await getWebhookOrThrow(ctx.db, webhookId);
  await getDeliveryOrThrow(ctx.db, webhookId, deliveryId);
  const claimed = await claimDeliveries(ctx.db, [deliveryId], 'manual');
  if (claimed.length === 0) throw new ConflictError('An attempt at this delivery is under way; try again when it has finished');
  await recordEvents(ctx, [resourceEvent('webhook.redelivered', webhookId, { delivery_id: deliveryId, event_type: claimed[0]!.eventType })]);
  await attemptDeliveries(ctx.db, claimed, 'manual');
  return getDelivery(ctx, webhookId, deliveryId);
}

/**
 * POST /webhooks/{id}/test: sends a `ping` event to this webhook now (active or not) and answers
 * with its delivery. A ping is logged like any delivery but never retried and never disables the webhook.
 */
export async function testWebhook(ctx: ServiceContext, webhookId: number) {
  const webhook = await getWebhookOrThrow(ctx.db, webhookId);
  const delivery = await ctx.db.transaction(async (tx) => {
    const [event] = await recordEvents({ ...ctx, db: tx }, [resourceEvent('ping', webhook.id, { webhook: toWebhookJson(webhook) })]);
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ webhookId: webhook.id, eventId: event!.id, eventType: 'ping', lockedUntil: new Date(Date.now() + 30_000) })
      .returning();
    return row!;
  });
  await attemptDeliveries(ctx.db, [delivery], 'manual');
  return getDelivery(ctx, webhookId, delivery.id);
}

async function getDeliveryOrThrow(db: Db, webhookId: number, deliveryId: number): Promise<WebhookDelivery> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)));
  if (!row) throw new NotFoundError('Delivery');
  return row;
}

async function withAttempts(db: Db, deliveries: WebhookDelivery[]) {
  if (deliveries.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookDeliveryAttempts)
    .where(
      inArray(
        webhookDeliveryAttempts.deliveryId,
        deliveries.map((d) => d.id),
      ),
    )
    .orderBy(asc(webhookDeliveryAttempts.id));
  return deliveries.map((d) =>
    toDeliveryJson(
      d,
      attempts.filter((a) => a.deliveryId === d.id),
    ),
  );
}
