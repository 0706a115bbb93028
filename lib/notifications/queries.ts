import 'server-only';
import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { agentNotifications, tickets } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import { announceChanges } from '@/lib/live/changes';
import { isoTime } from '@/lib/time';
import type { ListNotificationsQuery, MarkNotificationsReadInput, NotificationJson } from './schema';

/** The notification center is an agent's own: an API key made by no agent has none. */
function signedInAgent(ctx: ServiceContext): number {
  const agentId = actingAgentId(ctx.actor);
  if (!agentId) throw new ForbiddenError('Notifications belong to an agent: sign in, or use a key created by an agent');
  return agentId;
}

/** GET /notifications: the caller's notifications, newest first. */
export async function listNotifications(ctx: ServiceContext, query: ListNotificationsQuery): Promise<{ items: NotificationJson[]; total: number }> {
  const agentId = signedInAgent(ctx);
  const where: SQL[] = [eq(agentNotifications.agentId, agentId)];
  if (query.unread) where.push(isNull(agentNotifications.readAt));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ n: agentNotifications, number: tickets.number, subject: tickets.subject })
      .from(agentNotifications)
      .innerJoin(tickets, eq(tickets.id, agentNotifications.ticketId))
      .where(and(...where))
      .orderBy(desc(agentNotifications.id))
      .limit(query.per_page)
      .offset((query.page - 1) * query.per_page),
    ctx.db
      .select({ value: count() })
      .from(agentNotifications)
      .where(and(...where)),
  ]);
  const items = rows.map(({ n, number, subject }) => ({
    id: n.id,
    kind: n.kind,
    ticket: { id: n.ticketId, number, subject },
    reply_id: n.replyId,
    actor: n.actor,
    created_at: isoTime(n.createdAt),
    read_at: isoTime(n.readAt),
  }));
  return { items, total: total?.value ?? 0 };
}

async function unreadOf(ctx: ServiceContext, agentId: number): Promise<number> {
  const [row] = await ctx.db
    .select({ value: count() })
    .from(agentNotifications)
    .where(and(eq(agentNotifications.agentId, agentId), isNull(agentNotifications.readAt)));
  return row?.value ?? 0;
}

/** GET /notifications/unread-count: what the desk's bell shows. */
export async function countUnreadNotifications(ctx: ServiceContext): Promise<{ unread: number }> {
  return { unread: await unreadOf(ctx, signedInAgent(ctx)) };
}

/**
 * POST /notifications/read: marks some of the caller's notifications read, or all of them. An id
 * that is not the caller's is refused like one that does not exist, so no one learns of another's.
 * Not an audited change: reading is no change to the helpdesk's records.
 */
export async function markNotificationsRead(ctx: ServiceContext, input: MarkNotificationsReadInput): Promise<{ marked: number; unread: number }> {
  const agentId = signedInAgent(ctx);
  const mine = eq(agentNotifications.agentId, agentId);
  if (input.ids) {
    const found = await ctx.db
      .select({ id: agentNotifications.id })
      .from(agentNotifications)
      .where(and(mine, inArray(agentNotifications.id, input.ids)));
    const known = new Set(found.map((f) => f.id));
    const errors = input.ids.flatMap((id, i) => (known.has(id) ? [] : [{ field: `ids[${i}]`, message: `Notification ${id} does not exist` }]));
    if (errors.length > 0) throw new ValidationError(errors);
  }
  const marked = await ctx.db
    .update(agentNotifications)
    .set({ readAt: new Date() })
    .where(and(mine, isNull(agentNotifications.readAt), ...(input.ids ? [inArray(agentNotifications.id, input.ids)] : [])))
    .returning({ id: agentNotifications.id });
  // The agent's other tabs put their bell right too.
  if (marked.length > 0) await announceChanges(ctx.db, [{ resource: 'notification', id: agentId }]);
  return { marked: marked.length, unread: await unreadOf(ctx, agentId) };
}
