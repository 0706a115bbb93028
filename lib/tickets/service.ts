import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, replies, tickets, type Ticket } from '@/db/schema';
import { actingAgentId, channelOf, type ServiceContext } from '@/lib/context';
import { applyCustomFields, loadCustomFieldRules } from '@/lib/custom-fields/validate';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '@/lib/errors';
import { recordEvents, resourceEvent, type EventType, type NewEvent } from '@/lib/events';
import { notifyNoteMentions } from '@/lib/notifications/service';
import { removeStoredFiles } from '@/lib/files/attachments';
import { loadTickets } from './queries';
import { checkTicketReferences } from './references';
import type { CreateTicketInput, TicketJson, TicketStatus, UpdateTicketInput } from './schema';
import { toTicketEventJson, toTicketJson } from './serialize';

type Prefix = (index: number) => string;
const single: Prefix = () => '';
export const bulkPrefix: Prefix = (i) => `tickets[${i}].`;

function ticketEvent(type: EventType, ticket: TicketJson, extra: Record<string, unknown> = {}): NewEvent {
  return resourceEvent(type, ticket.id, { ticket: toTicketEventJson(ticket), ...extra });
}

/** What Loopdesk's own intake adds to a new ticket: the email intake's Cc addresses and mailbox. */
export type NewTicket = CreateTicketInput & { cc?: string[]; mailboxId?: number | null; descriptionHtml?: string | null };

/** Creates tickets all-or-nothing: one bad item rejects them all with indexed field errors. */
export async function createTickets(ctx: ServiceContext, inputs: NewTicket[], prefix: Prefix = bulkPrefix) {
  return ctx.db.transaction(async (tx) => {
    const [rules, { errors, rows: referenced }] = await Promise.all([loadCustomFieldRules(tx, 'ticket'), checkTicketReferences(tx, inputs, prefix)]);
    // An emailed ticket has no way to fill in custom fields: checked as an update, a required one
    // is enforced only when given, and an agent fills it in later. Every other channel must give it.
    const mode = channelOf(ctx) === 'email' ? 'update' : 'create';
    const values = inputs.map((input, i) => {
      const fields = applyCustomFields(rules, {}, input.custom_fields, `${prefix(i)}custom_fields`, mode);
      errors.push(...fields.errors);
      const now = new Date();
      return {
        subject: input.subject,
        description: input.description ?? null,
        status: input.status,
        priority: input.priority,
        customerId: input.customer_id ?? null,
        departmentId: input.department_id ?? null,
        categoryId: input.category_id ?? null,
        assignedAgentId: input.assigned_agent_id ?? null,
        dueDate: input.due_date ?? null,
        tags: input.tags ?? [],
        customFields: fields.values,
        resolvedAt: input.status === 'resolved' || input.status === 'closed' ? now : null,
        closedAt: input.status === 'closed' ? now : null,
        channel: channelOf(ctx),
        cc: input.cc ?? [],
        mailboxId: input.mailboxId ?? null,
        descriptionHtml: input.descriptionHtml ?? null,
      };
    });
    if (errors.length > 0) throw new ValidationError(errors);

    // A new ticket has no thread, files or merge yet, and the rows it names were read above: it is
    // shown from what the insert returns, without reading it back.
    const rows = await tx.insert(tickets).values(values).returning();
    const created = rows.map((ticket) =>
      toTicketJson(
        {
          ticket,
          customer: rowOf(referenced.customer_id, ticket.customerId),
          agent: rowOf(referenced.assigned_agent_id, ticket.assignedAgentId),
          department: rowOf(referenced.department_id, ticket.departmentId),
          category: rowOf(referenced.category_id, ticket.categoryId),
          mergedInto: null,
        },
        [],
        [],
      ),
    );
    await recordEvents(
      { ...ctx, db: tx },
      created.flatMap((t) => [ticketEvent('ticket.created', t), ...(t.assigned_agent ? [ticketEvent('ticket.assigned', t)] : [])]),
    );
    return created;
  });
}

const rowOf = <T>(rows: Map<number, T>, id: number | null) => (id === null ? null : (rows.get(id) ?? null));

export async function createTicket(ctx: ServiceContext, input: NewTicket): Promise<TicketJson> {
  const [ticket] = await createTickets(ctx, [input], single);
  return ticket!;
}

