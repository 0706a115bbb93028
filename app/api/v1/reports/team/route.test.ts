import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import type { TeamReportJson } from '@/lib/reports/schema';

let admin: string;
let read: string;
let sarah: { id: number };

const day = (offset: number) => new Date(Date.UTC(2025, 7, 10 + offset, 12)).toISOString();

/**
 * A hand-built week in August 2025: three tickets created on the 10th, one on the 11th; Sarah
 * answers two within the hour and one after two days, resolves two, one is rated 4.
 */
beforeAll(async () => {
  admin = await createKey('admin');
  read = await createKey('read');
  sarah = await createAgent({ first_name: 'Sarah', last_name: 'Report' });
  const post = async (path: string, body: unknown) => (await call<{ id: number }>('POST', path, { key: admin, body })).body.data;
  const ids: number[] = [];
  for (const [subject, priority] of [
    ['A', 'high'],
    ['B', 'low'],
    ['C', 'normal'],
    ['D', 'urgent'],
  ] as const) {
    ids.push((await post('/api/v1/tickets', { subject, priority, assigned_agent_id: sarah.id })).id);
  }
  for (const id of ids.slice(0, 3)) await post(`/api/v1/tickets/${id}/replies`, { content: 'On it', author_id: sarah.id });
  for (const id of ids.slice(0, 2)) await call('PUT', `/api/v1/tickets/${id}`, { key: admin, body: { status: 'resolved' } });
  await post(`/api/v1/tickets/${ids[0]}/satisfaction`, { rating: 4 });

  // Move everything into the fixed week, keeping the order of things.
  const db = getDb();
  const created = [day(0), day(0), day(0), day(1)];
  for (const [i, id] of ids.entries()) {
    await db.execute(sql`update tickets set created_at = ${created[i]}::timestamptz where id = ${id}`);
    await db.execute(sql`update events set created_at = ${created[i]}::timestamptz + interval '1 second',
      payload = jsonb_set(payload, '{ticket,created_at}', to_jsonb(${created[i]}::text)) where resource_type = 'ticket' and resource_id = ${id} and type <> 'ticket.resolved'`);
  }
  const replyAt = [`${day(0)}`, `${day(0)}`, day(2)];
  for (const [i, id] of ids.slice(0, 3).entries()) {
    await db.execute(sql`update replies set created_at = ${replyAt[i]}::timestamptz + interval '30 minutes' where ticket_id = ${id}`);
  }
  for (const id of ids.slice(0, 2)) {
    await db.execute(sql`update events set created_at = ${day(2)}::timestamptz + interval '1 hour',
      payload = jsonb_set(payload, '{ticket,created_at}', to_jsonb(${day(0)}::text)) where resource_id = ${id} and type = 'ticket.resolved'`);
  }
  await db.execute(sql`update satisfaction_ratings set updated_at = ${day(3)}::timestamptz where ticket_id = ${ids[0]}`);
});

const report = (key: string, query = 'start_date=2025-08-09&end_date=2025-08-14') => call<TeamReportJson>('GET', `/api/v1/reports/team?${query}`, { key });

describe('GET /api/v1/reports/team', () => {
  it('counts tickets created and resolved per day, every day of the period present', async () => {
    const res = await report(read);
    expect(res.status).toBe(200);
    expect(res.body.data.period).toEqual({ start: '2025-08-09T00:00:00Z', end: '2025-08-14T23:59:59Z' });
    expect(res.body.data.daily).toEqual([
      { date: '2025-08-09', created: 0, resolved: 0 },
      { date: '2025-08-10', created: 3, resolved: 0 },
      { date: '2025-08-11', created: 1, resolved: 0 },
      { date: '2025-08-12', created: 0, resolved: 2 },
      { date: '2025-08-13', created: 0, resolved: 0 },
      { date: '2025-08-14', created: 0, resolved: 0 },
    ]);
  });

  it('buckets first responses and resolution times', async () => {
    const { data } = (await report(read)).body;
    expect(data.first_response).toEqual([
      { bucket: 'Under 1 hour', count: 2 },
      { bucket: '1–4 hours', count: 0 },
      { bucket: '4–24 hours', count: 0 },
      { bucket: '1–3 days', count: 1 },
      { bucket: 'Over 3 days', count: 0 },
    ]);
    expect(data.resolution.find((b) => b.bucket === '1–3 days')?.count).toBe(2);
    expect(data.satisfaction).toEqual([{ date: '2025-08-13', average: 4, count: 1 }]);
  });

  it('shows the open backlog by status and priority', async () => {
    const { data } = (await report(read)).body;
    expect(data.backlog.by_status.open).toBeGreaterThanOrEqual(2);
    expect(data.backlog.by_priority.urgent).toBeGreaterThanOrEqual(1);
  });

  it('gives each active agent the numbers of GET /agents/{id}/performance for the period', async () => {
    const { data } = (await report(read)).body;
    const row = data.agents.find((a) => a.agent.id === sarah.id)!;
    const own = await call<{ metrics: unknown }>('GET', `/api/v1/agents/${sarah.id}/performance?start_date=2025-08-09&end_date=2025-08-14`, { key: read });
    expect(row).toEqual({ agent: { id: sarah.id, name: 'Sarah Report' }, metrics: own.body.data.metrics });
    expect(row.metrics).toMatchObject({ tickets_resolved: 2, customer_satisfaction: 4 });
  });

  it('builds a period of up to 366 days and refuses a longer one on end_date', async () => {
    const year = await report(read, 'start_date=2025-01-01&end_date=2026-01-01');
    expect(year.status).toBe(200);
    expect(year.body.data.daily).toHaveLength(366);
    expect(year.body.data.daily.at(-1)).toEqual({ date: '2026-01-01', created: 0, resolved: 0 });

    const tooLong = [{ field: 'end_date', message: 'The period may span at most 366 days' }];
    expectValidationError(await report(read, 'start_date=2025-01-01&end_date=2026-01-02'), tooLong);
    expectValidationError(await report(read, 'start_date=2025-01-01T00:00:00Z&end_date=2026-01-02T00:00:00Z'), tooLong);
    // Without an end date the period runs to now.
    expectValidationError(await report(read, 'start_date=2020-01-01'), tooLong);
  });

  it('refuses report dates before 2000 or after 2100, naming each', async () => {
    const outside = (field: string) => ({ field, message: 'Report dates must be between 2000-01-01 and 2100-12-31' });
    expectValidationError(await report(read, 'start_date=0001-01-01&end_date=9999-12-31'), [outside('start_date'), outside('end_date')]);
    expectValidationError(await report(read, 'start_date=1999-12-31&end_date=2000-01-05'), [outside('start_date')]);
    expectValidationError(await report(read, 'start_date=2100-12-31&end_date=2101-01-01'), [outside('end_date')]);
    expectValidationError(await report(read, 'end_date=1970-01-01'), [outside('end_date')]);
    expect((await report(read, 'start_date=2100-01-01&end_date=2100-12-31')).status).toBe(200);
  });

  it('refuses a start after the end, and callers without a key', async () => {
    expectValidationError(await report(read, 'start_date=2025-08-14&end_date=2025-08-09'), [
      { field: 'start_date', message: 'Start date must not be after end date' },
    ]);
    expectError(await call('GET', '/api/v1/reports/team'), { status: 401, code: 'UNAUTHORIZED' });
  });
});
