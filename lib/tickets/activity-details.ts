import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { isoTime } from '@/lib/time';
import { status, ticketPriorities, type ActivityDetailJson } from './schema';

/**
 * What a ticket event says, read back from its payload (lib/events): `ticket`, the ticket as it was
 * right after (every ticket event but a rating carries it); for an update `changes` (the fields),
 * `before` and `after` (their values, ids for references); for a reply `reply`; for a rating
 * `satisfaction`. Each part is optional: events written before a part existed simply lack it.
 */
const ref = z.object({ id: z.number(), name: z.string() });
const snapshot = z.object({
  status: status.optional(),
  assigned_agent: ref.nullish(),
  department: ref.nullish(),
  category: ref.nullish(),
  customer: ref.nullish(),
});
const replyOfEvent = z.object({
  id: z.number(),
  type: z.enum(['public', 'internal']),
  author: z.object({ type: z.enum(['agent', 'customer', 'system']), id: z.number().nullable(), name: z.string().nullable() }),
});
const mergeRef = z.object({ id: z.number(), number: z.string() });
export const ticketEventPayload = z.object({
  ticket: snapshot.optional().catch(undefined),
  changes: z.array(z.string()).optional().catch(undefined),
  before: z.record(z.string(), z.unknown()).optional().catch(undefined),
  after: z.record(z.string(), z.unknown()).optional().catch(undefined),
  reply: replyOfEvent.optional().catch(undefined),
  satisfaction: z.object({ rating: z.number() }).optional().catch(undefined),
  // A merge (lib/tickets/merge.ts): the other ticket, on each side.
  merged_into: mergeRef.optional().catch(undefined),
  merged_from: mergeRef.optional().catch(undefined),
  unmerged_from: mergeRef.optional().catch(undefined),
});
export type TicketEventPayload = z.infer<typeof ticketEventPayload>;
export type TicketSnapshot = z.infer<typeof snapshot>;

export type ReferenceKind = 'assignee' | 'department' | 'category' | 'customer';
/** The ticket column behind each reference the history names. */
export const referenceColumns = { assigned_agent_id: 'assignee', department_id: 'department', category_id: 'category', customer_id: 'customer' } as const;
const snapshotKey = { assignee: 'assigned_agent', department: 'department', category: 'category', customer: 'customer' } as const;

/** What the details need beside the events: names by id, custom field labels, the notes PUT wrote. */
export type HistoryNames = {
  name: (kind: ReferenceKind, id: number) => string | null;
  label: (key: string) => string;
  /** The internal note a `PUT` with `internal_note` added in this event, and who wrote it. */
  noteOf: (eventId: number) => Extract<ActivityDetailJson, { field: 'reply' }> | null;
};

