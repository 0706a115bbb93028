import 'server-only';
import { and, desc, eq, gte, inArray, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, apiKeys, events, oauthApps, type DomainEvent } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { eventCatalogue } from '@/lib/events/catalogue';
import { fullName } from '@/lib/names';
import type { AuditLogFilters, AuditLogQuery } from './schema';
import { toAuditEntryJson, type ActorNames } from './serialize';

const ticketEvents = new Set<string>(eventCatalogue.ticket);

/** The filters as SQL. Actions outside tickets are read through their own small index, which only knows them as such. */
function conditions(q: AuditLogFilters): SQL[] {
  const actorType = sql`(${events.actor} ->> 'type')`;
  const actorId = sql`((${events.actor} ->> 'id')::int)`;
  return [
    q.actor_type && sql`${actorType} = ${q.actor_type}`,
    q.actor_id && sql`${actorId} = ${q.actor_id}`,
    q.action && inArray(events.type, q.action),
    q.action?.every((type) => !ticketEvents.has(type)) && ne(events.resourceType, 'ticket'),
    q.resource_type && eq(events.resourceType, q.resource_type),
    q.resource_id && eq(events.resourceId, q.resource_id),
    q.from && gte(events.createdAt, q.from),
    q.to && lte(events.createdAt, q.to),
  ].filter((c): c is SQL => Boolean(c));
}

/** The names of the agents, keys and OAuth apps that acted in `rows`, in three lookups for the whole page. */
async function actorNames(db: Db, rows: DomainEvent[]): Promise<ActorNames> {
  const ids = (type: string) => [...new Set(rows.flatMap((r) => (r.actor.type === type && r.actor.id !== null ? [r.actor.id] : [])))];
  const [agentIds, keyIds] = [ids('agent'), ids('api_key')];
  const appIds = [...new Set(rows.flatMap((r) => (r.actor.app_id === undefined ? [] : [r.actor.app_id])))];
  const [people, keys, apps] = await Promise.all([
    agentIds.length === 0 ? [] : db.select({ id: agents.id, first: agents.firstName, last: agents.lastName }).from(agents).where(inArray(agents.id, agentIds)),
    keyIds.length === 0 ? [] : db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, keyIds)),
    appIds.length === 0 ? [] : db.select({ id: oauthApps.id, name: oauthApps.name }).from(oauthApps).where(inArray(oauthApps.id, appIds)),
  ]);
  return {
    agent: new Map(people.map((p) => [p.id, fullName(p.first, p.last)])),
    api_key: new Map(keys.map((k) => [k.id, k.name])),
    app: new Map(apps.map((a) => [a.id, a.name])),
  };
}

/** GET /audit-log: a page of entries, newest first, and the cursor of the next one (null on the last). */
export async function listAuditLog(ctx: ServiceContext, q: AuditLogQuery) {
  const where = [...conditions(q), ...(q.after ? [lt(events.id, Number(q.after))] : [])];
  const rows = await ctx.db
    .select()
    .from(events)
    .where(and(...where))
    .orderBy(desc(events.id))
    .limit(q.per_page + 1);
  const page = rows.slice(0, q.per_page);
  const names = await actorNames(ctx.db, page);
  const hasNext = rows.length > q.per_page;
  return { items: page.map((row) => toAuditEntryJson(row, names)), nextCursor: hasNext ? String(page.at(-1)!.id) : null };
}
