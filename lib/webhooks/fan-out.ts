import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { webhookDeliveries, webhooks } from '@/db/schema';
import { queueDeliveryJobs } from './queue';
import { ALL_EVENTS, webhookEvents } from './schema';

const deliverable = new Set<string>(webhookEvents);

/**
 * Turns events just written to the outbox into deliveries for the active webhooks subscribed to
 * them, with a queued job each, all in the caller's transaction: the change, its events and their
 * deliveries commit together or not at all.
 */
export async function fanOutEvents(tx: Db, events: { id: number; type: string }[]): Promise<void> {
  const candidates = events.filter((e) => deliverable.has(e.type));
  if (candidates.length === 0) return;
  const hooks = await tx.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(eq(webhooks.active, true));
  const values = candidates.flatMap((event) =>
    hooks
      .filter((hook) => hook.events.includes(ALL_EVENTS) || hook.events.includes(event.type))
      .map((hook) => ({ webhookId: hook.id, eventId: event.id, eventType: event.type, nextAttemptAt: sql`now()` })),
  );
  if (values.length === 0) return;
  const rows = await tx.insert(webhookDeliveries).values(values).returning({ id: webhookDeliveries.id });
  await queueDeliveryJobs(tx, rows.map((row) => ({ deliveryId: row.id })));
}
