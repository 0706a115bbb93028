import 'server-only';
import { createHash } from 'node:crypto';
import { and, arrayContains, arrayOverlaps, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, not, or, sql, sum, type SQL } from 'drizzle-orm';
import type { PgSelect, SelectedFields } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { agents, customers, departments, ticketCounts, tickets, ticketSearch } from '@/db/schema';
import { ValidationError } from '@/lib/errors';
import { decodeCursor, encodeCursor } from './cursor';
import { inOrderOf } from './queries';
import type { ListTicketsQuery, SearchTicketsQuery, TicketSearchResultJson, TicketSummaryJson } from './schema';
import { slaColumnNames, toTicketSummaryJson } from './serialize';
import { searchWords, snippetHeadline, snippetOf } from './snippets';

const slaColumns = Object.fromEntries(slaColumnNames.map((name) => [name, tickets[name]])) as { [K in (typeof slaColumnNames)[number]]: (typeof tickets)[K] };

/**
 * Beyond this many matches a total is not counted to the end: `total` says "at least this many"
 * and `total_exact` is false (the inbox shows "10,000+"). Filters the maintained counts answer
 * (status, priority, department, assignee) are always exact.
 */
export const COUNT_LIMIT = 10_000;

/**
 * A custom field filter is counted to this many. Its index (GIN, on the JSON) cannot stop early,
 * so the count reads the tickets themselves: 10,000 matches took 9-15 ms at a million tickets,
 * more than the rest of the request. The inbox shows "1,000+", as for a search.
 */
export const ROW_COUNT_LIMIT = 1_000;

/**
 * A search with more matches than this is not ranked: ranking reads every match's text, so a word
 * in a quarter of a million tickets would be ranked 250,000 times to show 25. It lists the matches
 * newest first instead, and its total is "1,000+". Up to this many, best match first.
 */
export const SEARCH_RANK_LIMIT = 1_000;

export type TicketPage<Item = TicketSummaryJson> = {
  items: Item[];
  total: number;
  totalExact: boolean;
  hasNext: boolean;
  nextCursor: string | null;
};

// The partial index tickets_sla_breached_idx holds the tickets this matches.
const slaBreached = sql`(${tickets.slaFirstResponseBreachedAt} is not null or ${tickets.slaResolutionBreachedAt} is not null)`;
const slaDueKey = sql`coalesce(${tickets.slaDueAt}, 'infinity'::timestamptz)`;

