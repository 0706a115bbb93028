import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { inPartDays, inWholeDays, reportPeriod, type ReportPeriod } from '@/lib/reports/period';
import { isoTime } from '@/lib/time';
import type { AgentPerformanceJson, PerformanceMetric, PerformanceMetricsJson, PerformanceQuery } from './schema';

/** "2.5 hours", as the reference writes durations; the `*_seconds` fields beside them are for machines. */
export function humanDuration(seconds: number | null): string | null {
  if (seconds === null) return null;
  const round = (n: number) => Math.round(n * 10) / 10;
  const unit = (n: number, name: string) => `${round(n)} ${name}${round(n) === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(seconds, 'second');
  if (seconds < 3600) return unit(seconds / 60, 'minute');
  if (seconds < 48 * 3600) return unit(seconds / 3600, 'hour');
  return unit(seconds / 86_400, 'day');
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const wholeSeconds = (seconds: number | null) => (seconds === null ? null : Math.round(seconds));

/*
 * Each metric family is one statement for any number of agents, grouped by agent, over the rollups
 * of db/schema/report-rollups.ts: the period's whole UTC days from the per-day sums, its part-days
 * from the rows (lib/reports/period.ts). Averages are sums over counts, in numeric, which is
 * exactly what avg() returns.
 */
type Scope = { agentIds: number[]; period: ReportPeriod };
type Metrics = PerformanceMetricsJson;
type AgentRow = { agent_id: number };

/*
 * The rows whose gap to the next (or previous) one spans an instant, found by their gist index:
 * a few thousand at most, the tickets in progress then. OFFSET 0 keeps the other conditions out
 * of the index scan, where the planner would add the agent_id and time index and read every row
 * before the instant.
 */
const gapsSpanning = (at: string) => sql`
  select agent_id, at from report_activities
   where handles and prev_at is not null and tstzrange(prev_at, at, '(]') @> ${at}::timestamptz offset 0`;

const resolvedAgainAfter = (at: string) => sql`
  select agent_id, resolved_at, opened_at, public_replies from report_resolutions
   where next_same_agent_at is not null and tstzrange(resolved_at, next_same_agent_at, '[)') @> ${at}::timestamptz offset 0`;

function perAgent<R extends AgentRow>(scope: Scope, rows: Iterable<R>, toMetrics: (row: R | undefined) => Metrics) {
  const found = new Map(Array.from(rows, (r) => [Number(r.agent_id), r]));
  return new Map(scope.agentIds.map((id) => [id, toMetrics(found.get(id))]));
}

/**
 * Tickets assigned to the agent, or replied to by them, in the period, each counted at its first
 * such activity in the period: the agent's first ever on the ticket, or one after a gap that spans
 * the period's start.
 */
async function handled(db: Db, scope: Scope) {
  const { agentIds, period: p } = scope;
  const rows = await db.execute<AgentRow & { n: string }>(sql`
    select agent_id, sum(n) as n from (
      select agent_id, sum(handled) as n from report_agent_days
       where agent_id in ${agentIds} and ${inWholeDays(p, sql`day`)} group by agent_id
      union all
      select agent_id, count(*) from report_activities
       where agent_id in ${agentIds} and handles and prev_at is null and ${inPartDays(p, sql`at`)} group by agent_id
      union all
      select agent_id, count(*) from (${gapsSpanning(p.start)}) spanning
       where agent_id in ${agentIds} and at <= ${p.end}::timestamptz group by agent_id
    ) parts group by agent_id`);
  return perAgent(scope, rows, (r) => ({ tickets_handled: Number(r?.n ?? 0) }));
}

/**
 * Tickets moved to resolved in the period while assigned to the agent (the last such resolution of
 * each: one not followed by another credited to them, or followed only after the period), how long
 * they took from creation, and the share resolved with exactly one public agent reply.
 */
async function resolutions(db: Db, scope: Scope) {
  const { agentIds, period: p } = scope;
  const rows = await db.execute<AgentRow & { resolved: string; avg_seconds: string | null; fcr: string | null }>(sql`
    select agent_id, sum(resolved) as resolved, sum(seconds) / nullif(sum(timed), 0) as avg_seconds,
           sum(first_contact) / nullif(sum(resolved), 0) as fcr
      from (
        select agent_id, sum(resolved) as resolved, sum(resolution_timed) as timed, sum(resolution_seconds) as seconds,
               sum(first_contact) as first_contact
          from report_agent_days where agent_id in ${agentIds} and ${inWholeDays(p, sql`day`)} group by agent_id
        union all
        select agent_id, count(*), count(opened_at), sum(extract(epoch from resolved_at - opened_at)), count(*) filter (where public_replies = 1)
          from report_resolutions
         where agent_id in ${agentIds} and next_same_agent_at is null and ${inPartDays(p, sql`resolved_at`)} group by agent_id
        union all
        select agent_id, count(*), count(opened_at), sum(extract(epoch from resolved_at - opened_at)), count(*) filter (where public_replies = 1)
          from (${resolvedAgainAfter(p.end)}) spanning
         where agent_id in ${agentIds} and resolved_at >= ${p.start}::timestamptz group by agent_id
      ) parts group by agent_id`);
  return perAgent(scope, rows, (r) => {
    const seconds = num(r?.avg_seconds);
    const fcr = num(r?.fcr);
    return {
      tickets_resolved: Number(r?.resolved ?? 0),
      average_resolution_time: humanDuration(seconds),
      average_resolution_time_seconds: wholeSeconds(seconds),
      first_contact_resolution: fcr === null ? null : Math.round(fcr * 100) / 100,
    };
  });
}

/** First public agent reply minus ticket creation, for the tickets whose first reply the agent wrote in the period. */
async function responses(db: Db, scope: Scope) {
  const { agentIds, period: p } = scope;
  const rows = await db.execute<AgentRow & { avg_seconds: string | null }>(sql`
    select agent_id, sum(seconds) / nullif(sum(n), 0) as avg_seconds from (
      select agent_id, sum(responses) as n, sum(response_seconds) as seconds from report_agent_days
       where agent_id in ${agentIds} and ${inWholeDays(p, sql`day`)} group by agent_id
      union all
      select agent_id, count(*), sum(extract(epoch from replied_at - ticket_created_at)) from report_first_responses
       where agent_id in ${agentIds} and ${inPartDays(p, sql`replied_at`)} group by agent_id
    ) parts group by agent_id`);
  return perAgent(scope, rows, (r) => {
    const seconds = num(r?.avg_seconds);
    return { average_response_time: humanDuration(seconds), average_response_time_seconds: wholeSeconds(seconds) };
  });
}

/** Ratings credited to the agent, by when they were last given. */
async function satisfaction(db: Db, scope: Scope) {
  const { agentIds, period: p } = scope;
  const rows = await db.execute<AgentRow & { mean: string | null }>(sql`
    select agent_id, sum(rating_sum) / nullif(sum(n), 0) as mean from (
      select agent_id, sum(ratings) as n, sum(rating_sum) as rating_sum from report_agent_days
       where agent_id in ${agentIds} and ${inWholeDays(p, sql`day`)} group by agent_id
      union all
      select agent_id, count(*), sum(rating) from report_ratings
       where agent_id in ${agentIds} and ${inPartDays(p, sql`rated_at`)} group by agent_id
    ) parts group by agent_id`);
  return perAgent(scope, rows, (r) => {
    const mean = num(r?.mean);
    return { customer_satisfaction: mean === null ? null : Math.round(mean * 10) / 10 };
  });
}

/** Reopenings of tickets assigned to the agent. */
async function reopened(db: Db, scope: Scope) {
  const { agentIds, period: p } = scope;
  const rows = await db.execute<AgentRow & { n: string }>(sql`
    select agent_id, sum(n) as n from (
      select agent_id, sum(reopened) as n from report_agent_days
       where agent_id in ${agentIds} and ${inWholeDays(p, sql`day`)} group by agent_id
      union all
      select agent_id, count(*) from report_reopens where agent_id in ${agentIds} and ${inPartDays(p, sql`at`)} group by agent_id
    ) parts group by agent_id`);
  return perAgent(scope, rows, (r) => ({ reopened_tickets: Number(r?.n ?? 0) }));
}

/** Which statement answers each metric; a family runs only when one of its metrics is asked for. */
const families = [
  { metrics: ['tickets_handled'], run: handled },
  { metrics: ['tickets_resolved', 'average_resolution_time', 'first_contact_resolution'], run: resolutions },
  { metrics: ['average_response_time'], run: responses },
  { metrics: ['customer_satisfaction'], run: satisfaction },
  { metrics: ['reopened_tickets'], run: reopened },
] satisfies { metrics: PerformanceMetric[]; run: (db: Db, scope: Scope) => Promise<Map<number, Metrics>> }[];

/**
 * The metrics asked for, of each agent, for the period: one statement per metric family whatever
 * the number of agents. In the reference's order, each `*_seconds` right after its human-readable twin.
 */
export async function performanceByAgent(db: Db, agentIds: number[], period: ReportPeriod, metrics: PerformanceMetric[]) {
  if (agentIds.length === 0) return new Map<number, Metrics>();
  const wanted = new Set<string>(metrics);
  const results = await Promise.all(families.filter((f) => f.metrics.some((m) => wanted.has(m))).map((f) => f.run(db, { agentIds, period })));
  const keys = metrics.flatMap((m) => [m, `${m}_seconds`]);
  return new Map(
    agentIds.map((id): [number, Metrics] => {
      const computed: Record<string, unknown> = Object.assign({}, ...results.map((r) => r.get(id)));
      return [id, Object.fromEntries(keys.filter((key) => key in computed).map((key) => [key, computed[key]]))];
    }),
  );
}

/** GET /agents/{id}/performance. */
export async function agentPerformance(db: Db, agentId: number, q: PerformanceQuery): Promise<AgentPerformanceJson> {
  const [agent] = await db.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId));
  if (!agent) throw new NotFoundError('Agent');
  const byAgent = await performanceByAgent(db, [agentId], reportPeriod(q.start, q.end), q.metrics);
  return { agent_id: agentId, period: { start: isoTime(q.start), end: isoTime(q.end) }, metrics: byAgent.get(agentId)! };
}
