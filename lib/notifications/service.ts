import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { agentNotifications, agents, type NotificationActor } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { currentAssignees, notificationPreferencesOf } from '@/lib/email/notifications';
import { announceChanges } from '@/lib/live/changes';
import { fullName } from '@/lib/names';
import { type MentionableAgent, mentionedAgentIds } from './mentions';
import type { NotificationKind } from './schema';

/** An event as recordEvents hands it over (lib/events imports this module, so the shape is restated, not imported). */
type TicketEvent = { type: string; payload: Record<string, unknown> };

type Planned = { agentId: number; kind: NotificationKind; ticketId: number; replyId: number | null; actor: NotificationActor };

const eventParts = z.object({
  ticket: z.object({ id: z.int(), assigned_agent: z.object({ id: z.int() }).nullable() }),
  reply: z
    .object({
      id: z.int(),
      content: z.string(),
      type: z.enum(['public', 'internal']),
      author: z.object({ type: z.enum(['agent', 'customer', 'system']), id: z.int().nullable(), name: z.string().nullable() }),
    })
    .optional(),
});

/**
 * The notification center's entries a batch of ticket events calls for, written in their
 * transaction (recordEvents calls this): the new assignee (unless they took the ticket
 * themselves), the assignee of a ticket a customer replied on, and the agents an internal note
 * mentions. Public replies never mention anyone: the customer reads them.
 */
export async function notifyForEvents(ctx: ServiceContext, list: TicketEvent[]): Promise<void> {
  if (ctx.notify === false) return;
  const actingAgent = actingAgentId(ctx.actor);
  // Read once for the batch (a bulk assignment or a batch of notes), not once per event.
  let actor: Promise<NotificationActor> | undefined;
  const caller = () => (actor ??= actorOf(ctx));
  let active: Promise<MentionableAgent[]> | undefined;
  const mentionable = () => (active ??= activeAgents(ctx));
  const planned: Planned[] = [];
  const customerReplies: { ticketId: number; replyId: number; actor: NotificationActor }[] = [];
  for (const event of list) {
    if (event.type !== 'ticket.assigned' && event.type !== 'ticket.updated' && event.type !== 'ticket.sla_breached') continue;
    const parsed = eventParts.safeParse(event.payload);
    if (!parsed.success) continue;
    const { ticket, reply } = parsed.data;
    if (event.type === 'ticket.assigned' && ticket.assigned_agent && ticket.assigned_agent.id !== actingAgent) {
      planned.push({ agentId: ticket.assigned_agent.id, kind: 'assigned', ticketId: ticket.id, replyId: null, actor: await caller() });
    }
    if (event.type === 'ticket.sla_breached' && ticket.assigned_agent) {
      planned.push({ agentId: ticket.assigned_agent.id, kind: 'sla_breached', ticketId: ticket.id, replyId: null, actor: await caller() });
    }
    if (event.type === 'ticket.updated' && reply?.type === 'public' && reply.author.type === 'customer') {
      customerReplies.push({ ticketId: ticket.id, replyId: reply.id, actor: { type: 'customer', id: reply.author.id, name: reply.author.name } });
    }
    if (event.type === 'ticket.updated' && reply?.type === 'internal') {
      const actor: NotificationActor = { type: reply.author.type, id: reply.author.id, name: reply.author.name };
      planned.push(...(await mentionsIn({ ticketId: ticket.id, replyId: reply.id, text: reply.content, actor }, mentionable)));
    }
  }
  if (customerReplies.length > 0) {
    const assigneeOf = await currentAssignees(
      ctx.db,
      customerReplies.map((r) => r.ticketId),
    );
    for (const r of customerReplies) {
      const agentId = assigneeOf.get(r.ticketId);
      if (agentId) planned.push({ agentId, kind: 'customer_replied', ticketId: r.ticketId, replyId: r.replyId, actor: r.actor });
    }
  }
  await createNotifications(ctx, planned);
}

/** The assignees of tickets whose SLA deadline is near (lib/sla/sweep.ts). */
export async function notifySlaWarnings(ctx: ServiceContext, tickets: { ticketId: number; agentId: number }[]): Promise<void> {
  const actor: NotificationActor = { type: 'system', id: null, name: null };
  await createNotifications(
    ctx,
    tickets.map((t) => ({ ...t, kind: 'sla_warning', replyId: null, actor })),
  );
}

/** An internal note written without a reply event (`internal_note` on PUT /tickets/{id}): its mentions. */
export async function notifyNoteMentions(ctx: ServiceContext, note: { ticketId: number; replyId: number; text: string }): Promise<void> {
  if (ctx.notify === false) return;
  await createNotifications(ctx, await mentionsIn({ ...note, actor: await actorOf(ctx) }, () => activeAgents(ctx)));
}

type Note = { ticketId: number; replyId: number; text: string; actor: NotificationActor };

async function activeAgents(ctx: ServiceContext): Promise<MentionableAgent[]> {
  const active = await ctx.db.select({ id: agents.id, firstName: agents.firstName, lastName: agents.lastName }).from(agents).where(eq(agents.status, 'active'));
  return active.map((a) => ({ id: a.id, name: fullName(a.firstName, a.lastName) }));
}

/** The agents a note mentions; the active agents are asked for only when the note has an `@`. */
async function mentionsIn(note: Note, mentionable: () => Promise<MentionableAgent[]>): Promise<Planned[]> {
  if (!note.text.includes('@')) return [];
  const mentioned = mentionedAgentIds(note.text, await mentionable());
  const author = note.actor.type === 'agent' ? note.actor.id : null;
  return mentioned
    .filter((agentId) => agentId !== author)
    .map((agentId) => ({ agentId, kind: 'mention' as const, ticketId: note.ticketId, replyId: note.replyId, actor: note.actor }));
}

async function actorOf(ctx: ServiceContext): Promise<NotificationActor> {
  const { actor } = ctx;
  const agentId = actingAgentId(actor);
  // A key an agent made acts as that agent, as the replies it writes say.
  if (agentId === null) return actor.type === 'api_key' ? { type: 'api_key', id: actor.keyId, name: null } : { type: 'system', id: null, name: null };
  const [agent] = await ctx.db.select({ firstName: agents.firstName, lastName: agents.lastName }).from(agents).where(eq(agents.id, agentId));
  return { type: 'agent', id: agentId, name: agent ? fullName(agent.firstName, agent.lastName) : null };
}

/** Writes the entries for active agents who keep that kind on, and tells their desks. */
async function createNotifications(ctx: ServiceContext, planned: Planned[]): Promise<void> {
  const seen = new Set<string>();
  const unique = planned.filter((p) => {
    const key = `${p.agentId}:${p.kind}:${p.ticketId}:${p.replyId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return;
  const people = await ctx.db
    .select({ id: agents.id, notifications: agents.notifications })
    .from(agents)
    .where(and(inArray(agents.id, [...new Set(unique.map((p) => p.agentId))]), eq(agents.status, 'active')));
  const wants = new Map(people.map((p) => [p.id, notificationPreferencesOf(p.notifications).in_app]));
  const rows = unique.filter((p) => wants.get(p.agentId)?.[p.kind] === true);
  if (rows.length === 0) return;
  await ctx.db.insert(agentNotifications).values(rows);
  // The id is the agent's: their desk re-reads its own notifications through the API.
  await announceChanges(
    ctx.db,
    rows.map((r) => ({ resource: 'notification', id: r.agentId })),
  );
}
