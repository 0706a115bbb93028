import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { events } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { queueEmailsForEvents } from '@/lib/email/outbound';
import { announceChanges, isAnnounced } from '@/lib/live/changes';
import { notifyForEvents } from '@/lib/notifications/service';
import { deliveriesOf } from '@/lib/webhooks/fan-out';
import { queueDeliveryJobs } from '@/lib/webhooks/queue';
import { resourceTypeOf, type EventType, type ResourceType } from './catalogue';

export type { EventType, ResourceType } from './catalogue';

export type NewEvent = { type: EventType; resourceType: ResourceType; resourceId: number | null; payload: Record<string, unknown> };

/**
 * One change of one resource. By convention the payload holds the resource under its own name
 * (`{ webhook: ... }`), and an update adds `changes` (the fields changed) and `previous` (their
 * values before), from which the audit log shows before and after. Never a secret or a hash.
 */
export function resourceEvent(type: EventType, resourceId: number | null, payload: Record<string, unknown>): NewEvent {
  return { type, resourceType: resourceTypeOf(type), resourceId, payload };
}

/**
 * What an update changed, as the API shows the resource: the names of the fields (`changes`) and
 * their values `before` and `after`. `updated_at` changes with every update and says nothing.
 */
export function changeOf<T extends Record<string, unknown>>(before: T, after: T) {
  const changes = Object.keys(after).filter((field) => field !== 'updated_at' && !isDeepStrictEqual(before[field], after[field]));
  const pick = (from: T) => Object.fromEntries(changes.map((field) => [field, from[field]]));
  return { changes, before: pick(before), after: pick(after) };
}

function actorOf({ actor }: ServiceContext) {
  if (actor.type === 'api_key') return { type: 'api_key' as const, id: actor.keyId };
  // Through an OAuth token the change is the agent's, made with the app: the history names both.
  if (actor.type === 'agent') return { type: 'agent' as const, id: actor.agentId, ...(actor.app ? { app_id: actor.app.id } : {}) };
  return { type: 'system' as const, id: null };
}

/**
 * Writes events with who made the change and from where. Call it with the transaction that made
 * the change, so the change, its events, the webhook deliveries they fan out to and the emails
 * they call for (a reply to the customer, agent notifications, notification-center entries) commit together or not at all; the
 * open desks hear of the change as it commits.
 */
export async function recordEvents(ctx: ServiceContext, list: NewEvent[]) {
  if (list.length === 0) return [];
  const origin = { actor: actorOf(ctx), requestId: ctx.requestId, ip: ctx.ip };
  const inserted = ctx.db
    .insert(events)
    .values(list.map((e) => ({ ...e, ...origin })))
    .returning({ id: events.id, type: events.type });
  // The events and their webhook deliveries in one statement.
  const [written] = await ctx.db.execute<{ events: { id: number; type: string }[]; deliveries: number[] | null }>(sql`
    with e as (${inserted.getSQL()}), d as (${deliveriesOf(sql`e`)})
    select (select json_agg(json_build_object('id', id, 'type', type) order by id) from e) as events,
           (select json_agg(id) from d) as deliveries`);
  const { events: rows, deliveries } = written!;
  await queueEmailsForEvents(ctx, list);
  await notifyForEvents(ctx, list);
  // Sent together: both go out when the transaction commits.
  await Promise.all([
    queueDeliveryJobs(
      ctx.db,
      (deliveries ?? []).map((deliveryId) => ({ deliveryId })),
    ),
    announceChanges(
      ctx.db,
      list.filter((e) => isAnnounced(e.type)).map((e) => ({ resource: e.resourceType, id: e.resourceId })),
    ),
  ]);
  return rows;
}
