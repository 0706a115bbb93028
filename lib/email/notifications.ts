import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agentDepartments, agents, tickets, type AgentNotificationPreferences } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { notificationDefaults, type NotificationPreferencesJson } from './schema';

/** An event as recordEvents hands it over (lib/events imports this module, so the shape is restated, not imported). */
export type EmailableEvent = { type: string; payload: Record<string, unknown> };

/** Why an agent is emailed; each one is switchable in their profile (`agents.notifications`). */
export type NotificationReason = Exclude<keyof NotificationPreferencesJson, 'in_app'>;

/** One agent notification to queue: who, about which ticket (and reply), and why. */
export type PlannedNotification = { agentId: number; to: string; ticketId: number; replyId: number | null; reason: NotificationReason };

/** An agent's preferences as stored, with the defaults filled in for keys they never set. */
export function notificationPreferencesOf(stored: AgentNotificationPreferences): NotificationPreferencesJson {
  return { ...notificationDefaults, ...stored, in_app: { ...notificationDefaults.in_app, ...stored.in_app } };
}

const ticketPayload = z.object({
  id: z.int(),
  assigned_agent: z.object({ id: z.int() }).nullable(),
  department: z.object({ id: z.int() }).nullable(),
});
const replyPayload = z.object({
  id: z.int(),
  type: z.enum(['public', 'internal']),
  author: z.object({ type: z.enum(['agent', 'customer', 'system']) }),
});

/** The ticket and the new reply an event carries, when it carries them in the shape the ticket services write. */
export function ticketEventParts(event: Pick<EmailableEvent, 'payload'>) {
  const ticket = ticketPayload.safeParse(event.payload.ticket);
  const reply = replyPayload.safeParse(event.payload.reply);
  return { ticket: ticket.success ? ticket.data : null, reply: reply.success ? reply.data : null };
}

type Candidate = { agentId: number; ticketId: number; replyId: number | null; reason: NotificationReason };

/**
 * The agent notifications a batch of events calls for: the new assignee of a ticket (unless they
 * assigned it to themselves), the assignee of a ticket a customer replied on, and the active agents
 * of a new ticket's department. An agent gets at most one email per ticket per batch, for the
 * first reason in that order; agents who switched a reason off, or are inactive, get none.
 */
export async function planNotifications(ctx: ServiceContext, list: EmailableEvent[]): Promise<PlannedNotification[]> {
  if (ctx.notify === false) return [];
  const actingAgent = actingAgentId(ctx.actor);
  const assigned: Candidate[] = [];
  const customerReplies: { ticketId: number; replyId: number }[] = [];
  const newInDepartment: { ticketId: number; departmentId: number }[] = [];
  for (const event of list) {
    const { ticket, reply } = ticketEventParts(event);
    if (!ticket) continue;
    if (event.type === 'ticket.assigned' && ticket.assigned_agent && ticket.assigned_agent.id !== actingAgent) {
      assigned.push({ agentId: ticket.assigned_agent.id, ticketId: ticket.id, replyId: null, reason: 'ticket_assigned' });
    }
    if (event.type === 'ticket.updated' && reply?.type === 'public' && reply.author.type === 'customer') {
      customerReplies.push({ ticketId: ticket.id, replyId: reply.id });
    }
    if (event.type === 'ticket.created' && ticket.department) newInDepartment.push({ ticketId: ticket.id, departmentId: ticket.department.id });
  }
  if (assigned.length + customerReplies.length + newInDepartment.length === 0) return [];

  const assigneeOf = await currentAssignees(
    ctx.db,
    customerReplies.map((r) => r.ticketId),
  );
  const members =
    newInDepartment.length === 0
      ? []
      : await ctx.db
          .select({ agentId: agentDepartments.agentId, departmentId: agentDepartments.departmentId })
          .from(agentDepartments)
          .where(
            inArray(
              agentDepartments.departmentId,
              newInDepartment.map((t) => t.departmentId),
            ),
          );

  const candidates: Candidate[] = [
    ...assigned,
    ...customerReplies.flatMap(({ ticketId, replyId }) => {
      const agentId = assigneeOf.get(ticketId);
      return agentId ? [{ agentId, ticketId, replyId, reason: 'customer_replied' as const }] : [];
    }),
    ...newInDepartment.flatMap(({ ticketId, departmentId }) =>
      members
        .filter((m) => m.departmentId === departmentId && m.agentId !== actingAgent)
        .map((m) => ({ agentId: m.agentId, ticketId, replyId: null, reason: 'new_ticket_in_department' as const })),
    ),
  ];
  const seen = new Set<string>();
  const unique = candidates.filter((c) => {
    const key = `${c.agentId}:${c.ticketId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const people = await agentsToNotify(
    ctx.db,
    unique.map((c) => c.agentId),
  );
  return unique.flatMap((c) => {
    const agent = people.get(c.agentId);
    return agent && notificationPreferencesOf(agent.notifications)[c.reason] ? [{ ...c, to: agent.email }] : [];
  });
}

async function agentsToNotify(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, { email: string; notifications: AgentNotificationPreferences }>();
  const rows = await db
    .select({ id: agents.id, email: agents.email, notifications: agents.notifications })
    .from(agents)
    .where(and(inArray(agents.id, [...new Set(ids)]), eq(agents.status, 'active')));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The tickets' assignees now, not as their events saw them: the transaction writing a reply holds
 * its ticket's lock. For the emails here and the notification center (lib/notifications).
 */
export async function currentAssignees(db: Db, ticketIds: number[]): Promise<Map<number, number | null>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db.select({ id: tickets.id, agentId: tickets.assignedAgentId }).from(tickets).where(inArray(tickets.id, ticketIds));
  return new Map(rows.map((t) => [t.id, t.agentId]));
}