/** Every id of this kind that the events' updates name, to look the names up once for the page. */
export function referencedIds(payloads: TicketEventPayload[], kind: ReferenceKind): number[] {
  const column = Object.entries(referenceColumns).find(([, k]) => k === kind)![0];
  const ids = payloads.flatMap((p) => [p.before?.[column], p.after?.[column]]);
  return [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
}

/** Names the snapshots give, for what has been deleted since: the ticket as each event left it. */
export function snapshotName(snapshots: (TicketSnapshot | undefined)[], kind: ReferenceKind, id: number): string | null {
  for (const s of snapshots) {
    const named = s?.[snapshotKey[kind]];
    if (named?.id === id) return named.name;
  }
  return null;
}

const priority = z.enum(ticketPriorities);
const customFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).catch(null);
const time = (value: unknown) => (typeof value === 'string' || value instanceof Date ? isoTime(new Date(value)) : null);
const textOf = (value: unknown) => (typeof value === 'string' ? value : null);
const listOf = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const recordOf = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** One update's `changes` with their values, in the order `changes` lists them. */
function updateDetails(eventId: number, payload: TicketEventPayload, names: HistoryNames): ActivityDetailJson[] {
  const before = payload.before ?? {};
  const after = payload.after ?? {};
  const refOf = (kind: ReferenceKind, id: unknown) => (typeof id === 'number' ? { id, name: names.name(kind, id) } : null);
  return (payload.changes ?? []).flatMap((field): ActivityDetailJson[] => {
    switch (field) {
      case 'status': {
        const to = status.safeParse(after.status);
        return to.success ? [{ field, from: status.safeParse(before.status).data ?? null, to: to.data }] : [];
      }
      case 'priority': {
        const to = priority.safeParse(after.priority);
        return to.success ? [{ field, from: priority.safeParse(before.priority).data ?? null, to: to.data }] : [];
      }
      case 'assigned_agent_id':
      case 'department_id':
      case 'category_id':
      case 'customer_id': {
        const kind = referenceColumns[field];
        return [{ field: kind, from: refOf(kind, before[field]), to: refOf(kind, after[field]) }];
      }
      case 'due_date':
        return [{ field, from: time(before.due_date), to: time(after.due_date) }];
      case 'subject': {
        const to = textOf(after.subject);
        return to === null ? [] : [{ field, from: textOf(before.subject), to }];
      }
      case 'description':
        return [{ field }];
      case 'tags': {
        const [from, to] = [listOf(before.tags), listOf(after.tags)];
        return [{ field, from, to, added: to.filter((t) => !from.includes(t)), removed: from.filter((t) => !to.includes(t)) }];
      }
      case 'custom_fields': {
        const [from, to] = [recordOf(before.custom_fields), recordOf(after.custom_fields)];
        const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((key) => !isDeepStrictEqual(from[key], to[key]));
        return keys.map((key) => ({
          field: 'custom_field' as const,
          key,
          label: names.label(key),
          from: customFieldValue.parse(from[key] ?? null),
          to: customFieldValue.parse(to[key] ?? null),
        }));
      }
      case 'replies':
        return payload.reply ? [{ field: 'reply', type: payload.reply.type, reply_id: payload.reply.id, author: payload.reply.author }] : [];
      case 'internal_note': {
        const note = names.noteOf(eventId);
        return note ? [note] : [];
      }
      case 'merged_from':
      case 'unmerged_from': {
        const other = payload[field];
        return other ? [{ field, ticket: { id: other.id, number: other.number } }] : [];
      }
      case 'attachments': {
        const files = Array.isArray(after.attachments) ? after.attachments.map((a) => textOf(recordOf(a).filename)).filter((f) => f !== null) : [];
        return [{ field, files }];
      }
      // resolved_at, closed_at and reopen_count follow the status; updated_at every change.
      default:
        return [];
    }
  });
}

/**
 * Each event's details. An update says what it changed; the events that go with a change
 * (assigned, resolved, closed, reopened) say it again, from the ticket as the event before left it;
 * a creation needs none (the ticket shows how it began).
 */
export function activityDetails(
  events: { id: number; type: string; payload: TicketEventPayload; createdAt: Date }[],
  names: HistoryNames,
): ActivityDetailJson[][] {
  // The events of one change share its transaction's time: "before" is the ticket as the last
  // change before it left it, not as the update recorded a moment earlier in the same change.
  let latest: TicketSnapshot | undefined;
  let before: TicketSnapshot | undefined;
  let change: number | undefined;
  return events.map(({ id, type, payload, createdAt }) => {
    if (createdAt.getTime() !== change) [before, change] = [latest, createdAt.getTime()];
    const now = payload.ticket;
    if (now) latest = now;
    switch (type) {
      case 'ticket.updated':
        return updateDetails(id, payload, names);
      case 'ticket.assigned': {
        const to = now?.assigned_agent;
        const from = before?.assigned_agent;
        return to
          ? [
              {
                field: 'assignee',
                from: from ? { id: from.id, name: names.name('assignee', from.id) ?? from.name } : null,
                to: { id: to.id, name: names.name('assignee', to.id) ?? to.name },
              },
            ]
          : [];
      }
      case 'ticket.resolved':
      case 'ticket.closed':
      case 'ticket.reopened':
        return now?.status ? [{ field: 'status', from: before?.status ?? null, to: now.status }] : [];
      case 'ticket.rated':
        return payload.satisfaction ? [{ field: 'rating', to: payload.satisfaction.rating }] : [];
      case 'ticket.merged':
      case 'ticket.unmerged': {
        const into = payload.merged_into;
        if (!into) return [];
        const link = { field: type === 'ticket.merged' ? ('merged_into' as const) : ('unmerged_into' as const), ticket: { id: into.id, number: into.number } };
        // The duplicate's closing is the ticket.updated recorded with it.
        return [link];
      }
      default:
        return [];
    }
  });
}
