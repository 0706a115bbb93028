import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { agentPerformance } from '@/lib/agents/performance';
import { performanceQuery } from '@/lib/agents/schema';
import { cursorPagination, pagination } from '@/lib/api/respond';
import type { Permission, ServiceContext } from '@/lib/context';
import { listCustomers } from '@/lib/customers/queries';
import { listCustomersQuery } from '@/lib/customers/schema';
import { teamReportQuery } from '@/lib/reports/schema';
import { teamReport } from '@/lib/reports/team';
import { loadSeedRun } from '@/lib/seed/run';
import { SEED_COMMON_WORD, SEED_RARE_WORD } from '@/lib/seed/vocabulary';
import { listTickets, searchTickets } from '@/lib/tickets/list';
import { getTicketOrThrow } from '@/lib/tickets/queries';
import { addReply } from '@/lib/tickets/replies';
import { createTicketSchema, listTicketsQuery, replySchema, searchTicketsQuery } from '@/lib/tickets/schema';
import { createTicket } from '@/lib/tickets/service';

/**
 * What `npm run bench` measures: each case is one API request (or, for writes, a rotation of them)
 * with the answer the route handler gives, computed by the same query or service function the
 * handler calls. The app serves the path; the bare server (bare.ts) and EXPLAIN (explain.ts) call
 * `serve`, whose input was parsed once, up front, by the route's own schema: no zod per request.
 */
export type Answer = { status: 200 | 201; body: unknown };
export type Endpoint = { method: 'GET' | 'POST'; path: string; body?: string; serve: (ctx: ServiceContext) => Promise<Answer> };
export type BenchCase = {
  name: string;
  permission: Permission;
  /** The requests the load cycles through: one, or for replies many tickets, so no thread grows without end. */
  endpoints: Endpoint[];
  /** The most p95 may be with one client, at 1,000,000 tickets. */
  p95BudgetMs: number;
};

/** With twenty clients, the app serves at least this share of what the bare server does, on every case. */
export const THROUGHPUT_RATIO_BUDGET = 0.6;
/** The app process's resident memory under twenty clients. */
export const RSS_BUDGET_MB = 400;

const LIST_P95_MS = 20;
const REPORT_30_DAYS_P95_MS = 100;
const REPORT_YEAR_P95_MS = 300;
const WRITE_P95_MS = 30;

/** The rows the cases are about, picked from the seeded data (JSON, so the bare server gets the same). */
export type Fixtures = {
  agentId: number;
  customerId: number;
  departmentId: number;
  threadTicketId: number;
  replyTicketIds: number[];
  /** The seeded desk's "now" (else the newest ticket's creation): report periods and the date filter end here, however old the seed. */
  latest: string;
  customField: { key: string; value: string } | null;
};

const one = async (db: Db, query: SQL) => {
  const [row] = await db.execute<{ id: number | null }>(query);
  return row?.id ?? null;
};

/** Busy rows make the hard cases: the agent, customer and department with the most tickets, the longest thread. */
export async function pickFixtures(db: Db): Promise<Fixtures> {
  const busiest = (column: string) =>
    one(db, sql`select ${sql.identifier(column)} as id from tickets where ${sql.identifier(column)} is not null group by 1 order by count(*) desc limit 1`);
  const agentId = (await busiest('assigned_agent_id')) ?? (await one(db, sql`select min(id) as id from agents where status = 'active'`));
  const customerId = await busiest('customer_id');
  const departmentId = await busiest('department_id');
  const threadTicketId =
    (await one(db, sql`select ticket_id as id from replies group by 1 order by count(*) desc limit 1`)) ??
    (await one(db, sql`select max(id) as id from tickets`));
  if (agentId === null || customerId === null || departmentId === null || threadTicketId === null) {
    throw new Error('The bench database lacks agents, customers, departments or tickets: run `npm run bench:seed` first');
  }
  const replyTargets = await db.execute<{ id: number }>(
    sql`select id from tickets where status in ('open', 'pending') and id <> ${threadTicketId} order by random() limit 200`,
  );
  // Not simply the newest ticket: every run creates some, and the periods would drift towards them.
  const seedEnd = (await loadSeedRun(db))?.end;
  const [newest] = seedEnd ? [{ at: seedEnd }] : await db.execute<{ at: number }>(sql`select extract(epoch from max(created_at))::float8 as at from tickets`);
  const [field] = await db.execute<{ key: string; value: string }>(sql`
    select f.key, f.value
      from (select custom_fields from tickets where custom_fields <> '{}'::jsonb limit 1000) t, jsonb_each_text(t.custom_fields) f
     group by 1, 2 order by count(*) desc limit 1`);
  return {
    agentId,
    customerId,
    departmentId,
    threadTicketId,
    replyTicketIds: Array.from(replyTargets, (r) => r.id),
    latest: isoSeconds(new Date(newest!.at * 1000)),
    customField: field ?? null,
  };
}

