import 'server-only';
import { and, asc, count, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, customers, macros, tickets, type Macro } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { recordEvents, resourceEvent } from '@/lib/events';
import { fullName } from '@/lib/names';
import { updateTicket } from '@/lib/tickets/service';
import type { UpdateTicketInput } from '@/lib/tickets/schema';
import { renderMacro, type MacroValues } from './render';
import type { CreateMacroInput, ListMacrosQuery, MacroJson, UpdateMacroInput } from './schema';
import { toMacroJson } from './serialize';

const isAdmin = (ctx: ServiceContext) => ctx.actor.type === 'system' || ctx.actor.permission === 'admin';

/** The macros the caller may see: every shared one and their own personal ones (a key without an agent: shared only). */
function visibleTo(ctx: ServiceContext): SQL {
  const agentId = actingAgentId(ctx.actor);
  return agentId ? or(isNull(macros.ownerAgentId), eq(macros.ownerAgentId, agentId))! : isNull(macros.ownerAgentId);
}

/** Shared macros are the desk's, so admins write them; a personal one belongs to the agent who keeps it. */
function ownerFor(ctx: ServiceContext, visibility: 'personal' | 'shared'): number | null {
  if (visibility === 'shared') {
    if (!isAdmin(ctx)) throw new ForbiddenError('Only admins can create, change or delete shared macros');
    return null;
  }
  const agentId = actingAgentId(ctx.actor);
  if (!agentId) throw new ForbiddenError('Personal macros belong to an agent: sign in, or use a key created by an agent');
  return agentId;
}

function nameTaken(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause ?? error;
  return (cause as { code?: string })?.code === '23505';
}

async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (nameTaken(error))
      throw new ConflictError('A macro with this name already exists', { cause: error }, [{ field: 'name', message: 'Name is already taken' }]);
    throw error;
  }
}

/** GET /macros: shared and the caller's personal macros, by name. */
export async function listMacros(ctx: ServiceContext, q: ListMacrosQuery) {
  const where = and(
    visibleTo(ctx),
    q.search ? ilike(macros.name, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    q.visibility ? eq(macros.visibility, q.visibility) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(macros)
      .where(where)
      .orderBy(asc(macros.name), asc(macros.id))
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    ctx.db.select({ n: count() }).from(macros).where(where),
  ]);
  return { items: rows.map(toMacroJson), total: total?.n ?? 0 };
}

/** Another agent's personal macro is not found, not forbidden: its existence is theirs. */
async function findVisibleMacro(ctx: ServiceContext, db: Db, id: number, lock = false): Promise<Macro> {
  const query = db
    .select()
    .from(macros)
    .where(and(eq(macros.id, id), visibleTo(ctx)));
  const [macro] = lock ? await query.for('update') : await query;
  if (!macro) throw new NotFoundError('Macro');
  return macro;
}

export async function getMacro(ctx: ServiceContext, id: number): Promise<MacroJson> {
  return toMacroJson(await findVisibleMacro(ctx, ctx.db, id));
}

/** POST /macros */
export async function createMacro(ctx: ServiceContext, input: CreateMacroInput): Promise<MacroJson> {
  const ownerAgentId = ownerFor(ctx, input.visibility);
  return uniqueName(() =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(macros)
        .values({
          name: input.name,
          body: input.body,
          actions: input.actions,
          visibility: input.visibility,
          ownerAgentId,
          createdByAgentId: actingAgentId(ctx.actor),
        })
        .returning();
      const json = toMacroJson(row!);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('macro.created', json.id, { macro: json })]);
      return json;
    }),
  );
}

/** PUT /macros/{id}: the caller must be allowed to write the macro as it is and as it becomes. */
export async function updateMacro(ctx: ServiceContext, id: number, input: UpdateMacroInput): Promise<MacroJson> {
  return uniqueName(() =>
    ctx.db.transaction(async (tx) => {
      const current = await findVisibleMacro(ctx, tx, id, true);
      ownerFor(ctx, current.visibility);
      const visibility = input.visibility ?? current.visibility;
      const ownerAgentId = visibility === current.visibility ? current.ownerAgentId : ownerFor(ctx, visibility);
      const [row] = await tx
        .update(macros)
        .set({ name: input.name, body: input.body, actions: input.actions, visibility, ownerAgentId, updatedAt: new Date() })
        .where(eq(macros.id, id))
        .returning();
      const json = toMacroJson(row!);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('macro.updated', id, { macro: json, before: toMacroJson(current) })]);
      return json;
    }),
  );
}

