import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { humanDuration } from '@/lib/agents/performance';

/*
 * The reports' numbers computed straight from events, replies, tickets and ratings, the way they
 * were before the rollups: slow at scale, obviously right. The rollup tests compare against them.
 * They answer in the API's shapes, rounded the way the API rounds.
 */

const assigneeOf = sql`(payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int`;
type Period = { start: string; end: string };
const between = (column: SQL, { start, end }: Period) => sql`${column} between ${start}::timestamptz and ${end}::timestamptz`;

async function one<T extends Record<string, unknown>>(db: Db, query: SQL) {
  const [row] = await db.execute<T>(query);
  return row!;
}

export async function performanceFromScratch(db: Db, agentId: number, period: Period) {
  const handled = await one<{ n: string }>(
    db,
    sql`
    select count(*) as n from (
      select resource_id as ticket_id from events
       where type = 'ticket.assigned' and ${between(sql`created_at`, period)} and ${assigneeOf} = ${agentId}
      union
      select ticket_id from replies where agent_id = ${agentId} and author_type = 'agent' and ${between(sql`created_at`, period)}
    ) handled`,
  );
  const resolved = await one<{ resolved: string; avg_seconds: string | null; fcr: string | null }>(
    db,
    sql`
    with resolved as (
      select distinct on (resource_id) resource_id as ticket_id, created_at as resolved_at,
             (payload -> 'ticket' ->> 'created_at')::timestamptz as opened_at
        from events
       where type = 'ticket.resolved' and ${between(sql`created_at`, period)} and ${assigneeOf} = ${agentId}
       order by resource_id, created_at desc
    ), public_replies as (
      select r.ticket_id, count(*) as n from replies r join resolved on resolved.ticket_id = r.ticket_id
       where r.type = 'public' and r.author_type = 'agent' and r.created_at <= resolved.resolved_at
       group by r.ticket_id
    )
    select count(*) as resolved, avg(extract(epoch from resolved.resolved_at - resolved.opened_at)) as avg_seconds,
           avg(case when public_replies.n = 1 then 1.0 else 0.0 end) as fcr
      from resolved left join public_replies on public_replies.ticket_id = resolved.ticket_id`,
  );
  const responded = await one<{ avg_seconds: string | null }>(
    db,
    sql`
    with first_replies as (
      select distinct on (r.ticket_id) r.ticket_id, r.agent_id, r.created_at from replies r
       where r.type = 'public' and r.author_type = 'agent'
       order by r.ticket_id, r.created_at, r.id
    )
    select avg(extract(epoch from f.created_at - t.created_at)) as avg_seconds
      from first_replies f join tickets t on t.id = f.ticket_id
     where f.agent_id = ${agentId} and ${between(sql`f.created_at`, period)}`,
  );
  const rated = await one<{ mean: string | null }>(
    db,
    sql`
    select avg(rating) as mean from satisfaction_ratings where agent_id = ${agentId} and ${between(sql`updated_at`, period)}`,
  );
  const reopened = await one<{ n: string }>(
    db,
    sql`
    select count(*) as n from events where type = 'ticket.reopened' and ${between(sql`created_at`, period)} and ${assigneeOf} = ${agentId}`,
  );
  const seconds = (v: string | null) => (v === null ? null : Number(v));
  const [resolution, response] = [seconds(resolved.avg_seconds), seconds(responded.avg_seconds)];
  return {
    tickets_handled: Number(handled.n),
    tickets_resolved: Number(resolved.resolved),
    average_response_time: humanDuration(response),
    average_response_time_seconds: response === null ? null : Math.round(response),
    average_resolution_time: humanDuration(resolution),
    average_resolution_time_seconds: resolution === null ? null : Math.round(resolution),
    customer_satisfaction: rated.mean === null ? null : Math.round(Number(rated.mean) * 10) / 10,
    first_contact_resolution: resolved.fcr === null ? null : Math.round(Number(resolved.fcr) * 100) / 100,
    reopened_tickets: Number(reopened.n),
  };
}

const bucket = (seconds: SQL) =>
  sql`case when ${seconds} < 3600 then 0 when ${seconds} < 14400 then 1 when ${seconds} < 86400 then 2 when ${seconds} < 259200 then 3 else 4 end`;

