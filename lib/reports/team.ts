import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents } from '@/db/schema';
import { performanceByAgent } from '@/lib/agents/performance';
import { fullName } from '@/lib/names';
import { isoTime } from '@/lib/time';
import { inPartDays, inWholeDays, periodDays, reportPeriod, utcDay, type ReportPeriod } from './period';
import type { TeamReportJson, TeamReportQuery } from './schema';
import { slaAttainment } from './sla';

/**
 * The duration buckets of the first-response and resolution distributions, in the order of the
 * bucket numbers that report_duration_bucket() in migration 0013_report_rollups_triggers gives.
 */
const BUCKETS = ['Under 1 hour', '1–4 hours', '4–24 hours', '1–3 days', 'Over 3 days'] as const;

/** Tickets created and tickets resolved per UTC day of the period, every day present. */
async function daily(db: Db, p: ReportPeriod) {
  const rows = await db.execute<{ day: string; created: string; resolved: string }>(sql`
    with parts as (
      select day, created, resolved from report_team_days where ${inWholeDays(p, sql`day`)}
      union all
      select ${utcDay(sql`created_at`)}, count(*), 0 from tickets where ${inPartDays(p, sql`created_at`)} group by 1
      union all
      select ${utcDay(sql`resolved_at`)}, 0, count(distinct ticket_id) from report_resolutions
       where ${inPartDays(p, sql`resolved_at`)} group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(sum(parts.created), 0) as created, coalesce(sum(parts.resolved), 0) as resolved
      from (${periodDays(p)}) days left join parts using (day) group by days.day order by days.day`);
  return Array.from(rows, (r) => ({ date: r.day, created: Number(r.created), resolved: Number(r.resolved) }));
}

/** The open backlog now, by status and by priority, from the ticket counts the list keeps. */
async function backlog(db: Db) {
  const rows = await db.execute<{ status: string; priority: string; n: string }>(sql`
    select status, priority, sum(n) as n from ticket_counts where status in ('open', 'pending', 'on_hold')
     group by status, priority having sum(n) > 0`);
  const sum = (key: 'status' | 'priority') => {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r[key], (totals.get(r[key]) ?? 0) + Number(r.n));
    return Object.fromEntries(totals);
  };
  return { by_status: sum('status'), by_priority: sum('priority') };
}

function distribution(rows: Iterable<{ bucket: number; n: string }>) {
  const counts = new Map(Array.from(rows, (r) => [Number(r.bucket), Number(r.n)]));
  return BUCKETS.map((bucket, i) => ({ bucket, count: counts.get(i) ?? 0 }));
}

/** How long tickets created in the period waited for their first public agent reply. */
async function firstResponses(db: Db, p: ReportPeriod) {
  const rows = await db.execute<{ bucket: number; n: string }>(sql`
    select bucket, sum(n) as n from (
      select bucket, sum(first_responses) as n from report_duration_days where ${inWholeDays(p, sql`day`)} group by bucket
      union all
      select report_duration_bucket(extract(epoch from replied_at - ticket_created_at)), count(*) from report_first_responses
       where ${inPartDays(p, sql`ticket_created_at`)} group by 1
    ) parts group by bucket`);
  return distribution(rows);
}

/**
 * How long the tickets resolved in the period took from creation, at the last resolution of each
 * in the period: one not followed by another, or followed only after the period.
 */
async function resolutions(db: Db, p: ReportPeriod) {
  const rows = await db.execute<{ bucket: number; n: string }>(sql`
    select bucket, sum(n) as n from (
      select bucket, sum(resolutions) as n from report_duration_days where ${inWholeDays(p, sql`day`)} group by bucket
      union all
      select report_duration_bucket(extract(epoch from resolved_at - opened_at)), count(*) from report_resolutions
       where next_at is null and ${inPartDays(p, sql`resolved_at`)} group by 1
      union all
      -- Resolved in the period and again after it, found by their gist index; OFFSET 0 keeps the
      -- start condition out of that scan (lib/agents/performance.ts says why).
      select report_duration_bucket(extract(epoch from resolved_at - opened_at)), count(*) from (
        select resolved_at, opened_at from report_resolutions
         where next_at is not null and tstzrange(resolved_at, next_at, '[)') @> ${p.end}::timestamptz offset 0
      ) spanning where resolved_at >= ${p.start}::timestamptz group by 1
    ) parts group by bucket`);
  return distribution(rows);
}

/** Average rating and number of ratings per UTC day, days without ratings left out. */
async function satisfaction(db: Db, p: ReportPeriod) {
  const rows = await db.execute<{ day: string; average: string; n: string }>(sql`
    select to_char(day, 'YYYY-MM-DD') as day, sum(rating_sum) / sum(n) as average, sum(n) as n from (
      select day, ratings as n, rating_sum from report_team_days where ${inWholeDays(p, sql`day`)}
      union all
      select ${utcDay(sql`rated_at`)}, count(*), sum(rating) from report_ratings where ${inPartDays(p, sql`rated_at`)} group by 1
    ) parts group by day having sum(n) > 0 order by day`);
  return Array.from(rows, (r) => ({ date: r.day, average: Math.round(Number(r.average) * 10) / 10, count: Number(r.n) }));
}

/** Every active agent with the same metrics GET /agents/{id}/performance gives for the period. */
async function agentTable(db: Db, p: ReportPeriod, q: TeamReportQuery) {
  const team = await db
    .select({ id: agents.id, first: agents.firstName, last: agents.lastName })
    .from(agents)
    .where(eq(agents.status, 'active'))
    .orderBy(agents.firstName, agents.lastName);
  const metrics = await performanceByAgent(
    db,
    team.map((a) => a.id),
    p,
    q.metrics,
  );
  return team.map((a) => ({ agent: { id: a.id, name: fullName(a.first, a.last) }, metrics: metrics.get(a.id)! }));
}

/** GET /reports/team: the team dashboard's numbers for a period. */
export async function teamReport(db: Db, q: TeamReportQuery): Promise<TeamReportJson> {
  const period = reportPeriod(q.start, q.end);
  const [days, open, firsts, resolved, csat, table, sla] = await Promise.all([
    daily(db, period),
    backlog(db),
    firstResponses(db, period),
    resolutions(db, period),
    satisfaction(db, period),
    agentTable(db, period, q),
    slaAttainment(db, period),
  ]);
  return {
    period: { start: isoTime(q.start), end: isoTime(q.end) },
    daily: days,
    backlog: open,
    first_response: firsts,
    resolution: resolved,
    satisfaction: csat,
    agents: table,
    sla,
  };
}
