import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, apiKeys, events, oauthApps } from '@/db/schema';
import { isoTime } from '@/lib/time';
import { getTicketOrThrow } from './queries';
import { fullName } from '@/lib/names';
import type { ActivityJson } from './schema';

/**
 * GET /tickets/{id}/activity: who changed what and when, oldest first, from the ticket's domain
 * events (the outbox keeps them). At most the last 500.
 */
export async function ticketActivity(db: Db, ticketId: number): Promise<ActivityJson[]> {
  await getTicketOrThrow(db, ticketId);
  const rows = await db
    .select({ id: events.id, type: events.type, actor: events.actor, payload: events.payload, createdAt: events.createdAt })
    .from(events)
    .where(and(eq(events.resourceType, 'ticket'), eq(events.resourceId, ticketId)))
    .orderBy(asc(events.id))
    .limit(500);
  const agentIds = rows.flatMap((r) => (r.actor.type === 'agent' && r.actor.id ? [r.actor.id] : []));
  const keyIds = rows.flatMap((r) => (r.actor.type === 'api_key' && r.actor.id ? [r.actor.id] : []));
  const appIds = rows.flatMap((r) => (r.actor.app_id === undefined ? [] : [r.actor.app_id]));
  const [agentNames, keyNames, appNames] = await Promise.all([
    agentIds.length ? db.select({ id: agents.id, first: agents.firstName, last: agents.lastName }).from(agents).where(inArray(agents.id, agentIds)) : [],
    keyIds.length ? db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, keyIds)) : [],
    appIds.length ? db.select({ id: oauthApps.id, name: oauthApps.name }).from(oauthApps).where(inArray(oauthApps.id, appIds)) : [],
  ]);
  const appOf = ({ app_id: id }: (typeof rows)[number]['actor']) => (id === undefined ? null : { id, name: appNames.find((a) => a.id === id)?.name ?? null });
  const nameOf = (actor: (typeof rows)[number]['actor']) => {
    if (actor.type === 'agent') {
      const agent = agentNames.find((a) => a.id === actor.id);
      return agent ? fullName(agent.first, agent.last) : null;
    }
    if (actor.type === 'api_key') return keyNames.find((k) => k.id === actor.id)?.name ?? null;
    return 'Loopdesk';
  };
  return rows.map((r) => ({
    id: r.id,
    event: r.type,
    actor: { type: r.actor.type, id: r.actor.id, name: nameOf(r.actor), app: appOf(r.actor) },
    changes: Array.isArray(r.payload.changes) ? (r.payload.changes as string[]) : [],
    created_at: isoTime(r.createdAt),
  }));
}
