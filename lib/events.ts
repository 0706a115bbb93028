import { events } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { fanOutEvents } from '@/lib/webhooks/fan-out';

export type EventType =
  | 'ticket.created'
  | 'ticket.updated'
  | 'ticket.assigned'
  | 'ticket.resolved'
  | 'ticket.closed'
  | 'ticket.deleted'
  | 'ticket.reopened'
  | 'ticket.rated'
  | 'customer.created'
  | 'customer.updated'
  | 'agent.created'
  | 'agent.updated'
  | 'ping';

export type NewEvent = { type: EventType; resourceType: string; resourceId: number; payload: Record<string, unknown> };

function actorOf(ctx: Pick<ServiceContext, 'actor'>) {
  const { actor } = ctx;
  if (actor.type === 'api_key') return { type: 'api_key' as const, id: actor.keyId };
  if (actor.type === 'agent') return { type: 'agent' as const, id: actor.agentId };
  return { type: 'system' as const, id: null };
}

/**
 * Writes domain events to the outbox. Call it with the transaction that made the change,
 * so the change, its events and the webhook deliveries they fan out to commit together or not at all.
 */
export async function recordEvents(ctx: Pick<ServiceContext, 'db' | 'actor'>, list: NewEvent[]) {
  if (list.length === 0) return [];
  const actor = actorOf(ctx);
  const rows = await ctx.db
    .insert(events)
    .values(list.map((e) => ({ ...e, actor })))
    .returning({ id: events.id, type: events.type });
  await fanOutEvents(ctx.db, rows);
  return rows;
}