export type TicketChange = UpdateTicketInput & { id: number };

const columnOf = {
  subject: 'subject',
  description: 'description',
  priority: 'priority',
  customer_id: 'customerId',
  department_id: 'departmentId',
  category_id: 'categoryId',
  assigned_agent_id: 'assignedAgentId',
  due_date: 'dueDate',
  tags: 'tags',
} as const satisfies Partial<Record<keyof UpdateTicketInput, keyof Ticket>>;

const isDone = (s: TicketStatus) => s === 'resolved' || s === 'closed';

/** Resolution and closing times, and the reopen count, follow the status. */
function statusFields(current: Ticket, next: TicketStatus, now: Date): Partial<Ticket> {
  if (next === current.status) return {};
  if (next === 'resolved') return { status: next, resolvedAt: now, closedAt: null };
  if (next === 'closed') return { status: next, closedAt: now, resolvedAt: current.resolvedAt ?? now };
  if (isDone(current.status)) return { status: next, resolvedAt: null, closedAt: null, reopenCount: current.reopenCount + 1 };
  return { status: next };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return (a as Date | null)?.getTime() === (b as Date | null)?.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A duplicate merged into another ticket stays closed: its conversation lives on the other ticket,
 * so reopening it would open an empty ticket. Undoing the merge (within its window) reopens it whole.
 */
async function refuseReopeningMerged(db: Db, ticket: Ticket) {
  if (ticket.mergedIntoId === null) return;
  const [kept] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticket.mergedIntoId));
  throw new ConflictError(`${ticket.number} is merged into ${kept?.number ?? 'another ticket'}: work on that ticket, or undo the merge`);
}

/**
 * Applies partial updates to tickets all-or-nothing. Rows are locked in id order so that two
 * bulk updates over the same tickets queue up instead of deadlocking.
 */
export async function updateTickets(ctx: ServiceContext, changes: TicketChange[], prefix: Prefix = bulkPrefix) {
  return ctx.db.transaction(async (tx) => {
    const ids = changes.map((c) => c.id);
    const locked = await tx.select().from(tickets).where(inArray(tickets.id, ids)).orderBy(asc(tickets.id)).for('update');
    const byId = new Map(locked.map((t) => [t.id, t]));
    const errors: FieldError[] = [];
    changes.forEach((change, i) => {
      if (!byId.has(change.id)) {
        if (prefix === single) throw new NotFoundError('Ticket');
        errors.push({ field: `${prefix(i)}id`, message: `Ticket ${change.id} does not exist` });
      } else if (ids.indexOf(change.id) !== i) {
        errors.push({ field: `${prefix(i)}id`, message: `Ticket ${change.id} appears more than once in this request` });
      }
    });
    const [rules, { errors: referenceErrors }] = await Promise.all([loadCustomFieldRules(tx, 'ticket'), checkTicketReferences(tx, changes, prefix)]);
    errors.push(...referenceErrors);
    const now = new Date();
    const plans = changes.flatMap((change, i) => {
      const current = byId.get(change.id);
      if (!current) return [];
      const fields = applyCustomFields(rules, current.customFields, change.custom_fields, `${prefix(i)}custom_fields`, 'update');
      errors.push(...fields.errors);
      const set: Partial<Ticket> = {};
      for (const [field, column] of Object.entries(columnOf) as [keyof typeof columnOf, (typeof columnOf)[keyof typeof columnOf]][]) {
        const value = change[field];
        if (value !== undefined && !sameValue(current[column], value)) Object.assign(set, { [column]: value });
      }
      if (change.custom_fields !== undefined && !sameValue(current.customFields, fields.values)) set.customFields = fields.values;
      if (change.status) Object.assign(set, statusFields(current, change.status, now));
      return [{ current, change, set }];
    });
    if (errors.length > 0) throw new ValidationError(errors);
    for (const { current, set } of plans) if (set.status !== undefined) await refuseReopeningMerged(tx, current);

    const authorId = actingAgentId(ctx.actor);
    for (const { current, change, set } of plans) {
      const note = change.internal_note;
      if (Object.keys(set).length === 0 && !note) continue;
      if (note) {
        const [written] = await tx
          .insert(replies)
          .values({
            ticketId: current.id,
            content: note,
            type: 'internal',
            authorType: authorId ? 'agent' : 'system',
            agentId: authorId,
            channel: channelOf(ctx),
          })
          .returning({ id: replies.id });
        await notifyNoteMentions({ ...ctx, db: tx }, { ticketId: current.id, replyId: written!.id, text: note });
      }
      await tx
        .update(tickets)
        .set({ ...set, updatedAt: now })
        .where(eq(tickets.id, current.id));
    }

    const updated = await loadTickets(tx, ids);
    const events = updated.flatMap((ticket) => {
      const plan = plans.find((p) => p.current.id === ticket.id)!;
      const changed = [...Object.keys(plan.set).map(snakeCase), ...(plan.change.internal_note ? ['internal_note'] : [])];
      if (changed.length === 0) return [];
      const list = [ticketEvent('ticket.updated', ticket, { changes: changed, ...columnChange(plan.current, plan.set) })];
      if (plan.set.assignedAgentId) list.push(ticketEvent('ticket.assigned', ticket));
      if (plan.set.status === 'resolved') list.push(ticketEvent('ticket.resolved', ticket));
      if (plan.set.status === 'closed') list.push(ticketEvent('ticket.closed', ticket));
      if (plan.set.reopenCount !== undefined) list.push(ticketEvent('ticket.reopened', ticket));
      return list;
    });
    await recordEvents({ ...ctx, db: tx }, events);
    return updated;
  });
}

