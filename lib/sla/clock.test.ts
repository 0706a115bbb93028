import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';

/**
 * The SQL clocks (migration 0030_sla_policies) over a hand-built calendar and status history:
 * Monday to Friday 09:00–17:00 in London, Christmas Day off. December is GMT, so London and UTC
 * times read the same there; the DST cases say their offsets.
 */
const weekdays = JSON.stringify([1, 2, 3, 4, 5].map((day) => ({ day, start: 540, end: 1020 })));
const holidays = '{2026-12-25}';

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await getDb().execute<{ v: T }>(query);
  return row!.v;
}

const seconds = (from: string, to: string, hours: string | null = weekdays, tz = 'Europe/London') =>
  one<string>(sql`select sla_business_seconds(${hours}::jsonb, ${tz}, ${holidays}::date[], ${from}::timestamptz, ${to}::timestamptz) as v`).then(Number);
const add = (from: string, secs: number, hours: string | null = weekdays, tz = 'Europe/London') =>
  one<string>(
    sql`select to_char(sla_business_add(${hours}::jsonb, ${tz}, ${holidays}::date[], ${from}::timestamptz, ${secs}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as v`,
  );

describe('business time', () => {
  it('counts only the hours of working days: Friday 16:30 to Monday 09:30 is one hour', async () => {
    expect(await seconds('2026-12-04T16:30:00Z', '2026-12-07T09:30:00Z')).toBe(3600);
    expect(await add('2026-12-04T16:30:00Z', 3600)).toBe('2026-12-07T09:30:00Z');
  });

  it('starts a clock that begins out of hours at the next opening', async () => {
    expect(await add('2026-12-05T12:00:00Z', 0)).toBe('2026-12-07T09:00:00Z');
    expect(await add('2026-12-07T07:00:00Z', 60)).toBe('2026-12-07T09:01:00Z');
    expect(await seconds('2026-12-07T07:00:00Z', '2026-12-07T08:59:59Z')).toBe(0);
  });

  it('ends a span at its closing time exactly, and moves on at the next second', async () => {
    expect(await add('2026-12-07T09:00:00Z', 8 * 3600)).toBe('2026-12-07T17:00:00Z');
    expect(await add('2026-12-07T09:00:00Z', 8 * 3600 + 1)).toBe('2026-12-08T09:00:01Z');
  });

  it('skips a holiday and the weekend after it', async () => {
    expect(await add('2026-12-24T16:30:00Z', 3600)).toBe('2026-12-28T09:30:00Z');
    expect(await seconds('2026-12-24T16:30:00Z', '2026-12-28T09:30:00Z')).toBe(3600);
  });

  it('follows the wall clock across DST: a London working day stays 09:00–17:00 local', async () => {
    // Monday 30 March 2026 is BST (UTC+1): 09:00 local is 08:00Z. Friday 27 March is GMT.
    expect(await add('2026-03-27T16:00:00Z', 2 * 3600)).toBe('2026-03-30T09:00:00Z');
    expect(await seconds('2026-03-27T16:00:00Z', '2026-03-30T09:00:00Z')).toBe(2 * 3600);
  });

  it('counts 23 hours on the day New York springs forward and 25 on the day it falls back', async () => {
    const sundays = JSON.stringify([{ day: 7, start: 0, end: 1440 }]);
    expect(await seconds('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', sundays, 'America/New_York')).toBe(23 * 3600);
    expect(await seconds('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', sundays, 'America/New_York')).toBe(25 * 3600);
  });

  it('runs around the clock when a policy has no hours', async () => {
    expect(await seconds('2026-12-05T12:00:00Z', '2026-12-06T12:00:00Z', null)).toBe(86_400);
    expect(await add('2026-12-25T12:00:00Z', 90, null)).toBe('2026-12-25T12:01:30Z');
  });
});

