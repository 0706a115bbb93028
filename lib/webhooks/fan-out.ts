import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { webhookDeliveries, webhooks } from '@/db/schema';
import { queueDeliveryJobs } from './queue';
import { ALL_EVENTS, webhookEvents } from '@/lib/events/catalogue';

const deliverable = new Set<string>(webhookEvents);

/**
 * Turns events just written to the outbox into deliveries for the active webhooks subscribed to
 * them, with a queued job each, all in the caller's transaction: the change, its events and their
 * deliveries commit together or not at all.
 */
export async function fanOutEvents(tx: Db, events: { id: number; type: string }[]): Promise<void> {
  const candidates = events.filter((e) => deliverable.has(e.type));
  if (candidates.length === 0) return;
  const list = sql.join(
    candidates.map((e) => sql`(${e.id}::bigint, ${e.type}::text)`),
    sql`, `,
  );
  // One statement whether or not anyone listens: most changes have no subscribed webhook.
  const rows = await tx.execute<{ id: number }>(sql`
    insert into ${webhookDeliveries} (webhook_id, event_id, event_type, next_attempt_at)
    select w.id, e.id, e.type, now()
    from (values ${list}) as e(id, type)
    join ${webhooks} w on w.active and (w.events @> array[e.type] or w.events @> array[${ALL_EVENTS}::text])
    returning id`);
  await queueDeliveryJobs(
    tx,
    Array.from(rows, (row) => ({ deliveryId: row.id })),
  );
}