const snakeCase = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The changed columns' values before and after, for the audit log: only what changed, so events stay small. */
function columnChange(current: Ticket, set: Partial<Ticket>) {
  const columns = Object.keys(set) as (keyof Ticket)[];
  if (columns.length === 0) return {};
  const values = (from: Partial<Ticket>) => Object.fromEntries(columns.map((column) => [snakeCase(column), from[column]]));
  return { before: values(current), after: values(set) };
}

export async function updateTicket(ctx: ServiceContext, id: number, input: UpdateTicketInput): Promise<TicketJson> {
  const [ticket] = await updateTickets(ctx, [{ ...input, id }], single);
  return ticket!;
}

/** PUT /tickets/{id}/assign: the agent must exist and be active; null unassigns. */
export async function assignTicket(ctx: ServiceContext, id: number, agentId: number | null): Promise<TicketJson> {
  try {
    return await updateTicket(ctx, id, { assigned_agent_id: agentId });
  } catch (error) {
    // This endpoint's body calls the agent `agent_id`; point the error at the field the caller sent.
    if (!(error instanceof ValidationError)) throw error;
    const details = error.details.map((d) => (d.field === 'assigned_agent_id' ? { ...d, field: 'agent_id' } : d));
    throw new ValidationError(details, error.message, { cause: error });
  }
}

/**
 * Deletes tickets in the caller's transaction, which holds their rows locked (replies, attachments
 * and ratings go with them by cascade), and records ticket.deleted for each. Returns the storage
 * keys of their files, for removeStoredFiles once the transaction has committed.
 */
export async function deleteTicketRows(ctx: ServiceContext, rows: { id: number; number: string }[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const files = await ctx.db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.ticketId, ids));
  await ctx.db.delete(tickets).where(inArray(tickets.id, ids));
  await recordEvents(
    ctx,
    rows.map((ticket) => resourceEvent('ticket.deleted', ticket.id, { ticket })),
  );
  return files.map((f) => f.key);
}

/** Deletes a ticket with its replies and attachments; the files go once the deletion has committed. */
export async function deleteTicket(ctx: ServiceContext, id: number): Promise<void> {
  const storageKeys = await ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.id, id)).for('update');
    if (!ticket) throw new NotFoundError('Ticket');
    // The conversations of duplicates merged into it are part of it now: deleting it would leave them empty.
    const duplicates = await tx.select({ number: tickets.number }).from(tickets).where(eq(tickets.mergedIntoId, id)).orderBy(tickets.id);
    if (duplicates.length > 0) {
      const list = duplicates.map((d) => d.number).join(', ');
      throw new ConflictError(`${ticket.number} holds the conversation of ${list}, merged into it: delete those first, or undo their merges`);
    }
    return deleteTicketRows({ ...ctx, db: tx }, [ticket]);
  });
  await removeStoredFiles(storageKeys);
}