describe('a ticket clock over its status history', () => {
  let ticketId: number;

  beforeAll(async () => {
    const db = getDb();
    // Came in Monday 7 December at 08:00 (before opening), pending from 10:00 until Tuesday 16:00.
    const [ticket] = await db.execute<{ id: number }>(
      sql`insert into tickets (subject, created_at) values ('Printer on fire', '2026-12-07T08:00:00Z') returning id`,
    );
    ticketId = ticket!.id;
    await db.execute(sql`delete from ticket_status_history where ticket_id = ${ticketId}`);
    await db.execute(sql`insert into ticket_status_history (ticket_id, status, changed_at) values
      (${ticketId}, 'open', '2026-12-07T08:00:00Z'),
      (${ticketId}, 'pending', '2026-12-07T10:00:00Z'),
      (${ticketId}, 'open', '2026-12-08T16:00:00Z')`);
  });

  const clock = (until: string, targetMinutes: number, status = 'open') =>
    one<{ elapsed: string; passed_at: string | null }>(sql`
      select to_jsonb(c) as v from (
        select elapsed, to_char(passed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as passed_at
          from sla_clock(${ticketId}, '2026-12-07T08:00:00Z', ${status}::ticket_status, ${until}::timestamptz,
                         ${weekdays}::jsonb, 'Europe/London', ${holidays}::date[], ${targetMinutes * 60})) c`);

  it('runs only while the ticket is open and within hours', async () => {
    // Monday 09:00–10:00, Tuesday 16:00–17:00, Wednesday 09:00–10:00.
    expect(await clock('2026-12-09T10:00:00Z', 600)).toEqual({ elapsed: 3 * 3600, passed_at: null });
  });

  it('finds the instant a target passed, pauses included', async () => {
    expect(await clock('2026-12-09T10:00:00Z', 150)).toEqual({ elapsed: 3 * 3600, passed_at: '2026-12-09T09:30:00Z' });
    expect(await clock('2026-12-09T10:00:00Z', 45)).toEqual({ elapsed: 3 * 3600, passed_at: '2026-12-07T09:45:00Z' });
  });

  it('reaches the deadline the instant the target is used up, though the ticket paused at that instant', async () => {
    expect(await clock('2026-12-07T09:59:59Z', 60)).toEqual({ elapsed: 3599, passed_at: null });
    expect(await clock('2026-12-08T15:00:00Z', 60)).toEqual({ elapsed: 3600, passed_at: '2026-12-07T10:00:00Z' });
  });

  it('stops at the instant asked for', async () => {
    expect(await clock('2026-12-07T09:45:00Z', 60)).toEqual({ elapsed: 45 * 60, passed_at: null });
    expect(await clock('2026-12-08T16:30:00Z', 75)).toEqual({ elapsed: 90 * 60, passed_at: '2026-12-08T16:15:00Z' });
  });
});

describe('a deadline at closing time', () => {
  it('has passed for a goal that comes after closing, before the next opening', async () => {
    const db = getDb();
    const [ticket] = await db.execute<{ id: number }>(
      sql`insert into tickets (subject, created_at) values ('Late in the day', '2026-12-07T16:00:00Z') returning id`,
    );
    await db.execute(sql`delete from ticket_status_history where ticket_id = ${ticket!.id}`);
    await db.execute(sql`insert into ticket_status_history (ticket_id, status, changed_at) values (${ticket!.id}, 'open', '2026-12-07T16:00:00Z')`);
    const clock = (until: string) =>
      one<{ passed_at: string | null }>(sql`
        select to_jsonb(c) as v from (
          select to_char(passed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as passed_at
            from sla_clock(${ticket!.id}, '2026-12-07T16:00:00Z', 'open', ${until}::timestamptz, ${weekdays}::jsonb, 'Europe/London', ${holidays}::date[], 3600)) c`);
    expect(await add('2026-12-07T16:00:00Z', 3600)).toBe('2026-12-07T17:00:00Z');
    expect(await clock('2026-12-07T16:59:00Z')).toEqual({ passed_at: null });
    expect(await clock('2026-12-08T08:59:00Z')).toEqual({ passed_at: '2026-12-07T17:00:00Z' });
  });
});
