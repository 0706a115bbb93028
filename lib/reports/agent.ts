import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agentPerformance } from '@/lib/agents/performance';
import { getAgentOrThrow } from '@/lib/agents/queries';
import { isoTime } from '@/lib/time';
import type { TeamReportQuery } from './schema';

/** An agent's report page: their performance for the period and, per UTC day, their resolutions and public replies. */
export async function agentReport(db: Db, agentId: number, q: TeamReportQuery) {
  const agent = await getAgentOrThrow(db, agentId);
  const [start, end] = [q.start.toISOString(), q.end.toISOString()];
  const [performance, rows] = await Promise.all([
    agentPerformance(db, agentId, q),
    db.execute<{ day: string; resolved: string; replies: string }>(sql`
      with days as (
        select generate_series(date_trunc('day', ${start}::timestamptz at time zone 'UTC'), date_trunc('day', ${end}::timestamptz at time zone 'UTC'), interval '1 day')::date as day
      ), resolved as (
        select (created_at at time zone 'UTC')::date as day, count(distinct resource_id) as n from events
         where type = 'ticket.resolved' and created_at between ${start}::timestamptz and ${end}::timestamptz
           and (payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int = ${agentId}
         group by 1
      ), answered as (
        select (created_at at time zone 'UTC')::date as day, count(*) as n from replies
         where agent_id = ${agentId} and type = 'public' and created_at between ${start}::timestamptz and ${end}::timestamptz
         group by 1
      )
      select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(resolved.n, 0) as resolved, coalesce(answered.n, 0) as replies
        from days left join resolved using (day) left join answered using (day) order by days.day`),
  ]);
  return {
    agent: { id: agent.id, name: `${agent.first_name} ${agent.last_name}`.trim(), email: agent.email },
    period: { start: isoTime(q.start), end: isoTime(q.end) },
    metrics: performance.metrics,
    daily: Array.from(rows, (r) => ({ date: r.day, resolved: Number(r.resolved), replies: Number(r.replies) })),
  };
}

export type AgentReportJson = Awaited<ReturnType<typeof agentReport>>;
