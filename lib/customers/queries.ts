import 'server-only';
import { and, asc, count, desc, eq, gt, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customerCounts, customers, tickets } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { listTickets } from '@/lib/tickets/list';
import type { ListTicketsQuery } from '@/lib/tickets/schema';
import type { CustomerJson, ListCustomersQuery } from './schema';
import { toCustomerJson } from './serialize';

/**
 * The customer's tickets, counted in the same query from the tickets' customer_id index. (A subquery
 * builder, so the correlation is written with table names; select fields are rendered without them.)
 */
function selectCustomers(db: Db) {
  const ticketCount = sql`(${db.select({ n: count() }).from(tickets).where(eq(tickets.customerId, customers.id))})`.mapWith(Number);
  return db.select({ customer: customers, ticketCount }).from(customers);
}

export async function getCustomerOrThrow(db: Db, id: number): Promise<CustomerJson> {
  const [row] = await selectCustomers(db).where(eq(customers.id, id));
  if (!row) throw new NotFoundError('Customer');
  return toCustomerJson(row.customer, row.ticketCount);
}

/**
 * Exactly the expression customers_search_trgm_idx indexes (the ' ' separators written inline,
 * not as parameters), so ILIKE '%term%' on it is answered by the trigram index.
 */
const searchText = sql`(${customers.firstName} || ' ' || ${customers.lastName} || ' ' || ${customers.email} || ' ' || coalesce(${customers.organization}, ''))`;

/** The user's text as an ILIKE pattern that matches it anywhere, literally: `50%_off` finds only that. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function listFilters(q: ListCustomersQuery): SQL[] {
  const where: SQL[] = [];
  if (q.organization) {
    // The plain organization index cannot answer a case-insensitive match; the trigram index can
    // narrow to rows containing the name, and the equality keeps only exact ones.
    where.push(ilike(searchText, containing(q.organization)));
    where.push(sql`lower(${customers.organization}) = lower(${q.organization})`);
  }
  if (q.status) where.push(inArray(customers.status, q.status));
  if (q.created_after) where.push(gt(customers.createdAt, q.created_after));
  if (q.search) where.push(ilike(searchText, containing(q.search)));
  return where;
}

// People sort by name whatever its case; email the way the lower(email) unique index orders it.
const sortKeys = {
  created_at: [customers.createdAt],
  updated_at: [customers.updatedAt],
  last_name: [sql`lower(${customers.lastName})`, sql`lower(${customers.firstName})`],
  email: [sql`lower(${customers.email})`],
};

/** GET /customers: filters, sort and pagination, each customer with its ticket count, in one query. */
export async function listCustomers(db: Db, q: ListCustomersQuery) {
  const where = and(...listFilters(q));
  const direction = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    selectCustomers(db)
      .where(where)
      .orderBy(...sortKeys[q.sort].map((key) => direction(key)), direction(customers.id))
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    countCustomers(db, q, where),
  ]);
  return { items: rows.map((r) => toCustomerJson(r.customer, r.ticketCount)), total };
}

/** By status the total is a sum over customer_counts (kept by triggers); with other filters a count of the matches. */
async function countCustomers(db: Db, q: ListCustomersQuery, where: SQL | undefined): Promise<number> {
  if (!q.organization && !q.created_after && !q.search) {
    const [row] = await db
      .select({ n: sql<number>`coalesce(sum(${customerCounts.n}), 0)`.mapWith(Number) })
      .from(customerCounts)
      .where(q.status ? inArray(customerCounts.status, q.status) : undefined);
    return row?.n ?? 0;
  }
  const [row] = await db.select({ n: count() }).from(customers).where(where);
  return row?.n ?? 0;
}

/** GET /customers/{id}/tickets: the ticket list, narrowed to the customer's tickets. */
export async function listCustomerTickets(db: Db, customerId: number, q: ListTicketsQuery) {
  const [found] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId));
  if (!found) throw new NotFoundError('Customer');
  return listTickets(db, { ...q, customer_id: [customerId] });
}
