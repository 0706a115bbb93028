import { and, asc, count, desc, eq, getTableColumns, gt, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { agents, attachments, categories, customers, departments, replies, tickets } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import type { ListTicketsQuery, SearchTicketsQuery } from './schema';
import { toReplyJson, toTicketJson, toTicketSummaryJson, type TicketJson } from './serialize';

const { searchVector: _sv, repliesText: _rt, ...ticketColumns } = getTableColumns(tickets);
const replyAgents = alias(agents, 'reply_agents');
const replyCustomers = alias(customers, 'reply_customers');

/** Full tickets in the reference's shape, three queries for any number of ids; order follows `ids`. */
export async function loadTickets(db: Db, ids: number[]): Promise<TicketJson[]> {
  if (ids.length === 0) return [];
  const [rows, replyRows, files] = await Promise.all([
    db
      .select({
        ticket: ticketColumns,
        customer: {
          id: customers.id,
          firstName: customers.firstName,
          lastName: customers.lastName,
          email: customers.email,
          organization: customers.organization,
        },
        agent: { id: agents.id, firstName: agents.firstName, lastName: agents.lastName, email: agents.email },
        department: { id: departments.id, name: departments.name },
        category: { id: categories.id, name: categories.name },
      })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(agents, eq(agents.id, tickets.assignedAgentId))
      .leftJoin(departments, eq(departments.id, tickets.departmentId))
      .leftJoin(categories, eq(categories.id, tickets.categoryId))
      .where(inArray(tickets.id, ids)),
    db
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
  ]);

  const filesByReply = groupBy(files.filter((f) => f.replyId !== null), (f) => f.replyId!);
  const filesByTicket = groupBy(files, (f) => f.ticketId);
  const repliesByTicket = groupBy(
    replyRows.map(({ reply, agent, customer }) => ({
      ticketId: reply.ticketId,
      json: toReplyJson(
        { ...reply, author: reply.authorType === 'agent' ? agent : reply.authorType === 'customer' ? customer : null },
        filesByReply.get(reply.id) ?? [],
      ),
    })),
    (r) => r.ticketId,
  );
  const byId = new Map(
    rows.map((row) => [
      row.ticket.id,
      toTicketJson(row, (repliesByTicket.get(row.ticket.id) ?? []).map((r) => r.json), filesByTicket.get(row.ticket.id) ?? []),
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getTicketOrThrow(db: Db, id: number): Promise<TicketJson> {
  const [ticket] = await loadTickets(db, [id]);
  if (!ticket) throw new NotFoundError('Ticket');
  return ticket;
}

function listFilters(q: ListTicketsQuery): SQL[] {
  const where: SQL[] = [];
  if (q.status) where.push(inArray(tickets.status, q.status));
  if (q.priority) where.push(inArray(tickets.priority, q.priority));
  if (q.department_id) where.push(inArray(tickets.departmentId, q.department_id));
  if (q.assigned_agent_id) where.push(inArray(tickets.assignedAgentId, q.assigned_agent_id));
  if (q.customer_id) where.push(inArray(tickets.customerId, q.customer_id));
  if (q.created_after) where.push(gt(tickets.createdAt, q.created_after));
  if (q.updated_after) where.push(gt(tickets.updatedAt, q.updated_after));
  if (q.unassigned !== undefined) where.push(q.unassigned ? isNull(tickets.assignedAgentId) : isNotNull(tickets.assignedAgentId));
  if (q.due_before) where.push(lt(tickets.dueDate, q.due_before));
  for (const [key, value] of Object.entries(q.custom_fields ?? {})) where.push(customFieldMatch(key, value));
  return where;
}

const jsonNumber = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A query value is text, but the stored value may be a number or a boolean: `seats=3` also
 * matches `{"seats": 3}`, `vip=true` also `{"vip": true}`. Each form is a containment test
 * (@>) the tickets_custom_fields_idx GIN index answers.
 */
function customFieldMatch(key: string, value: string): SQL {
  const forms: unknown[] = [value];
  if (jsonNumber.test(value) && Number.isFinite(Number(value))) forms.push(Number(value));
  if (value === 'true' || value === 'false') forms.push(value === 'true');
  const tests = forms.map((form) => sql`${tickets.customFields} @> ${JSON.stringify({ [key]: form })}::jsonb`);
  return or(...tests)!;
}

// Priority ties break on creation time, so the sort walks the (priority, created_at) index.
const sortColumns = {
  created_at: [tickets.createdAt],
  updated_at: [tickets.updatedAt],
  priority: [tickets.priority, tickets.createdAt],
};
const sortOrder = (sort: keyof typeof sortColumns, order: 'asc' | 'desc') =>
  [...sortColumns[sort], tickets.id].map((column) => (order === 'asc' ? asc(column) : desc(column)));

async function pageOfTickets(db: Db, q: ListTicketsQuery, extraWhere: SQL[], orderBy: SQL[]) {
  const where = and(...listFilters(q), ...extraWhere);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ticket: {
          id: tickets.id,
          number: tickets.number,
          subject: tickets.subject,
          status: tickets.status,
          priority: tickets.priority,
          createdAt: tickets.createdAt,
          updatedAt: tickets.updatedAt,
          dueDate: tickets.dueDate,
          tags: tickets.tags,
        },
        customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
        agent: { id: agents.id, firstName: agents.firstName, lastName: agents.lastName },
        department: { id: departments.id, name: departments.name },
      })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(agents, eq(agents.id, tickets.assignedAgentId))
      .leftJoin(departments, eq(departments.id, tickets.departmentId))
      .where(where)
      .orderBy(...orderBy)
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    db.select({ n: count() }).from(tickets).where(where),
  ]);
  return { items: rows.map(toTicketSummaryJson), total: total?.n ?? 0 };
}

/** GET /tickets: filters, sort (priority by severity, as the enum is declared) and pagination. */
export function listTickets(db: Db, q: ListTicketsQuery) {
  return pageOfTickets(db, q, [], sortOrder(q.sort, q.order));
}

/**
 * GET /tickets/search: PostgreSQL full-text search with websearch syntax ("quoted phrases",
 * -excluded, OR), which accepts any input without a syntax error, ranked by relevance.
 */
export function searchTickets(db: Db, q: SearchTicketsQuery) {
  const query = sql`websearch_to_tsquery('english', ${q.q})`;
  const match = sql`${tickets.searchVector} @@ ${query}`;
  const orderBy =
    q.sort === 'relevance'
      ? [desc(sql`ts_rank(${tickets.searchVector}, ${query})`), desc(tickets.id)]
      : sortOrder(q.sort, q.order);
  return pageOfTickets(db, { ...q, sort: 'created_at' }, [match], orderBy);
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

