import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { agentPerformance } from '@/lib/agents/performance';
import { performanceMetrics } from '@/lib/agents/schema';
import type { ServiceContext } from '@/lib/context';
import { deleteCustomer } from '@/lib/customers/service';
import { createAgent, createCustomer } from '@/lib/test/factories';
import { addReply } from '@/lib/tickets/replies';
import { recordSatisfaction } from '@/lib/tickets/satisfaction';
import { assignTicket, createTickets, deleteTicket, updateTickets } from '@/lib/tickets/service';
import type { CreateTicketInput } from '@/lib/tickets/schema';
import { agentReport } from './agent';
import { agentDailyFromScratch, performanceFromScratch, teamFromScratch } from './from-scratch';
import { teamReport } from './team';

/*
 * The reports read rollups that triggers keep as rows change. Whatever the writes (services,
 * bulk updates, raw multi-row statements, cascading deletes, timestamps moved by hand), the reports
 * must equal the same numbers computed from scratch (./from-scratch.ts), for any period.
 */
const db = () => getDb();
const DAY = 86_400_000;
let agentIds: number[] = [];

const as = (agentId: number, on: Db = db()): ServiceContext => ({
  db: on,
  actor: { type: 'agent', agentId, permission: 'admin' },
  requestId: 'rollups-test',
  ip: null,
});

const ticket = (fields: Partial<CreateTicketInput> = {}): CreateTicketInput => ({
  subject: 'Export times out',
  priority: 'normal',
  status: 'open',
  ...fields,
});

const reply = (content = 'Looking into it', type: 'public' | 'internal' = 'public') => ({ content, type, author_type: 'agent' as const });

/** Periods around the story: whole days, part days, one instant, and random boundaries (seeded). */
function periodsAround(now: number): [Date, Date][] {
  let seed = 20_250_824;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const midnight = Math.floor(now / DAY) * DAY;
  const fixed: [number, number][] = [
    [now - 30 * DAY, now],
    [now - 365 * DAY, now + DAY],
    [midnight - 5 * DAY, midnight - 1000],
    [midnight - 2 * DAY, midnight + DAY - 1000],
    [midnight, now],
    [now, now],
  ];
  const drawn = Array.from({ length: 8 }, (): [number, number] => {
    const start = now - random() * 7 * DAY;
    return [start, Math.min(start + random() * 5 * DAY, now + DAY)];
  });
  return [...fixed, ...drawn].map(([start, end]) => [new Date(start), new Date(end)]);
}

async function expectReportsFromScratch(now = Date.now()) {
  for (const [start, end] of periodsAround(now)) {
    const q = { start, end, metrics: [...performanceMetrics] };
    const period = { start: start.toISOString(), end: end.toISOString() };
    const where = `${period.start} – ${period.end}`;
    const { agents: table, daily, backlog, first_response, resolution, satisfaction } = await teamReport(db(), q);
    expect({ daily, backlog, first_response, resolution, satisfaction }, where).toEqual(await teamFromScratch(db(), period));
    for (const id of agentIds) {
      const expected = await performanceFromScratch(db(), id, period);
      expect((await agentPerformance(db(), id, q)).metrics, `agent ${id}, ${where}`).toEqual(expected);
      expect(table.find((row) => row.agent.id === id)?.metrics, `team row ${id}, ${where}`).toEqual(expected);
      expect((await agentReport(db(), id, q)).daily, `agent ${id} daily, ${where}`).toEqual(await agentDailyFromScratch(db(), id, period));
    }
  }
}

/** Moves a ticket's history back in time, the way an import or a hand-made test fixture would. */
async function moveBack(ticketId: number, by: string) {
  await db().execute(sql`update tickets set created_at = created_at - ${by}::interval where id = ${ticketId}`);
  await db().execute(sql`update replies set created_at = created_at - ${by}::interval where ticket_id = ${ticketId}`);
  await db().execute(sql`
    update events set created_at = created_at - ${by}::interval,
           payload = jsonb_set(payload, '{ticket,created_at}', to_jsonb(to_char(((payload -> 'ticket' ->> 'created_at')::timestamptz - ${by}::interval) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
     where resource_type = 'ticket' and resource_id = ${ticketId} and payload -> 'ticket' ? 'created_at'`);
  await db().execute(sql`update satisfaction_ratings set updated_at = updated_at - ${by}::interval where ticket_id = ${ticketId}`);
}

beforeAll(async () => {
  const [sarah, omar, lena] = await Promise.all([
    createAgent({ first_name: 'Sarah' }),
    createAgent({ first_name: 'Omar' }),
    createAgent({ first_name: 'Lena' }),
  ]);
  agentIds = [sarah!.id, omar!.id, lena!.id];
});