/** DELETE /macros/{id} */
export async function deleteMacro(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await findVisibleMacro(ctx, tx, id, true);
    ownerFor(ctx, current.visibility);
    await tx.delete(macros).where(eq(macros.id, id));
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('macro.deleted', id, { macro: toMacroJson(current) })]);
  });
}

async function variableValues(ctx: ServiceContext, db: Db, ticketId: number): Promise<MacroValues> {
  const [row] = await db
    .select({ number: tickets.number, subject: tickets.subject, firstName: customers.firstName, lastName: customers.lastName })
    .from(tickets)
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .where(eq(tickets.id, ticketId));
  if (!row) throw new NotFoundError('Ticket');
  const agentId = actingAgentId(ctx.actor);
  const [agent] = agentId ? await db.select({ firstName: agents.firstName, lastName: agents.lastName }).from(agents).where(eq(agents.id, agentId)) : [];
  return {
    'customer.first_name': row.firstName ?? '',
    'customer.name': row.firstName === null ? '' : fullName(row.firstName, row.lastName),
    'ticket.number': row.number,
    'ticket.subject': row.subject,
    'agent.name': agent ? fullName(agent.firstName, agent.lastName) : '',
    'agent.first_name': agent?.firstName ?? '',
  };
}

/**
 * POST /tickets/{id}/macros/{macro_id}/apply: renders the body for the composer (it is not sent:
 * the agent edits and sends it) and applies the actions through the ticket update, so the events,
 * webhooks and history are a normal update's. All in one transaction.
 */
export async function applyMacro(ctx: ServiceContext, ticketId: number, macroId: number) {
  return ctx.db.transaction(async (tx) => {
    const macro = await findVisibleMacro(ctx, tx, macroId);
    const values = await variableValues(ctx, tx, ticketId);
    const change = await ticketChange(ctx, tx, ticketId, macro);
    const ticket = await updateTicket({ ...ctx, db: tx }, ticketId, change);
    return { body: renderMacro(macro.body, values), ticket };
  });
}

const MAX_TICKET_TAGS = 50;

async function ticketChange(ctx: ServiceContext, db: Db, ticketId: number, macro: Macro): Promise<UpdateTicketInput> {
  const { status, priority, assignee_id, add_tags, remove_tags } = macro.actions;
  const change: UpdateTicketInput = {};
  if (status) change.status = status as UpdateTicketInput['status'];
  if (priority) change.priority = priority as UpdateTicketInput['priority'];
  if (assignee_id === 'me') {
    const agentId = actingAgentId(ctx.actor);
    if (!agentId) throw new ValidationError([{ field: 'actions.assignee_id', message: 'This macro assigns the ticket to "me": apply it as an agent' }]);
    change.assigned_agent_id = agentId;
  } else if (assignee_id !== undefined) {
    change.assigned_agent_id = assignee_id;
  }
  if (add_tags?.length || remove_tags?.length) {
    const [ticket] = await db.select({ tags: tickets.tags }).from(tickets).where(eq(tickets.id, ticketId)).for('update');
    const removed = new Set(remove_tags ?? []);
    change.tags = [...new Set([...(ticket?.tags ?? []), ...(add_tags ?? [])])].filter((t) => !removed.has(t));
    // The ticket's own limit (the update schema's, which a macro's tags do not pass through).
    if (change.tags.length > MAX_TICKET_TAGS) {
      throw new ValidationError([
        { field: 'actions.add_tags', message: `The ticket would have ${change.tags.length} tags; a ticket has at most ${MAX_TICKET_TAGS}` },
      ]);
    }
  }
  return change;
}
