import 'server-only';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, apiKeys, categories, customers, customFieldDefinitions, departments, events, oauthApps, replies } from '@/db/schema';
import { isoTime } from '@/lib/time';
import { getTicketOrThrow } from './queries';
import { fullName } from '@/lib/names';
import { activityDetails, referencedIds, snapshotName, ticketEventPayload, type HistoryNames, type ReferenceKind } from './activity-details';
import type { ActivityDetailJson, ActivityJson } from './schema';

type Named = { id: number; name: string | null };
const nameMap = (rows: Named[]) => new Map(rows.map((r) => [r.id, r.name]));
const people = <T extends { id: number; first: string; last: string }>(rows: T[]) => rows.map((r) => ({ id: r.id, name: fullName(r.first, r.last) }));

/**
 * The internal notes that `PUT /tickets/{id}` with `internal_note` added, by the event that says so:
 * the note and its event were written in one transaction, so they share its time.
 */
async function notesOfUpdates(db: Db, ticketId: number, eventIds: number[]) {
  if (eventIds.length === 0) return new Map<number, Extract<ActivityDetailJson, { field: 'reply' }>>();
  const rows = await db
    .select({ eventId: events.id, replyId: replies.id, authorType: replies.authorType, agentId: agents.id, first: agents.firstName, last: agents.lastName })
    .from(events)
    .innerJoin(replies, and(eq(replies.ticketId, ticketId), eq(replies.type, 'internal'), eq(replies.createdAt, events.createdAt)))
    .leftJoin(agents, eq(agents.id, replies.agentId))
    .where(inArray(events.id, eventIds))
    .orderBy(asc(replies.id));
  return new Map(
    rows.map((r) => {
      const name = r.first !== null && r.last !== null ? fullName(r.first, r.last) : r.authorType === 'system' ? 'Loopdesk' : null;
      const author = { type: r.authorType, id: r.agentId, name };
      return [r.eventId, { field: 'reply' as const, type: 'internal' as const, reply_id: r.replyId, author }];
    }),
  );
}

/**
 * GET /tickets/{id}/activity: who changed what and when, oldest first, from the ticket's domain
 * events (the outbox keeps them). At most the last 500. Names are looked up once for the page.
 */
export async function ticketActivity(db: Db, ticketId: number): Promise<ActivityJson[]> {
  await getTicketOrThrow(db, ticketId);
  const rows = (
    await db
      .select({ id: events.id, type: events.type, actor: events.actor, payload: events.payload, createdAt: events.createdAt })
      .from(events)
      .where(and(eq(events.resourceType, 'ticket'), eq(events.resourceId, ticketId)))
      .orderBy(desc(events.id))
      .limit(500)
  )
    .reverse()
    .map((r) => ({ ...r, payload: ticketEventPayload.parse(r.payload) }));
  const payloads = rows.map((r) => r.payload);
  const ids = (kind: ReferenceKind) => referencedIds(payloads, kind);
  const agentIds = [...new Set([...rows.flatMap((r) => (r.actor.type === 'agent' && r.actor.id ? [r.actor.id] : [])), ...ids('assignee')])];
  const keyIds = rows.flatMap((r) => (r.actor.type === 'api_key' && r.actor.id ? [r.actor.id] : []));
  const appIds = rows.flatMap((r) => (r.actor.app_id === undefined ? [] : [r.actor.app_id]));
  const changesFields = payloads.some((p) => p.changes?.includes('custom_fields'));
  const noteEvents = rows.filter((r) => r.type === 'ticket.updated' && r.payload.changes?.includes('internal_note')).map((r) => r.id);
  const [agentNames, keyNames, appNames, departmentNames, categoryNames, customerNames, labels, notes] = await Promise.all([
    agentIds.length
      ? db.select({ id: agents.id, first: agents.firstName, last: agents.lastName }).from(agents).where(inArray(agents.id, agentIds)).then(people)
      : [],
    keyIds.length ? db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, keyIds)) : [],
    appIds.length ? db.select({ id: oauthApps.id, name: oauthApps.name }).from(oauthApps).where(inArray(oauthApps.id, appIds)) : [],
    ids('department').length
      ? db
          .select({ id: departments.id, name: departments.name })
          .from(departments)
          .where(inArray(departments.id, ids('department')))
      : [],
    ids('category').length
      ? db
          .select({ id: categories.id, name: categories.name })
          .from(categories)
          .where(inArray(categories.id, ids('category')))
      : [],
    ids('customer').length
      ? db
          .select({ id: customers.id, first: customers.firstName, last: customers.lastName })
          .from(customers)
          .where(inArray(customers.id, ids('customer')))
          .then(people)
      : [],
    changesFields
      ? db
          .select({ key: customFieldDefinitions.key, label: customFieldDefinitions.label })
          .from(customFieldDefinitions)
          .where(eq(customFieldDefinitions.entity, 'ticket'))
      : [],
    notesOfUpdates(db, ticketId, noteEvents),
  ]);
  const current = { assignee: nameMap(agentNames), department: nameMap(departmentNames), category: nameMap(categoryNames), customer: nameMap(customerNames) };
  const snapshots = payloads.map((p) => p.ticket).reverse();
  const names: HistoryNames = {
    // The name now, or as the history last showed it when the row has since been deleted.
    name: (kind, id) => current[kind].get(id) ?? snapshotName(snapshots, kind, id),
    label: (key) => labels.find((l) => l.key === key)?.label ?? key,
    noteOf: (eventId) => notes.get(eventId) ?? null,
  };
  const details = activityDetails(rows, names);

  const appOf = ({ app_id: id }: (typeof rows)[number]['actor']) => (id === undefined ? null : { id, name: appNames.find((a) => a.id === id)?.name ?? null });
  const nameOf = (actor: (typeof rows)[number]['actor']) => {
    if (actor.type === 'agent') return actor.id === null ? null : (current.assignee.get(actor.id) ?? null);
    if (actor.type === 'api_key') return keyNames.find((k) => k.id === actor.id)?.name ?? null;
    return 'Loopdesk';
  };
  return rows.map((r, i) => ({
    id: r.id,
    event: r.type,
    actor: { type: r.actor.type, id: r.actor.id, name: nameOf(r.actor), app: appOf(r.actor) },
    changes: r.payload.changes ?? [],
    details: details[i]!,
    created_at: isoTime(r.createdAt),
  }));
}