export async function teamFromScratch(db: Db, period: Period) {
  const days = sql`select generate_series(date_trunc('day', ${period.start}::timestamptz at time zone 'UTC'), date_trunc('day', ${period.end}::timestamptz at time zone 'UTC'), interval '1 day')::date as day`;
  const daily = await db.execute<{ day: string; created: string; resolved: string }>(sql`
    with days as (${days}), created as (
      select (created_at at time zone 'UTC')::date as day, count(*) as n from tickets where ${between(sql`created_at`, period)} group by 1
    ), resolved as (
      select (created_at at time zone 'UTC')::date as day, count(distinct resource_id) as n from events
       where type = 'ticket.resolved' and ${between(sql`created_at`, period)} group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(created.n, 0) as created, coalesce(resolved.n, 0) as resolved
      from days left join created using (day) left join resolved using (day) order by days.day`);
  const firstResponses = await db.execute<{ bucket: number; n: string }>(sql`
    with first_replies as (
      select distinct on (r.ticket_id) r.ticket_id, r.created_at from replies r
       where r.type = 'public' and r.author_type = 'agent' order by r.ticket_id, r.created_at, r.id
    )
    select ${bucket(sql`extract(epoch from f.created_at - t.created_at)`)} as bucket, count(*) as n
      from tickets t join first_replies f on f.ticket_id = t.id where ${between(sql`t.created_at`, period)} group by 1 order by 1`);
  const resolutions = await db.execute<{ bucket: number; n: string }>(sql`
    with resolved as (
      select distinct on (resource_id) created_at as resolved_at, (payload -> 'ticket' ->> 'created_at')::timestamptz as opened_at
        from events where type = 'ticket.resolved' and ${between(sql`created_at`, period)}
       order by resource_id, created_at desc
    )
    select ${bucket(sql`extract(epoch from resolved_at - opened_at)`)} as bucket, count(*) as n from resolved group by 1 order by 1`);
  const satisfaction = await db.execute<{ day: string; average: string; n: string }>(sql`
    select to_char((updated_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, avg(rating) as average, count(*) as n
      from satisfaction_ratings where ${between(sql`updated_at`, period)} group by 1 order by 1`);
  const backlog = await db.execute<{ status: string; priority: string; n: string }>(sql`
    select status, priority, count(*) as n from tickets where status in ('open', 'pending', 'on_hold') group by 1, 2 order by 1, 2`);
  const labels = ['Under 1 hour', '1–4 hours', '4–24 hours', '1–3 days', 'Over 3 days'];
  const distribution = (rows: Iterable<{ bucket: number; n: string }>) => {
    const counts = new Map(Array.from(rows, (r) => [Number(r.bucket), Number(r.n)]));
    return labels.map((label, i) => ({ bucket: label, count: counts.get(i) ?? 0 }));
  };
  const totals = (key: 'status' | 'priority') => {
    const sums = new Map<string, number>();
    for (const r of backlog) sums.set(r[key], (sums.get(r[key]) ?? 0) + Number(r.n));
    return Object.fromEntries(sums);
  };
  return {
    daily: Array.from(daily, (r) => ({ date: r.day, created: Number(r.created), resolved: Number(r.resolved) })),
    backlog: { by_status: totals('status'), by_priority: totals('priority') },
    first_response: distribution(firstResponses),
    resolution: distribution(resolutions),
    satisfaction: Array.from(satisfaction, (r) => ({ date: r.day, average: Math.round(Number(r.average) * 10) / 10, count: Number(r.n) })),
  };
}

export async function agentDailyFromScratch(db: Db, agentId: number, period: Period) {
  const rows = await db.execute<{ day: string; resolved: string; replies: string }>(sql`
    with days as (
      select generate_series(date_trunc('day', ${period.start}::timestamptz at time zone 'UTC'), date_trunc('day', ${period.end}::timestamptz at time zone 'UTC'), interval '1 day')::date as day
    ), resolved as (
      select (created_at at time zone 'UTC')::date as day, count(distinct resource_id) as n from events
       where type = 'ticket.resolved' and ${between(sql`created_at`, period)} and ${assigneeOf} = ${agentId} group by 1
    ), answered as (
      select (created_at at time zone 'UTC')::date as day, count(*) as n from replies
       where agent_id = ${agentId} and type = 'public' and ${between(sql`created_at`, period)} group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(resolved.n, 0) as resolved, coalesce(answered.n, 0) as replies
      from days left join resolved using (day) left join answered using (day) order by days.day`);
  return Array.from(rows, (r) => ({ date: r.day, resolved: Number(r.resolved), replies: Number(r.replies) }));
}
