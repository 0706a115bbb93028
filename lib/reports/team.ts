import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents } from '@/db/schema';
import { agentPerformance } from '@/lib/agents/performance';
import { isoTime } from '@/lib/time';
import type { TeamReportQuery } from './schema';

/** Duration buckets for the first-response and resolution distributions, in seconds. */
const BUCKETS = [
  { label: 'Under 1 hour', upTo: 3600 },
  { label: '1–4 hours', upTo: 4 * 3600 },
  { label: '4–24 hours', upTo: 24 * 3600 },
  { label: '1–3 days', upTo: 3 * 86_400 },
  { label: 'Over 3 days', upTo: null },
] as const;

const bucketCase = (seconds: SQL) =>
  sql`case ${sql.join(
    BUCKETS.flatMap((b, i) => (b.upTo === null ? [] : [sql`when ${seconds} < ${sql.raw(String(b.upTo))} then ${sql.raw(String(i))}`])),
    sql` `,
  )} else ${sql.raw(String(BUCKETS.length - 1))} end`;

type Period = { start: string; end: string };

/** Tickets created and tickets resolved per UTC day of the period, every day present. */
async function daily(db: Db, { start, end }: Period) {
  const rows = await db.execute<{ day: string; created: string; resolved: string }>(sql`
    with days as (
      select generate_series(date_trunc('day', ${start}::timestamptz at time zone 'UTC'), date_trunc('day', ${end}::timestamptz at time zone 'UTC'), interval '1 day')::date as day
    ), created as (
      select (created_at at time zone 'UTC')::date as day, count(*) as n from tickets
       where created_at between ${start}::timestamptz and ${end}::timestamptz group by 1
    ), resolved as (
      select (created_at at time zone 'UTC')::date as day, count(distinct resource_id) as n from events
       where type = 'ticket.resolved' and created_at between ${start}::timestamptz and ${end}::timestamptz group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(created.n, 0) as created, coalesce(resolved.n, 0) as resolved
      from days left join created using (day) left join resolved using (day) order by days.day`);
  return Array.from(rows, (r) => ({ date: r.day, created: Number(r.created), resolved: Number(r.resolved) }));
}

/** The open backlog now, by status and by priority. */
async function backlog(db: Db) {
  const rows = await db.execute<{ status: string; priority: string; n: string }>(sql`
    select status, priority, count(*) as n from tickets where status in ('open', 'pending', 'on_hold') group by status, priority`);
  const sum = (key: 'status' | 'priority') => {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r[key], (totals.get(r[key]) ?? 0) + Number(r.n));
    return Object.fromEntries(totals);
  };
  return { by_status: sum('status'), by_priority: sum('priority') };
}

function distribution(rows: Iterable<{ bucket: number; n: string }>) {
  const counts = new Map(Array.from(rows, (r) => [Number(r.bucket), Number(r.n)]));
  return BUCKETS.map((b, i) => ({ bucket: b.label, count: counts.get(i) ?? 0 }));
}

/** How long tickets created in the period waited for their first public agent reply. */
async function firstResponses(db: Db, { start, end }: Period) {
  const seconds = sql`extract(epoch from f.created_at - t.created_at)`;
  const rows = await db.execute<{ bucket: number; n: string }>(sql`
    with first_replies as (
      select distinct on (r.ticket_id) r.ticket_id, r.created_at from replies r
       where r.type = 'public' and r.author_type = 'agent'
       order by r.ticket_id, r.created_at, r.id
    )
    select ${bucketCase(seconds)} as bucket, count(*) as n
      from tickets t join first_replies f on f.ticket_id = t.id
     where t.created_at between ${start}::timestamptz and ${end}::timestamptz
     group by 1`);
  return distribution(rows);
}

/** How long the tickets resolved in the period took from creation (the last resolution of each). */
async function resolutions(db: Db, { start, end }: Period) {
  const seconds = sql`extract(epoch from resolved_at - opened_at)`;
  const rows = await db.execute<{ bucket: number; n: string }>(sql`
    with resolved as (
      select distinct on (resource_id) created_at as resolved_at, (payload -> 'ticket' ->> 'created_at')::timestamptz as opened_at
        from events where type = 'ticket.resolved' and created_at between ${start}::timestamptz and ${end}::timestamptz
       order by resource_id, created_at desc
    )
    select ${bucketCase(seconds)} as bucket, count(*) as n from resolved group by 1`);
  return distribution(rows);
}

/** Average rating and number of ratings per UTC day, days without ratings left out. */
async function satisfaction(db: Db, { start, end }: Period) {
  const rows = await db.execute<{ day: string; average: string; n: string }>(sql`
    select to_char((updated_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, avg(rating) as average, count(*) as n
      from satisfaction_ratings where updated_at between ${start}::timestamptz and ${end}::timestamptz
     group by 1 order by 1`);
  return Array.from(rows, (r) => ({ date: r.day, average: Math.round(Number(r.average) * 10) / 10, count: Number(r.n) }));
}

/** Every active agent with the same metrics GET /agents/{id}/performance gives for the period. */
async function agentTable(db: Db, q: TeamReportQuery) {
  const team = await db
    .select({ id: agents.id, first: agents.firstName, last: agents.lastName })
    .from(agents)
    .where(eq(agents.status, 'active'))
    .orderBy(agents.firstName, agents.lastName);
  const rows = await Promise.all(
    team.map(async (a) => ({
      agent: { id: a.id, name: `${a.first} ${a.last}`.trim() },
      metrics: (await agentPerformance(db, a.id, q)).metrics,
    })),
  );
  return rows;
}

/** GET /reports/team: the team dashboard's numbers for a period. */
export async function teamReport(db: Db, q: TeamReportQuery) {
  const period = { start: q.start.toISOString(), end: q.end.toISOString() };
  const [days, open, firsts, resolved, csat, table] = await Promise.all([
    daily(db, period),
    backlog(db),
    firstResponses(db, period),
    resolutions(db, period),
    satisfaction(db, period),
    agentTable(db, q),
  ]);
  return {
    period: { start: isoTime(q.start), end: isoTime(q.end) },
    daily: days,
    backlog: open,
    first_response: firsts,
    resolution: resolved,
    satisfaction: csat,
    agents: table,
  };
}

export type TeamReportJson = Awaited<ReturnType<typeof teamReport>>;