function listFilters(q: Omit<ListTicketsQuery, 'sort'>): SQL[] {
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
  // Both answered by the tickets_tags_idx GIN index.
  if (q.tags) where.push(arrayOverlaps(tickets.tags, q.tags));
  if (q.tags_all) where.push(arrayContains(tickets.tags, q.tags_all));
  if (q.sla_breached !== undefined) where.push(q.sla_breached ? slaBreached : not(slaBreached));
  // Said over the sort's expression, so the tickets_sla_due_idx index serves it.
  if (q.sla_due_before) where.push(sql`${slaDueKey} < ${q.sla_due_before.toISOString()}::timestamptz`);
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

/** True when only the filters ticket_counts keeps totals for are set. */
function countedByCombination(q: ListTicketsQuery): boolean {
  return (
    !q.customer_id &&
    !q.created_after &&
    !q.updated_after &&
    !q.due_before &&
    !q.tags &&
    !q.tags_all &&
    q.sla_breached === undefined &&
    !q.sla_due_before &&
    Object.keys(q.custom_fields ?? {}).length === 0
  );
}

/** The exact total for status/priority/department/assignee filters: a sum over ticket_counts. */
async function sumOfCounts(db: Db, q: ListTicketsQuery): Promise<number> {
  const where: SQL[] = [];
  if (q.status) where.push(inArray(ticketCounts.status, q.status));
  if (q.priority) where.push(inArray(ticketCounts.priority, q.priority));
  if (q.department_id) where.push(inArray(ticketCounts.departmentId, q.department_id));
  if (q.assigned_agent_id) where.push(inArray(ticketCounts.assignedAgentId, q.assigned_agent_id));
  if (q.unassigned !== undefined) where.push(q.unassigned ? eq(ticketCounts.assignedAgentId, 0) : ne(ticketCounts.assignedAgentId, 0));
  const [row] = await db
    .select({ n: sum(ticketCounts.n).mapWith(Number) })
    .from(ticketCounts)
    .where(and(...where));
  return row?.n ?? 0;
}

/** Selects from tickets, joined to their search rows when a search condition reads them. */
function selectTickets<T extends SelectedFields>(db: Db, fields: T, search: boolean) {
  const query = db.select(fields).from(tickets).$dynamic();
  return search ? query.innerJoin(ticketSearch, eq(ticketSearch.ticketId, tickets.id)) : query;
}

/** Counts matches up to `limit`, through whichever index serves the filter, and says whether it reached the end. */
async function boundedCount(db: Db, candidates: PgSelect, limit: number) {
  const matches = candidates.limit(limit + 1).as('matches');
  const [row] = await db.select({ n: count() }).from(matches);
  const n = row?.n ?? 0;
  return n > limit ? { total: limit, totalExact: false } : { total: n, totalExact: true };
}

type SortKey = { expr: SQL; type: string };
/** An order of the list: its keys (the last is always the id, so it is total), their direction, a name for cursors. */
type Order = { name: string; keys: SortKey[]; direction: 'asc' | 'desc' };

const key = (expr: SQL, type: string): SortKey => ({ expr, type });
const idKey = key(sql`${tickets.id}`, 'int');
// Priority ties break on creation time, so the sort walks the (priority, created_at, id) index.
const sortKeys = {
  created_at: [key(sql`${tickets.createdAt}`, 'timestamptz')],
  updated_at: [key(sql`${tickets.updatedAt}`, 'timestamptz')],
  priority: [key(sql`${tickets.priority}`, 'ticket_priority'), key(sql`${tickets.createdAt}`, 'timestamptz')],
  sla_due_at: [key(slaDueKey, 'timestamptz')],
};

function sortOrder(sort: keyof typeof sortKeys, direction: 'asc' | 'desc', name = `${sort}.${direction}`): Order {
  return { name, keys: [...sortKeys[sort], idKey], direction };
}

/** Rows strictly after the cursor's key in the order: a row comparison the order's index seeks to. */
function afterKey(order: Order, values: (string | number)[]): SQL {
  const columns = sql.join(
    order.keys.map((k) => k.expr),
    sql`, `,
  );
  const bounds = sql.join(
    order.keys.map((k, i) => sql`${values[i]}::${sql.raw(k.type)}`),
    sql`, `,
  );
  return order.direction === 'desc' ? sql`(${columns}) < (${bounds})` : sql`(${columns}) > (${bounds})`;
}

type PageRequest = { page: number; per_page: number; after?: string };

/**
 * One page in two steps: the ids (and the last row's sort key) from an index walk over tickets
 * alone, then `load` reads just those rows with their joins. A deep page skips rows inside the
 * index instead of joining each skipped ticket to its customer, agent and department.
 */
async function pageOfTickets<Item>(db: Db, where: SQL | undefined, order: Order, req: PageRequest, load: (ids: number[]) => Promise<Item[]>, search = false) {
  if (req.after && req.page !== 1) throw new ValidationError([{ field: 'page', message: 'Give either page or after, not both' }]);
  const conditions = req.after ? and(where, afterKey(order, decodeCursor(req.after, order.name, order.keys.length))) : where;
  const direction = order.direction === 'asc' ? asc : desc;
  // The sort keys become text for the cursor only for the rows kept, not for every row skipped.
  const keyNames = order.keys.map((_, i) => `k${i}`);
  const keyColumns = Object.fromEntries(order.keys.map((k, i) => [keyNames[i], sql`${k.expr}`.as(keyNames[i]!)]));
  const step = selectTickets(db, { id: tickets.id, ...keyColumns }, search)
    .where(conditions)
    .orderBy(...order.keys.map((k) => direction(k.expr)))
    .limit(req.per_page + 1)
    .offset(req.after ? 0 : (req.page - 1) * req.per_page)
    .as('step');
  const stepKeys = keyNames.map((name) => sql`${sql.identifier('step')}.${sql.identifier(name)}`);
  const rows = await db
    .select({
      id: step.id,
      key: sql<string[]>`array[${sql.join(
        stepKeys.map((k) => sql`${k}::text`),
        sql`, `,
      )}]`,
    })
    .from(step)
    .orderBy(...stepKeys.map((k) => direction(k)));
  const shown = rows.slice(0, req.per_page);
  const hasNext = rows.length > req.per_page;
  const last = shown.at(-1);
  return {
    items: await load(shown.map((r) => r.id)),
    hasNext,
    nextCursor: hasNext && last ? encodeCursor({ order: order.name, key: last.key }) : null,
  };
}

const summaryColumns = {
  ticket: {
    id: tickets.id,
    number: tickets.number,
    subject: tickets.subject,
    priority: tickets.priority,
    createdAt: tickets.createdAt,
    updatedAt: tickets.updatedAt,
    dueDate: tickets.dueDate,
    tags: tickets.tags,
    // `status` comes with them
    ...slaColumns,
  },
  customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
  agent: { id: agents.id, firstName: agents.firstName, lastName: agents.lastName },
  department: { id: departments.id, name: departments.name },
};

/** The list rows for these ids with their joins, and whatever `extra` selects beside them. */
function summaries<T extends SelectedFields>(db: Db, ids: number[], extra: T) {
  return db
    .select({ ...summaryColumns, ...extra })
    .from(tickets)
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(agents, eq(agents.id, tickets.assignedAgentId))
    .leftJoin(departments, eq(departments.id, tickets.departmentId))
    .where(inArray(tickets.id, ids))
    .$dynamic();
}

/** The list rows for these ids, in their order, one query. */
async function loadTicketSummaries(db: Db, ids: number[]): Promise<TicketSummaryJson[]> {
  if (ids.length === 0) return [];
  return inOrderOf(ids, (await summaries(db, ids, {})).map(toTicketSummaryJson));
}

/**
 * The search results for these ids, in their order, one query; with `highlight`, each with where
 * the words matched, made in the same statement (ts_headline reads each text again, so only for
 * the rows shown).
 */
async function loadSearchResults(db: Db, ids: number[], q: string, highlight: boolean): Promise<TicketSearchResultJson[]> {
  if (ids.length === 0) return [];
  if (!highlight) return (await loadTicketSummaries(db, ids)).map((t) => ({ ...t, snippet: null }));
  const rows = await summaries(db, ids, { headline: snippetHeadline }).innerJoin(ticketSearch, eq(ticketSearch.ticketId, tickets.id)).crossJoin(searchWords(q));
  return inOrderOf(
    ids,
    rows.map((row) => ({ ...toTicketSummaryJson(row), snippet: snippetOf(row.headline) })),
  );
}

/** GET /tickets: filters, sort (priority by severity, as the enum is declared), page numbers or an `after` cursor. */
export async function listTickets(db: Db, q: ListTicketsQuery): Promise<TicketPage> {
  const where = and(...listFilters(q));
  const [counted, page] = await Promise.all([
    countedByCombination(q)
      ? sumOfCounts(db, q).then((total) => ({ total, totalExact: true }))
      : boundedCount(db, db.select({ one: sql`1` }).from(tickets).where(where).$dynamic(), q.custom_fields ? ROW_COUNT_LIMIT : COUNT_LIMIT),
    pageOfTickets(db, where, sortOrder(q.sort, q.order), q, (ids) => loadTicketSummaries(db, ids)),
  ]);
  return { ...page, ...counted };
}

const TICKET_NUMBER = /^TKT-\d{4}-\d{6,}$/i;

/**
 * GET /tickets/search: PostgreSQL full-text search with websearch syntax ("quoted phrases",
 * -excluded, OR), which accepts any input without a syntax error. Best match first when there are
 * at most SEARCH_RANK_LIMIT matches, else newest first (see SEARCH_RANK_LIMIT).
 */
export async function searchTickets(db: Db, q: SearchTicketsQuery): Promise<TicketPage<TicketSearchResultJson>> {
  const query = sql`websearch_to_tsquery('english', ${q.q})`;
  const filters = listFilters(q);
  // A ticket's number (as an agent pastes it from an email) finds that ticket, by its unique index.
  const number = TICKET_NUMBER.test(q.q.trim()) ? q.q.trim().toUpperCase() : null;
  const match = number ? eq(tickets.number, number) : sql`${ticketSearch.searchVector} @@ ${query}`;
  const where = and(...filters, match);
  // Without list filters the matches are counted in the search rows alone.
  const candidates =
    filters.length > 0 || number
      ? selectTickets(db, { one: sql`1` }, true).where(where).$dynamic()
      : db.select({ one: sql`1` }).from(ticketSearch).where(match).$dynamic();
  const counted = await boundedCount(db, candidates, SEARCH_RANK_LIMIT);
  // A cursor belongs to one search: the words are part of its order's name.
  const words = createHash('sha256').update(q.q).digest('base64url').slice(0, 8);
  let order: Order;
  if (q.sort !== 'relevance') order = sortOrder(q.sort, q.order, `${q.sort}.${q.order}.${words}`);
  else if (!counted.totalExact) order = sortOrder('created_at', 'desc', `newest.${words}`);
  else order = { name: `relevance.${words}`, keys: [key(sql`ts_rank(${ticketSearch.searchVector}, ${query})`, 'real'), idKey], direction: 'desc' };
  const page = await pageOfTickets(db, where, order, q, (ids) => loadSearchResults(db, ids, q.q, q.highlight), true);
  return { ...page, ...counted };
}