describe('report rollups', () => {
  it('follow tickets through the services: create, assign, reply, resolve, reopen, rate, delete', async () => {
    const [sarah, omar, lena] = agentIds as [number, number, number];
    const customer = await createCustomer();
    const [t1, t2, t3, t4, t5] = await createTickets(as(sarah), [
      ticket({ assigned_agent_id: sarah, customer_id: customer.id }),
      ticket({ assigned_agent_id: omar, priority: 'high' }),
      ticket({ assigned_agent_id: sarah, priority: 'urgent' }),
      ticket({ customer_id: customer.id }),
      ticket({ assigned_agent_id: lena, status: 'pending' }),
    ]);
    await addReply(as(sarah), t1!.id, reply());
    await addReply({ ...as(sarah), actor: { type: 'system' } }, t1!.id, { content: 'It works now', author_type: 'customer', type: 'public' });
    await addReply(as(omar), t2!.id, reply('Omar answers first'));
    await addReply(as(sarah), t2!.id, reply('Sarah adds a note', 'internal'));
    await addReply(as(sarah), t2!.id, reply('Sarah answers too'));
    await addReply(as(lena), t3!.id, reply('Lena answers a ticket of Sarah'));
    await addReply(as(omar), t4!.id, reply('An unassigned ticket answered'));
    // A bulk update: two resolutions, an assignment and an internal note at once.
    await updateTickets(as(sarah), [
      { id: t1!.id, status: 'resolved' },
      { id: t2!.id, status: 'resolved', internal_note: 'Closing the loop' },
      { id: t3!.id, assigned_agent_id: omar },
      { id: t4!.id, status: 'resolved' },
    ]);
    await recordSatisfaction(as(sarah), t1!.id, { rating: 5 });
    await recordSatisfaction(as(sarah), t2!.id, { rating: 2 });
    await recordSatisfaction(as(sarah), t1!.id, { rating: 3, comment: 'Second thoughts' });
    // Reopened, handed over and resolved again; then resolved a second time the same day.
    await updateTickets(as(omar), [{ id: t1!.id, status: 'open', assigned_agent_id: omar }]);
    await addReply(as(omar), t1!.id, reply('Back on it'));
    await updateTickets(as(omar), [{ id: t1!.id, status: 'resolved' }]);
    await updateTickets(as(omar), [{ id: t2!.id, status: 'open' }]);
    await updateTickets(as(omar), [{ id: t2!.id, status: 'closed' }]);
    await updateTickets(as(omar), [{ id: t2!.id, status: 'open' }]);
    await updateTickets(as(omar), [{ id: t2!.id, status: 'resolved' }]);
    await assignTicket(as(sarah), t3!.id, null);
    await updateTickets(as(sarah), [{ id: t3!.id, status: 'resolved' }]);
    await expectReportsFromScratch();
    // Not a vacuous comparison: the story gives every metric a value.
    const last30Days = { start: new Date(Date.now() - 30 * DAY), end: new Date(), metrics: [...performanceMetrics] };
    const rows = (await teamReport(db(), last30Days)).agents.map((row) => row.metrics);
    for (const metric of ['tickets_handled', 'tickets_resolved', 'reopened_tickets'] as const) {
      expect(
        rows.some((m) => Number(m[metric]) > 0),
        metric,
      ).toBe(true);
    }
    for (const metric of ['average_response_time', 'average_resolution_time', 'customer_satisfaction', 'first_contact_resolution'] as const) {
      expect(
        rows.some((m) => m[metric] !== null),
        metric,
      ).toBe(true);
    }

    await moveBack(t2!.id, '2 days 5 hours');
    await moveBack(t3!.id, '26 hours');
    await db().execute(sql`update replies set created_at = created_at - interval '3 days' where ticket_id = ${t1!.id} and agent_id = ${omar}`);
    await expectReportsFromScratch();

    await deleteTicket(as(sarah), t5!.id);
    await deleteTicket(as(sarah), t2!.id);
    await deleteCustomer(as(sarah), customer.id, { force: true });
    await expectReportsFromScratch();
  });

  it('follow multi-row statements: inserts, updates and deletes of thousands of rows', async () => {
    const [sarah, omar, lena] = agentIds;
    const team = sql`array[${sarah}, ${omar}, ${lena}, null]::int[]`;
    await db().execute(sql`
      insert into tickets (subject, status, priority, assigned_agent_id, created_at, updated_at)
      select 'Bulk ' || i, 'open', 'normal', (${team})[1 + i % 4], now() - i * interval '37 minutes', now()
        from generate_series(1, 400) i`);
    const bulk = sql`(select id, assigned_agent_id as agent, created_at from tickets where subject like 'Bulk %')`;
    await db().execute(sql`
      insert into replies (ticket_id, content, type, author_type, agent_id, created_at, updated_at)
      select t.id, 'Reply ' || k, (case when k = 2 then 'internal' else 'public' end)::reply_type,
             (case when k = 3 then 'customer' else 'agent' end)::author_type,
             case when k <> 3 then coalesce(t.agent, (${team})[1 + t.id % 3]) end,
             t.created_at + k * interval '47 minutes' * (1 + t.id % 5), now()
        from ${bulk} t, generate_series(1, 3) k`);
    const payload = sql`jsonb_build_object('ticket', jsonb_build_object('id', t.id,
      'created_at', to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'assigned_agent', case when t.agent is not null then jsonb_build_object('id', t.agent) end))`;
    await db().execute(sql`
      insert into events (type, resource_type, resource_id, actor, payload, created_at)
      select e.type, 'ticket', t.id, '{"type":"system","id":null}', ${payload}, t.created_at + e.after
        from ${bulk} t cross join lateral (values
          ('ticket.assigned', interval '1 second', true),
          ('ticket.resolved', interval '5 hours' * (1 + t.id % 7), t.id % 3 <> 0),
          ('ticket.reopened', interval '2 days', t.id % 5 = 0),
          ('ticket.resolved', interval '2 days 4 hours', t.id % 5 = 0)) e(type, after, happened)
       where e.happened`);
    await db().execute(sql`
      insert into satisfaction_ratings (ticket_id, rating, agent_id, created_at, updated_at)
      select id, 1 + id % 5, agent, created_at + interval '1 day', created_at + interval '1 day' from ${bulk} t where id % 4 = 0`);
    await expectReportsFromScratch();

    await db().execute(sql`
      update events set created_at = created_at - interval '13 hours'
       where type = 'ticket.resolved' and resource_id in (select id from tickets where subject like 'Bulk %' and id % 2 = 0)`);
    await db().execute(sql`update replies set type = 'public' where type = 'internal' and content = 'Reply 2' and ticket_id % 3 = 0`);
    await db().execute(sql`delete from tickets where subject like 'Bulk %' and id % 6 = 1`);
    await expectReportsFromScratch();
  });

  it('follow replies written with times of their own: before the first response, before a resolution, after both', async () => {
    const [sarah, omar] = agentIds as [number, number, number];
    const [row] = await db().execute<{ id: number }>(sql`
      insert into tickets (subject, status, priority, assigned_agent_id, created_at, updated_at)
      values ('Imported history', 'resolved', 'normal', ${sarah}, now() - interval '3 days', now()) returning id`);
    const id = row!.id;
    const payload = sql`jsonb_build_object('ticket', jsonb_build_object('id', t.id,
      'created_at', to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'assigned_agent', jsonb_build_object('id', ${sarah}::int)))`;
    await db().execute(sql`
      insert into events (type, resource_type, resource_id, actor, payload, created_at)
      select e.type, 'ticket', t.id, '{"type":"system","id":null}', ${payload}, e.at
        from tickets t, (values ('ticket.assigned', now() - interval '3 days'), ('ticket.resolved', now() - interval '1 day')) e(type, at)
       where t.id = ${id}`);
    const replyAt = (agentId: number, ago: string) =>
      db().execute(sql`
        insert into replies (ticket_id, content, type, author_type, agent_id, created_at, updated_at)
        values (${id}, 'Imported', 'public', 'agent', ${agentId}, now() - ${ago}::interval, now())`);
    // The first response, before the resolution; then one earlier still, which takes its place; then one after both.
    await replyAt(sarah, '2 days');
    await expectReportsFromScratch();
    await replyAt(omar, '2 days 12 hours');
    await expectReportsFromScratch();
    await replyAt(sarah, '12 hours');
    await expectReportsFromScratch();
    const [first] = await db().execute<{ agent_id: number; public_replies: number }>(sql`
      select f.agent_id, x.public_replies from report_first_responses f join report_resolutions x using (ticket_id) where ticket_id = ${id}`);
    expect(first).toEqual({ agent_id: omar, public_replies: 2 });
  });

  it("plan a write's few ids and a batch each their own way, and leave the caller's plan setting as it was", async () => {
    const [sarah] = agentIds as [number];
    const [row] = await db().execute<{ id: number }>(sql`
      insert into tickets (subject, status, priority, assigned_agent_id, created_at, updated_at)
      values ('Plans', 'open', 'normal', ${sarah}, now() - interval '1 day', now()) returning id`);
    const written = (n: number) =>
      db().execute<{ id: number }>(sql`
        insert into replies (ticket_id, content, type, author_type, agent_id, created_at, updated_at)
        select ${row!.id}, 'Reply ' || i, 'public', 'agent', ${sarah}, now() - i * interval '1 minute', now()
          from generate_series(1, ${n}::int) i returning id`);
    const few = Array.from(await written(3), (r) => r.id);
    const batch = Array.from(await written(40), (r) => r.id);
    await db().transaction(async (tx) => {
      await tx.execute(sql`set local plan_cache_mode = auto`);
      // Synced again from the replies as they are: nothing changes, and the setting is the caller's again.
      for (const ids of [few, batch]) {
        const [after] = await tx.execute<{ mode: string }>(sql`
          select report_sync_activities(null, ${sql.raw(`array[${ids.join(',')}]`)}::int[]), current_setting('plan_cache_mode') as mode`);
        expect(after!.mode).toBe('auto');
      }
    });
    await expectReportsFromScratch();
  });

  it('let two writers add to the same day sums at once, without waiting for each other', async () => {
    const [sarah] = agentIds as [number];
    const [first, second] = await createTickets(as(sarah), [ticket({ assigned_agent_id: sarah }), ticket({ assigned_agent_id: sarah })]);
    let wrote!: () => void;
    let mayCommit!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const held = new Promise<void>((resolve) => (mayCommit = resolve));
    const slow = db().transaction(async (tx) => {
      await addReply(as(sarah, tx), first!.id, reply());
      wrote();
      await held;
    });
    await written;
    // The slow transaction holds its rows of today's sums; this one must not queue behind them.
    await db().transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '3s'`);
      await addReply(as(sarah, tx), second!.id, reply());
    });
    mayCommit();
    await slow;
    const [today] = await db().execute<{ rows: string }>(sql`
      select count(*) as rows from report_agent_days where agent_id = ${sarah} and day = (now() at time zone 'UTC')::date`);
    expect(Number(today!.rows)).toBeGreaterThan(1);
    await expectReportsFromScratch();
  });

  it('hold what rebuilding them from scratch gives', async () => {
    const snapshot = async () => ({
      activities: await db().execute(sql`select * from report_activities order by kind, source_id`),
      resolutions: await db().execute(sql`select * from report_resolutions order by event_id`),
      firstResponses: await db().execute(sql`select * from report_first_responses order by ticket_id`),
      ratings: await db().execute(sql`select * from report_ratings order by rating_id`),
      reopens: await db().execute(sql`select * from report_reopens order by event_id`),
      agentDays: await db().execute(sql`
        select agent_id, day, sum(handled), sum(resolved), sum(daily_resolved), sum(public_replies), sum(resolution_timed),
               sum(resolution_seconds), sum(first_contact), sum(responses), sum(response_seconds), sum(ratings), sum(rating_sum), sum(reopened)
          from report_agent_days group by 1, 2 order by 1, 2`),
      teamDays: await db().execute(sql`
        select day, sum(created), sum(resolved), sum(ratings), sum(rating_sum) from report_team_days group by 1 order by 1`),
      durationDays: await db().execute(sql`
        select day, bucket, sum(first_responses), sum(resolutions) from report_duration_days group by 1, 2 order by 1, 2`),
    });
    // Day sums that netted out to zero stay as rows of zeros; rebuilt ones are not written.
    const keys = ['agent_id', 'day', 'bucket'];
    const nonZero = (rows: Iterable<Record<string, unknown>>) =>
      Array.from(rows, (r) => Object.entries(r).map(([k, v]) => [k, keys.includes(k) ? v : Number(v)] as const))
        .filter((entries) => entries.some(([k, v]) => !keys.includes(k) && v !== 0))
        .map((entries) => Object.fromEntries(entries));
    const live = await snapshot();
    await db().execute(sql`select report_rebuild()`);
    const rebuilt = await snapshot();
    for (const key of ['activities', 'resolutions', 'firstResponses', 'ratings', 'reopens'] as const) {
      expect(live[key], key).toEqual(rebuilt[key]);
    }
    for (const key of ['agentDays', 'teamDays', 'durationDays'] as const) {
      expect(nonZero(live[key]), key).toEqual(nonZero(rebuilt[key]));
    }
    expect(live.activities.length).toBeGreaterThan(500);
  });
});
