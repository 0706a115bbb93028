import { sql } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { systemContext } from '@/lib/context';
import { addReply } from '@/lib/tickets/replies';
import { createTickets, updateTicket } from '@/lib/tickets/service';
import { benchDatabase } from './database';

/**
 * `npm run bench:events`: how much the events table holds per 1,000,000 events when tickets are
 * worked as a desk works them (created, assigned, 1–8 replies, resolved), through the services.
 * Prints the size as events are stored now (the ticket without its thread, a reply event with its
 * one reply) and as they were stored before (the ticket with its whole thread at that moment,
 * rebuilt here from the replies that existed at each event), scaled to 1M events.
 */
const TICKETS = Number(process.env.BENCH_EVENT_TICKETS ?? 400);

const database = await benchDatabase();
const ctx = systemContext(getDb(), 'bench-events');
const sentence = (i: number) =>
  `Thanks for the details on case ${i}. We reproduced the login problem after the password reset and are rolling out a fix to the session service; please clear the browser cache and try again, then tell us whether the two-factor code arrives.`;

const [agent] = await getDb().execute<{ id: number }>(sql`
  insert into agents (first_name, last_name, email, role, status) values ('Bench', 'Agent', 'bench-events@loopdesk.local', 'agent', 'active') returning id`);
for (let t = 0; t < TICKETS; t++) {
  const [ticket] = await createTickets(ctx, [
    { subject: `Cannot log in after reset (${t})`, description: sentence(t), status: 'open', priority: 'normal', assigned_agent_id: agent!.id },
  ]);
  const replies = 1 + (t % 8);
  for (let r = 0; r < replies; r++) {
    await addReply(ctx, ticket!.id, { content: sentence(t * 10 + r), type: r % 3 === 2 ? 'internal' : 'public', author_type: 'agent', author_id: agent!.id });
  }
  await updateTicket(ctx, ticket!.id, { status: 'resolved' });
}
await getDb().execute(sql`vacuum analyze events`);

// The payload each event would have stored with the thread: its ticket plus every reply up to then.
const [row] = await getDb().execute<{ events: number; table_bytes: number; payload_now: number; payload_before: number }>(sql`
  with thread as (
    select e.id, (e.payload -> 'ticket') || jsonb_build_object('replies', coalesce((
      select jsonb_agg(jsonb_build_object('id', r.id, 'content', r.content, 'type', r.type,
               'author', jsonb_build_object('type', r.author_type, 'id', r.agent_id, 'name', 'Bench Agent'),
               'created_at', r.created_at, 'attachments', '[]'::jsonb) order by r.id)
        from replies r where r.ticket_id = e.resource_id and r.created_at <= e.created_at), '[]'::jsonb)) as ticket
      from events e where e.resource_type = 'ticket'
  )
  select (select count(*) from events)::int as events,
         pg_total_relation_size('events')::bigint as table_bytes,
         (select sum(pg_column_size(payload)) from events)::bigint as payload_now,
         (select sum(pg_column_size(jsonb_build_object('ticket', ticket))) from thread)::bigint as payload_before`);
const { events, table_bytes, payload_now, payload_before } = row!;
const perMillion = (bytes: number) => (Number(bytes) / events) * 1_000_000;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
// The table now, and what it held before: the same rows, each with its thread's bytes besides.
const before = perMillion(Number(table_bytes) + Number(payload_before) - Number(payload_now));
const now = perMillion(Number(table_bytes));
console.log(`events benchmark on ${database.server}: ${TICKETS} tickets worked, ${events} events`);
console.log(`  events table per 1,000,000 events: ${mb(now)} now; ${mb(before)} had each stored the thread (${(before / now).toFixed(1)}x)`);
console.log(`  payload per event: ${(Number(payload_now) / events).toFixed(0)} bytes now, ${(Number(payload_before) / events).toFixed(0)} with the thread`);

await closeDb();
await database.drop();
