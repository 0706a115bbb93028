import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { createFirstAdmin } from '@/lib/demo/seed';
import { call } from '@/lib/test/api';
import type { TicketJson } from '@/lib/tickets/schema';
import { toTicketEventJson } from '@/lib/tickets/serialize';
import { seedDesk, type SeedResult } from './desk';
import type { SeedProgress } from './progress';
import { SEED_COMMON_WORD } from './vocabulary';

const TICKETS = 2_000;
const BATCH = 150;

let first: SeedResult;
let resumed: SeedResult;
let adminKey: string;
const progress: SeedProgress[] = [];

const db = () => getDb();
async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await db().execute<Record<string, unknown>>(query);
  return Object.values(row!)[0] as T;
}
const count = (query: ReturnType<typeof sql>) => one<string>(query).then(Number);

// One seed for the file, stopped after a few batches and continued, as after a Ctrl-C.
beforeAll(async () => {
  const stop = new AbortController();
  first = await seedDesk(db(), {
    tickets: TICKETS,
    batchSize: BATCH,
    signal: stop.signal,
    onProgress: (p) => {
      if (p.phase === 'tickets' && p.done >= 3 * BATCH) stop.abort();
    },
  });
  resumed = await seedDesk(db(), { tickets: TICKETS, batchSize: BATCH, onProgress: (p) => progress.push(p) });
  adminKey = first.firstRun!.apiKey;
}, 120_000);

