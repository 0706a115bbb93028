import 'server-only';
import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { agents, attachments, categories, customers, departments, outboundEmails, replies, tickets } from '@/db/schema';
import { toReplyEmailJson } from '@/lib/email/outbound';
import { NotFoundError } from '@/lib/errors';
import type { TicketJson } from './schema';
import { toReplyJson, toTicketJson } from './serialize';

const ticketColumns = getTableColumns(tickets);
const replyAgents = alias(agents, 'reply_agents');
const replyCustomers = alias(customers, 'reply_customers');
const mergeTargets = alias(tickets, 'merge_targets');

/** The columns of the rows a ticket names, as a ticket shows them: read with the ticket, or by its reference check. */
export const referenceColumns = {
  customer_id: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email, organization: customers.organization },
  assigned_agent_id: { id: agents.id, firstName: agents.firstName, lastName: agents.lastName, email: agents.email },
  department_id: { id: departments.id, name: departments.name },
  category_id: { id: categories.id, name: categories.name },
};

/** A reply row with its author: the agent or the customer joined to it, by its author type (none for Loopdesk). */
export function withAuthor<R extends { authorType: 'agent' | 'customer' | 'system' }, P>(reply: R, agent: P | null, customer: P | null) {
  return { ...reply, author: reply.authorType === 'agent' ? agent : reply.authorType === 'customer' ? customer : null };
}

/**
 * Full tickets in the reference's shape, four queries for any number of ids; order follows `ids`.
 * `thread: false`: without their replies (for an event, which does not store the thread), in two.
 */
export async function loadTickets(db: Db, ids: number[], { thread = true }: { thread?: boolean } = {}): Promise<TicketJson[]> {
  if (ids.length === 0) return [];
  const [rows, replyRows, files, emails] = await Promise.all([
    db
      .select({
        ticket: ticketColumns,
        customer: referenceColumns.customer_id,
        agent: referenceColumns.assigned_agent_id,
        department: referenceColumns.department_id,
        category: referenceColumns.category_id,
        mergedInto: { id: mergeTargets.id, number: mergeTargets.number },
      })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(agents, eq(agents.id, tickets.assignedAgentId))
      .leftJoin(departments, eq(departments.id, tickets.departmentId))
      .leftJoin(categories, eq(categories.id, tickets.categoryId))
      .leftJoin(mergeTargets, eq(mergeTargets.id, tickets.mergedIntoId))
      .where(inArray(tickets.id, ids)),
    !thread
      ? []
      : db
          .select({
            reply: getTableColumns(replies),
            agent: {
              id: replyAgents.id,
              firstName: replyAgents.firstName,
              lastName: replyAgents.lastName,
              email: replyAgents.email,
            },
            customer: {
              id: replyCustomers.id,
              firstName: replyCustomers.firstName,
              lastName: replyCustomers.lastName,
              email: replyCustomers.email,
            },
          })
          .from(replies)
          .leftJoin(replyAgents, eq(replyAgents.id, replies.agentId))
          .leftJoin(replyCustomers, eq(replyCustomers.id, replies.customerId))
          .where(inArray(replies.ticketId, ids))
          .orderBy(asc(replies.createdAt), asc(replies.id)),
    db.select().from(attachments).where(inArray(attachments.ticketId, ids)).orderBy(asc(attachments.id)),
    // A reply has at most one email (a resend reuses it); ordered so the newest would win if not.
    !thread
      ? []
      : db
          .select({
            replyId: outboundEmails.replyId,
            status: outboundEmails.status,
            messageId: outboundEmails.messageId,
            error: outboundEmails.error,
            sentAt: outboundEmails.sentAt,
          })
          .from(outboundEmails)
          .where(and(inArray(outboundEmails.ticketId, ids), eq(outboundEmails.kind, 'reply')))
          .orderBy(asc(outboundEmails.id)),
  ]);

  const filesByReply = groupBy(
    files.filter((f) => f.replyId !== null),
    (f) => f.replyId!,
  );
  const filesByTicket = groupBy(files, (f) => f.ticketId);
  const emailByReply = new Map(emails.map((e) => [e.replyId, toReplyEmailJson(e)]));
  const repliesByTicket = groupBy(
    replyRows.map(({ reply, agent, customer }) => ({
      ticketId: reply.ticketId,
      json: toReplyJson(withAuthor(reply, agent, customer), filesByReply.get(reply.id) ?? [], emailByReply.get(reply.id) ?? null),
    })),
    (r) => r.ticketId,
  );
  return inOrderOf(
    ids,
    rows.map((row) =>
      toTicketJson(
        row,
        (repliesByTicket.get(row.ticket.id) ?? []).map((r) => r.json),
        filesByTicket.get(row.ticket.id) ?? [],
      ),
    ),
  );
}

/** `items` in the order of `ids`; an id without an item is left out. */
export function inOrderOf<T extends { id: number }>(ids: number[], items: T[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getTicketOrThrow(db: Db, id: number): Promise<TicketJson> {
  const [ticket] = await loadTickets(db, [id]);
  if (!ticket) throw new NotFoundError('Ticket');
  return ticket;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