const DAY = 86_400_000;
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const daysBefore = (iso: string, days: number) => isoSeconds(new Date(new Date(iso).getTime() - days * DAY));

/** The API's query values before parsing: `custom_fields[key]=value` is `{ custom_fields: { key: value } }`. */
type RawQuery = Record<string, string | Record<string, string>>;

function withQuery(path: string, raw: RawQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') params.append(name, value);
    else for (const [key, v] of Object.entries(value)) params.append(`${name}[${key}]`, v);
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** A list endpoint: `{ success, data, pagination }`, as `paginated()` answers, with the handler's pagination. */
function pageOf<Q, P extends { items: unknown[] }>(
  path: string,
  schema: z.ZodType<Q>,
  raw: RawQuery,
  list: (db: Db, q: Q) => Promise<P>,
  paging: (q: Q, page: P) => unknown,
): Endpoint {
  const q = schema.parse(raw);
  return {
    method: 'GET',
    path: withQuery(path, raw),
    serve: async ({ db }) => {
      const page = await list(db, q);
      return { status: 200, body: { success: true, data: page.items, pagination: paging(q, page) } };
    },
  };
}

/** A single resource: `{ success, data }`, as `ok()` answers. */
function resourceOf(path: string, read: (db: Db) => Promise<unknown>): Endpoint {
  return { method: 'GET', path, serve: async ({ db }) => ({ status: 200, body: { success: true, data: await read(db) } }) };
}

function queriedResourceOf<Q>(path: string, schema: z.ZodType<Q>, raw: RawQuery, read: (db: Db, q: Q) => Promise<unknown>): Endpoint {
  const q = schema.parse(raw);
  return resourceOf(withQuery(path, raw), (db) => read(db, q));
}

/** A write: `{ success, data }` with 201, as `created()` answers. */
function creationOf<B>(path: string, schema: z.ZodType<B>, body: unknown, write: (ctx: ServiceContext, input: B) => Promise<unknown>): Endpoint {
  const input = schema.parse(body);
  return { method: 'POST', path, body: JSON.stringify(body), serve: async (ctx) => ({ status: 201, body: { success: true, data: await write(ctx, input) } }) };
}

export function benchCases(f: Fixtures): BenchCase[] {
  const tickets = (raw: RawQuery) => pageOf('/api/v1/tickets', listTicketsQuery, raw, listTickets, cursorPagination);
  const search = (q: string, raw: RawQuery = {}) => pageOf('/api/v1/tickets/search', searchTicketsQuery, { q, ...raw }, searchTickets, cursorPagination);
  const customers = (raw: RawQuery) =>
    pageOf('/api/v1/customers', listCustomersQuery, raw, listCustomers, (q, page) => pagination(q.page, q.per_page, page.total));
  const period = (days: number) => ({ start_date: daysBefore(f.latest, days), end_date: f.latest });
  const performance = (days: number) =>
    queriedResourceOf(`/api/v1/agents/${f.agentId}/performance`, performanceQuery, period(days), (db, q) => agentPerformance(db, f.agentId, q));
  const team = (days: number) => queriedResourceOf('/api/v1/reports/team', teamReportQuery, period(days), teamReport);
  const field = f.customField ?? { key: 'browser', value: 'Chrome' };
  const list = (name: string, endpoint: Endpoint): BenchCase => ({ name, permission: 'read', endpoints: [endpoint], p95BudgetMs: LIST_P95_MS });

  return [
    list('tickets-open-high', tickets({ status: 'open', priority: 'high', sort: 'created_at', order: 'desc', per_page: '25' })),
    list('tickets-all', tickets({ per_page: '25' })),
    list('tickets-page-1000', tickets({ page: '1000', per_page: '25' })),
    list('tickets-assignee', tickets({ assigned_agent_id: String(f.agentId), per_page: '25' })),
    list('tickets-customer', tickets({ customer_id: String(f.customerId), per_page: '25' })),
    list('tickets-department', tickets({ department_id: String(f.departmentId), per_page: '25' })),
    list('tickets-created-30d', tickets({ created_after: daysBefore(f.latest, 30), per_page: '25' })),
    list('tickets-sla-due', tickets({ status: 'open', sort: 'sla_due_at', order: 'asc', per_page: '25' })),
    list('tickets-custom-field', tickets({ custom_fields: { [field.key]: field.value }, per_page: '25' })),
    // The seed writes the one into about a quarter of the tickets, the other into a handful.
    list('search-common', search(SEED_COMMON_WORD)),
    list('search-rare', search(SEED_RARE_WORD)),
    // The inbox's search: snippets (ts_headline) for the page's rows only.
    list('search-common-highlighted', search(SEED_COMMON_WORD, { highlight: 'true' })),
    list(
      'ticket-thread',
      resourceOf(`/api/v1/tickets/${f.threadTicketId}`, (db) => getTicketOrThrow(db, f.threadTicketId)),
    ),
    list('customers-search', customers({ search: 'priya' })),
    list('customers-list', customers({})),
    { name: 'agent-performance-30d', permission: 'read', endpoints: [performance(30)], p95BudgetMs: REPORT_30_DAYS_P95_MS },
    { name: 'agent-performance-365d', permission: 'read', endpoints: [performance(365)], p95BudgetMs: REPORT_YEAR_P95_MS },
    { name: 'team-report-30d', permission: 'read', endpoints: [team(30)], p95BudgetMs: REPORT_30_DAYS_P95_MS },
    { name: 'team-report-365d', permission: 'read', endpoints: [team(365)], p95BudgetMs: REPORT_YEAR_P95_MS },
    {
      name: 'create-ticket',
      permission: 'write',
      endpoints: [
        creationOf(
          '/api/v1/tickets',
          createTicketSchema,
          {
            subject: 'Bench: cannot log in after password reset',
            description: 'The reset link opens, but the new password is refused.',
            priority: 'high',
            customer_id: f.customerId,
            department_id: f.departmentId,
          },
          createTicket,
        ),
      ],
      p95BudgetMs: WRITE_P95_MS,
    },
    {
      name: 'reply',
      permission: 'write',
      endpoints: f.replyTicketIds.map((id) =>
        creationOf(`/api/v1/tickets/${id}/replies`, replySchema, { content: 'Thanks, we are looking into it and will write back today.' }, (ctx, input) =>
          addReply(ctx, id, input),
        ),
      ),
      p95BudgetMs: WRITE_P95_MS,
    },
  ];
}

/** BENCH_CASES=tickets,search: the cases whose name contains any of the words (all when unset). */
export function selectedCases(cases: BenchCase[], filter = process.env.BENCH_CASES): BenchCase[] {
  const words = (filter ?? '')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  return words.length === 0 ? cases : cases.filter((c) => words.some((w) => c.name.includes(w)));
}