describe('loopdesk seed', () => {
  it('stops after the batches being written and continues where it stopped, writing every ticket once', async () => {
    expect(first.status).toBe('stopped');
    expect(first.written.tickets).toBeGreaterThanOrEqual(3 * BATCH);
    expect(first.written.tickets).toBeLessThan(TICKETS);
    expect(resumed.status).toBe('finished');
    expect(first.written.tickets + resumed.written.tickets).toBe(TICKETS);
    expect(resumed.written.customers).toBe(0);
    expect(resumed.run.ticketsWritten).toEqual([[1, TICKETS]]);
    expect(progress.filter((p) => p.phase === 'tickets').at(-1)).toEqual({ phase: 'tickets', done: TICKETS, total: TICKETS });
    expect(progress.at(-1)).toEqual({ phase: 'vacuum' });

    expect(await count(sql`select count(*) from tickets`)).toBe(TICKETS);
    expect(await count(sql`select count(distinct number) from tickets`)).toBe(TICKETS);
    expect(await count(sql`select count(*) from replies`)).toBe(resumed.run.replies);
    expect(await count(sql`select count(*) from events where resource_type = 'ticket'`)).toBe(resumed.run.events);
    expect(await count(sql`select count(*) from satisfaction_ratings`)).toBe(resumed.run.ratings);
    // The search index's pending list, raised while the tickets were written, is back at 64 kB.
    expect(await one(sql`select reloptions from pg_class where relname = 'ticket_search_idx'`)).toEqual(['gin_pending_list_limit=64']);
  });

  it('does nothing on a desk seeded already, and refuses another size', async () => {
    const again = await seedDesk(db(), { tickets: TICKETS });
    expect(again.status).toBe('already seeded');
    expect(again.written.tickets).toBe(0);
    await expect(seedDesk(db(), { tickets: 500 })).rejects.toThrow('already seeded with 2000 tickets');
    expect(await count(sql`select count(*) from tickets`)).toBe(TICKETS);
  });

  it('creates the first admin before its agents, so the desk can still be signed in to', async () => {
    expect(first.firstRun?.email).toBe('admin@loopdesk.local');
    expect(resumed.firstRun).toBeNull();
    expect(await createFirstAdmin(db())).toBeNull();
    const agents = await db().execute<{ departments: string; agents: string }>(sql`
      select count(distinct department_id) as departments, count(distinct agent_id) as agents from agent_departments`);
    expect(Number(agents[0]!.agents)).toBe(20);
    expect(Number(agents[0]!.departments)).toBeGreaterThanOrEqual(3);
  });

  it('has about a tenth as many customers as tickets, and the tickets spread over two years with weekday peaks', async () => {
    expect(await count(sql`select count(*) from customers`)).toBe(TICKETS / 10);
    const days = await one<number>(sql`select (extract(epoch from max(created_at) - min(created_at)) / 86400)::float8 from tickets`);
    expect(days).toBeGreaterThan(700);
    const weekdays = await count(sql`select count(*) from tickets where extract(isodow from created_at) < 6`);
    expect(weekdays / TICKETS).toBeGreaterThan(0.85);
    const daytime = await count(sql`select count(*) from tickets where extract(hour from created_at at time zone 'UTC') between 7 and 18`);
    expect(daytime / TICKETS).toBeGreaterThan(0.7);
  });

  it('leaves most tickets resolved or closed and some waiting, with times that follow the status', async () => {
    const statuses = Object.fromEntries(
      (await db().execute<{ status: string; n: string }>(sql`select status, count(*) as n from tickets group by 1`)).map((r) => [r.status, Number(r.n)]),
    );
    const waiting = (statuses.open ?? 0) + (statuses.pending ?? 0) + (statuses.on_hold ?? 0);
    expect(waiting).toBeGreaterThan(0);
    expect((statuses.resolved! + statuses.closed!) / TICKETS).toBeGreaterThan(0.95);
    expect(await count(sql`select count(*) from tickets where (resolved_at is not null) <> (status in ('resolved', 'closed'))`)).toBe(0);
    expect(await count(sql`select count(*) from tickets where (closed_at is not null) <> (status = 'closed') or closed_at < resolved_at`)).toBe(0);
    const priorities = await db().execute<{ priority: string }>(sql`select priority from tickets group by 1 order by count(*) desc`);
    expect(priorities[0]!.priority).toBe('normal');
    expect(await count(sql`select count(*) from tickets where cardinality(tags) = 0`)).toBe(0);
    expect(await count(sql`select count(*) from tickets where custom_fields ? 'plan'`)).toBeGreaterThan(TICKETS / 2);
  });

  it('gives every ticket 1–8 replies after its creation, in order, first usually a public agent reply', async () => {
    const perTicket = await db().execute<{ least: number; most: number; tickets: string }>(sql`
      select min(n)::int as least, max(n)::int as most, count(*) as tickets from (select count(*) as n from replies group by ticket_id) s`);
    expect(perTicket[0]).toEqual({ least: 1, most: 8, tickets: String(TICKETS) });
    expect(
      await count(sql`select count(*) from replies r join tickets t on t.id = r.ticket_id where r.created_at <= t.created_at or r.created_at > t.updated_at`),
    ).toBe(0);
    expect(
      await count(sql`
      select count(*) from (select created_at, lag(created_at) over (partition by ticket_id order by id) as previous from replies) s
       where created_at <= previous`),
    ).toBe(0);
    expect(await count(sql`select count(*) from replies where type = 'internal' and author_type <> 'agent'`)).toBe(0);
    expect(
      await count(
        sql`select count(*) from replies where (author_type = 'agent') <> (agent_id is not null) or (author_type = 'customer') <> (customer_id is not null)`,
      ),
    ).toBe(0);
    expect(await count(sql`select count(*) from replies where type = 'internal'`)).toBeGreaterThan(0);
    const firstReplies = await count(sql`
      select count(*) from (select distinct on (ticket_id) type, author_type from replies order by ticket_id, created_at, id) f
       where type = 'public' and author_type = 'agent'`);
    expect(firstReplies / TICKETS).toBeGreaterThan(0.8);
  });

  it("keeps each ticket's reply text for search, so the common word finds about a quarter of the desk", async () => {
    expect(
      await count(sql`
      select count(*) from tickets t left join ticket_search s on s.ticket_id = t.id
       where s.search_vector is distinct from ticket_search_vector(t.subject, t.description,
               (select string_agg(' ' || content, '' order by created_at, id) from replies r where r.ticket_id = t.id))`),
    ).toBe(0);
    const found = await call<unknown[]>('GET', `/api/v1/tickets/search?q=${SEED_COMMON_WORD}&per_page=1`, { key: adminKey });
    expect(found.status).toBe(200);
    expect(found.body.pagination.total / TICKETS).toBeGreaterThan(0.2);
    expect(found.body.pagination.total / TICKETS).toBeLessThan(0.3);
    const listed = await call<unknown[]>('GET', '/api/v1/tickets?per_page=1', { key: adminKey });
    expect(listed.body.pagination.total).toBe(TICKETS);
  });

  it('assigns tickets to agents of their department and credits ratings, mostly 4–5, to them', async () => {
    expect(
      await count(sql`
      select count(*) from tickets t
       where t.assigned_agent_id is not null
         and not exists (select 1 from agent_departments a where a.agent_id = t.assigned_agent_id and a.department_id = t.department_id)`),
    ).toBe(0);
    expect(await count(sql`select count(*) from tickets where assigned_agent_id is null and status in ('resolved', 'closed')`)).toBe(0);
    expect(
      await count(sql`
      select count(*) from satisfaction_ratings s join tickets t on t.id = s.ticket_id
       where s.agent_id is distinct from t.assigned_agent_id or t.status not in ('resolved', 'closed') or s.created_at < t.resolved_at`),
    ).toBe(0);
    const rated = await count(sql`select count(*) from satisfaction_ratings`);
    expect(rated / TICKETS).toBeGreaterThan(0.2);
    expect(await one<number>(sql`select avg(rating)::float8 from satisfaction_ratings`)).toBeGreaterThan(3.8);
  });

  it('writes the report rollups that a rebuild from the tickets, replies, events and ratings gives', async () => {
    // Rows of each rollup, and the day sums per key (a rebuild writes one row a key; the triggers spread them).
    const snapshot = () =>
      Promise.all(
        [
          sql`select kind, source_id, agent_id, ticket_id, at, handles, public_reply, prev_at from report_activities order by 1, 2`,
          sql`select * from report_resolutions order by event_id`,
          sql`select * from report_first_responses order by ticket_id`,
          sql`select * from report_ratings order by rating_id`,
          sql`select * from report_reopens order by event_id`,
          sql`select agent_id, day, sum(handled) handled, sum(resolved) resolved, sum(daily_resolved) daily_resolved,
                     sum(public_replies) public_replies, sum(resolution_timed) resolution_timed, sum(resolution_seconds) resolution_seconds,
                     sum(first_contact) first_contact, sum(responses) responses, sum(response_seconds) response_seconds,
                     sum(ratings) ratings, sum(rating_sum) rating_sum, sum(reopened) reopened
                from report_agent_days group by 1, 2 order by 1, 2`,
          sql`select day, sum(created) created, sum(resolved) resolved, sum(ratings) ratings, sum(rating_sum) rating_sum
                from report_team_days group by 1 order by 1`,
          sql`select day, bucket, sum(first_responses) first_responses, sum(resolutions) resolutions
                from report_duration_days group by 1, 2 order by 1, 2`,
        ].map((query) =>
          db()
            .execute(query)
            .then((rows) => Array.from(rows)),
        ),
      );
    const seeded = await snapshot();
    expect(seeded.slice(0, 5).map((rows) => rows.length > 0)).toEqual([true, true, true, true, true]);
    await db().execute(sql`select report_rebuild()`);
    expect(await snapshot()).toEqual(seeded);
  });

  it('writes the events the reports read, at the times they happened, consistent with each ticket', async () => {
    const perTicket = await db().execute<{ id: number; status: string; assigned: boolean; reopens: number; events: string[] }>(sql`
      select t.id, t.status::text, t.assigned_agent_id is not null as assigned, t.reopen_count as reopens,
             array_agg(e.type order by e.created_at, e.id) as events
        from tickets t join events e on e.resource_type = 'ticket' and e.resource_id = t.id group by t.id`);
    expect(perTicket).toHaveLength(TICKETS);
    for (const t of perTicket) {
      const expected = [
        'ticket.created',
        ...(t.assigned ? ['ticket.assigned'] : []),
        ...(t.reopens === 1 ? ['ticket.resolved', 'ticket.reopened'] : []),
        ...(t.status === 'resolved' || t.status === 'closed' ? ['ticket.resolved'] : []),
        ...(t.status === 'closed' ? ['ticket.closed'] : []),
      ];
      expect(t.events, `ticket ${t.id}`).toEqual(expected);
    }
    expect(
      await count(sql`
      select count(*) from events e join tickets t on t.id = e.resource_id
       where e.resource_type = 'ticket'
         and ((e.payload -> 'ticket' ->> 'created_at')::timestamptz <> t.created_at
              or (e.type in ('ticket.assigned', 'ticket.resolved') and (e.payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int is distinct from t.assigned_agent_id)
              or (e.type = 'ticket.created' and e.created_at <> t.created_at)
              or (e.type = 'ticket.closed' and e.created_at <> t.closed_at))`),
    ).toBe(0);
    // The activity feed lists a ticket's events by id.
    expect(
      await count(sql`
      select count(*) from (select created_at, lag(created_at) over (partition by resource_id order by id) as previous from events
                             where resource_type = 'ticket') s
       where created_at < previous`),
    ).toBe(0);
    expect(
      await count(sql`
      select count(*) from tickets t
       where t.status in ('resolved', 'closed')
         and t.resolved_at <> (select max(created_at) from events e where e.type = 'ticket.resolved' and e.resource_id = t.id)`),
    ).toBe(0);
  });

  it('stores in the latest event of a finished ticket the ticket as GET /tickets/{id} shows it, without replies', async () => {
    const sample = await db().execute<{ id: number; payload: { ticket: unknown } }>(sql`
      select distinct on (e.resource_id) e.resource_id as id, e.payload from events e join tickets t on t.id = e.resource_id
       where e.resource_type = 'ticket' and t.status in ('resolved', 'closed') and t.id % 97 = 0
       order by e.resource_id, e.created_at desc, e.id desc`);
    expect(sample.length).toBeGreaterThan(10);
    for (const { id, payload } of sample) {
      const res = await call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: adminKey });
      expect(payload.ticket).toEqual(toTicketEventJson(res.body.data));
    }
  });
});
