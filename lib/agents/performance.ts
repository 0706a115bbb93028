import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { isoTime } from '@/lib/time';
import { getAgentOrThrow } from './queries';
import type { PerformanceMetric, PerformanceQuery } from './schema';

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

// Events carry the ticket as it was after the change; its assignee then is who gets the credit.
const assigneeOf = sql`(payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int`;

// Times go to raw SQL as ISO strings: drizzle leaves Date serialization to its column types.
type Period = { agentId: number; start: string; end: string };

/** Tickets assigned to the agent, or replied to by them, in the period. */
async function handled(db: Db, { agentId, start, end }: Period) {
  const [row] = await db.execute<{ n: string }>(sql`
    select count(*) as n from (
      select resource_id as ticket_id from events
       where type = 'ticket.assigned' and created_at between ${start}::timestamptz and ${end}::timestamptz and ${assigneeOf} = ${agentId}
      union
      select ticket_id from replies
       where agent_id = ${agentId} and author_type = 'agent' and created_at between ${start}::timestamptz and ${end}::timestamptz
    ) handled`);
  return { tickets_handled: Number(row?.n ?? 0) };
}

/**
 * Tickets moved to resolved in the period while assigned to the agent (the last resolution of
 * each), how long they took from creation, and the share resolved with exactly one public agent reply.
 */
async function resolutions(db: Db, { agentId, start, end }: Period) {
  const [row] = await db.execute<{ resolved: string; avg_seconds: string | null; fcr: string | null }>(sql`
    with resolved as (
      select distinct on (resource_id) resource_id as ticket_id, created_at as resolved_at,
             (payload -> 'ticket' ->> 'created_at')::timestamptz as opened_at
        from events
       where type = 'ticket.resolved' and created_at between ${start}::timestamptz and ${end}::timestamptz and ${assigneeOf} = ${agentId}
       order by resource_id, created_at desc
    ), public_replies as (
      select r.ticket_id, count(*) as n
        from replies r join resolved on resolved.ticket_id = r.ticket_id
       where r.type = 'public' and r.author_type = 'agent' and r.created_at <= resolved.resolved_at
       group by r.ticket_id
    )
    select count(*) as resolved,
           avg(extract(epoch from resolved.resolved_at - resolved.opened_at)) as avg_seconds,
           avg(case when public_replies.n = 1 then 1.0 else 0.0 end) as fcr
      from resolved left join public_replies on public_replies.ticket_id = resolved.ticket_id`);
  const seconds = num(row?.avg_seconds);
  return {
    tickets_resolved: Number(row?.resolved ?? 0),
    average_resolution_time: humanDuration(seconds),
    average_resolution_time_seconds: seconds === null ? null : Math.round(seconds),
    first_contact_resolution: row?.fcr === null || row?.fcr === undefined ? null : Math.round(Number(row.fcr) * 100) / 100,
  };
}

/** First public agent reply minus ticket creation, for the tickets whose first reply the agent wrote in the period. */
async function responses(db: Db, { agentId, start, end }: Period) {
  const [row] = await db.execute<{ avg_seconds: string | null }>(sql`
    with first_replies as (
      select distinct on (r.ticket_id) r.ticket_id, r.agent_id, r.created_at
        from replies r
       where r.type = 'public' and r.author_type = 'agent'
         and r.ticket_id in (
           select ticket_id from replies
            where agent_id = ${agentId} and type = 'public' and created_at between ${start}::timestamptz and ${end}::timestamptz)
       order by r.ticket_id, r.created_at, r.id
    )
    select avg(extract(epoch from f.created_at - t.created_at)) as avg_seconds
      from first_replies f join tickets t on t.id = f.ticket_id
     where f.agent_id = ${agentId} and f.created_at between ${start}::timestamptz and ${end}::timestamptz`);
  const seconds = num(row?.avg_seconds);
  return {
    average_response_time: humanDuration(seconds),
    average_response_time_seconds: seconds === null ? null : Math.round(seconds),
  };
}

async function satisfaction(db: Db, { agentId, start, end }: Period) {
  const [row] = await db.execute<{ mean: string | null }>(sql`
    select avg(rating) as mean from satisfaction_ratings
     where agent_id = ${agentId} and updated_at between ${start}::timestamptz and ${end}::timestamptz`);
  const mean = num(row?.mean);
  return { customer_satisfaction: mean === null ? null : Math.round(mean * 10) / 10 };
}

async function reopened(db: Db, { agentId, start, end }: Period) {
  const [row] = await db.execute<{ n: string }>(sql`
    select count(*) as n from events
     where type = 'ticket.reopened' and created_at between ${start}::timestamptz and ${end}::timestamptz and ${assigneeOf} = ${agentId}`);
  return { reopened_tickets: Number(row?.n ?? 0) };
}

/** Which query family answers each metric; a family runs only when one of its metrics is asked for. */
const families = [
  { metrics: ['tickets_handled'], run: handled },
  { metrics: ['tickets_resolved', 'average_resolution_time', 'first_contact_resolution'], run: resolutions },
  { metrics: ['average_response_time'], run: responses },
  { metrics: ['customer_satisfaction'], run: satisfaction },
  { metrics: ['reopened_tickets'], run: reopened },
] satisfies { metrics: PerformanceMetric[]; run: (db: Db, p: Period) => Promise<Record<string, unknown>> }[];

/** GET /agents/{id}/performance: one SQL query per metric family over the period, never a loop over tickets. */
export async function agentPerformance(db: Db, agentId: number, q: PerformanceQuery) {
  await getAgentOrThrow(db, agentId);
  const period = { agentId, start: q.start.toISOString(), end: q.end.toISOString() };
  const wanted = new Set<string>(q.metrics);
  const results = await Promise.all(
    families.filter((f) => f.metrics.some((m) => wanted.has(m))).map((f) => f.run(db, period)),
  );
  const computed: Record<string, unknown> = Object.assign({}, ...results);
  // In the reference's order, each `*_seconds` right after its human-readable twin.
  const metrics = Object.fromEntries(
    q.metrics.flatMap((m) => [m, `${m}_seconds`]).filter((key) => key in computed).map((key) => [key, computed[key]]),
  );
  return { agent_id: agentId, period: { start: isoTime(q.start), end: isoTime(q.end) }, metrics };
}
