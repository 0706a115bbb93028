import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents } from '@/db/schema';
import { performanceByAgent } from '@/lib/agents/performance';
import { NotFoundError } from '@/lib/errors';
import { isoTime } from '@/lib/time';
import { inPartDays, inWholeDays, periodDays, reportPeriod, utcDay } from './period';
import type { AgentReportJson, TeamReportQuery } from './schema';
import { fullName } from '@/lib/names';

/** An agent's report page: their performance for the period and, per UTC day, their resolutions and public replies. */
export async function agentReport(db: Db, agentId: number, q: TeamReportQuery): Promise<AgentReportJson> {
  const [agent] = await db
    .select({ id: agents.id, first: agents.firstName, last: agents.lastName, email: agents.email })
    .from(agents)
    .where(eq(agents.id, agentId));
  if (!agent) throw new NotFoundError('Agent');
  const period = reportPeriod(q.start, q.end);
  const [performance, rows] = await Promise.all([
    performanceByAgent(db, [agentId], period, q.metrics),
    db.execute<{ day: string; resolved: string; replies: string }>(sql`
      with parts as (
        select day, daily_resolved as resolved, public_replies as replies from report_agent_days
         where agent_id = ${agentId} and ${inWholeDays(period, sql`day`)}
        union all
        select ${utcDay(sql`resolved_at`)}, count(distinct ticket_id), 0 from report_resolutions
         where agent_id = ${agentId} and ${inPartDays(period, sql`resolved_at`)} group by 1
        union all
        select ${utcDay(sql`at`)}, 0, count(*) from report_activities
         where agent_id = ${agentId} and public_reply and ${inPartDays(period, sql`at`)} group by 1
      )
      select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(sum(parts.resolved), 0) as resolved, coalesce(sum(parts.replies), 0) as replies
        from (${periodDays(period)}) days left join parts using (day) group by days.day order by days.day`),
  ]);
  return {
    agent: { id: agent.id, name: fullName(agent.first, agent.last), email: agent.email },
    period: { start: isoTime(q.start), end: isoTime(q.end) },
    metrics: performance.get(agentId)!,
    daily: Array.from(rows, (r) => ({ date: r.day, resolved: Number(r.resolved), replies: Number(r.replies) })),
  };
}
