import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createAgent, createCustomer, createDepartment, createKey } from '@/lib/test/factories';
import { COUNT_LIMIT, ROW_COUNT_LIMIT, SEARCH_RANK_LIMIT } from '@/lib/tickets/list';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';

type Page = { data: TicketSummaryJson[]; pagination: { total: number; total_exact: boolean; has_next: boolean; next_cursor: string | null } };

let adminKey: string;
const get = (path: string) => call<TicketSummaryJson[]>('GET', path, { key: adminKey });
const send = (method: string, path: string, body: unknown) => call<TicketJson | TicketJson[]>(method, path, { key: adminKey, body });

beforeAll(async () => {
  adminKey = await createKey('admin');
});

/** Every ticket of the list in the order page numbers give, for comparing with a cursor walk. */
async function allByPages(query: string): Promise<number[]> {
  const res = await get(`/api/v1/tickets?${query}&per_page=100`);
  expect(res.body.pagination!.has_next).toBe(false);
  return res.body.data.map((t) => t.id);
}

async function allByCursor(query: string, perPage: number): Promise<number[]> {
  const seen: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const res = await get(`/api/v1/tickets?${query}&per_page=${perPage}${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    const body = res.body as unknown as Page;
    seen.push(...body.data.map((t) => t.id));
    after = body.pagination.next_cursor;
    expect(body.pagination.has_next).toBe(after !== null);
    if (!after) return seen;
  }
  throw new Error('the cursor walk did not end');
}

describe('maintained ticket counts', () => {
  it('give the exact total for every status, priority, department and assignee filter after any mix of writes', async () => {
    const [d1, d2] = [await createDepartment(), await createDepartment()];
    const [a1, a2] = [await createAgent(), await createAgent()];
    const created = (
      await send('POST', '/api/v1/tickets/bulk', {
        tickets: Array.from({ length: 24 }, (_, i) => ({
          subject: `Counted ${i}`,
          status: (['open', 'pending', 'resolved'] as const)[i % 3],
          priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4],
          department_id: [d1.id, d2.id, null][i % 3],
          assigned_agent_id: [a1.id, null, a2.id, null][i % 4],
        })),
      })
    ).body.data as TicketJson[];
    await send('PUT', '/api/v1/tickets/bulk', {
      tickets: created
        .slice(0, 8)
        .map((t, i) => ({ id: t.id, status: 'closed', priority: 'urgent', department_id: i % 2 ? d1.id : null, assigned_agent_id: a2.id })),
    });
    await send('PUT', `/api/v1/tickets/${created[9]!.id}/assign`, { agent_id: a1.id });
    await send('PUT', `/api/v1/tickets/${created[10]!.id}`, { subject: 'Renamed, nothing counted moves' });
    for (const t of created.slice(20)) expect((await call('DELETE', `/api/v1/tickets/${t.id}`, { key: adminKey })).status).toBe(204);

    const filters = [
      '',
      'status=open',
      'status=closed,pending',
      'priority=urgent',
      'status=open&priority=high',
      `department_id=${d1.id}`,
      `department_id=${d1.id},${d2.id}&status=resolved`,
      `assigned_agent_id=${a2.id}`,
      `assigned_agent_id=${a1.id}&priority=low,normal`,
      'unassigned=true',
      'unassigned=false&status=closed',
    ];
    const where: Record<string, ReturnType<typeof sql>> = {
      '': sql`true`,
      'status=open': sql`status = 'open'`,
      'status=closed,pending': sql`status in ('closed', 'pending')`,
      'priority=urgent': sql`priority = 'urgent'`,
      'status=open&priority=high': sql`status = 'open' and priority = 'high'`,
      [`department_id=${d1.id}`]: sql`department_id = ${d1.id}`,
      [`department_id=${d1.id},${d2.id}&status=resolved`]: sql`department_id in (${d1.id}, ${d2.id}) and status = 'resolved'`,
      [`assigned_agent_id=${a2.id}`]: sql`assigned_agent_id = ${a2.id}`,
      [`assigned_agent_id=${a1.id}&priority=low,normal`]: sql`assigned_agent_id = ${a1.id} and priority in ('low', 'normal')`,
      'unassigned=true': sql`assigned_agent_id is null`,
      'unassigned=false&status=closed': sql`assigned_agent_id is not null and status = 'closed'`,
    };
    for (const filter of filters) {
      const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from tickets where ${where[filter]!}`);
      const res = await get(`/api/v1/tickets?${filter}`);
      expect({ filter, total: res.body.pagination!.total }).toEqual({ filter, total: row!.n });
      expect((res.body as unknown as Page).pagination.total_exact).toBe(true);
    }
    expect(await get(`/api/v1/tickets?assigned_agent_id=${a2.id}`).then((r) => r.body.pagination!.total)).toBeGreaterThan(8);
  });
});

describe('cursor pagination (`after`)', () => {
  let customerId: number;
  beforeAll(async () => {
    customerId = (await createCustomer()).id;
    // One statement: these share created_at to the microsecond, so only the id orders them.
    await send('POST', '/api/v1/tickets/bulk', {
      tickets: Array.from({ length: 23 }, (_, i) => ({
        subject: `Walked ${i}`,
        customer_id: customerId,
        priority: (['low', 'high', 'normal'] as const)[i % 3],
      })),
    });
    await send('POST', '/api/v1/tickets/bulk', { tickets: Array.from({ length: 6 }, (_, i) => ({ subject: `Later ${i}`, customer_id: customerId })) });
  });

  for (const order of [
    'sort=created_at&order=desc',
    'sort=created_at&order=asc',
    'sort=updated_at&order=desc',
    'sort=priority&order=desc',
    'sort=priority&order=asc',
  ]) {
    it(`walks every ticket exactly once, in the page order (${order})`, async () => {
      const query = `customer_id=${customerId}&${order}`;
      const expected = await allByPages(query);
      expect(expected).toHaveLength(29);
      expect(await allByCursor(query, 4)).toEqual(expected);
    });
  }

  it('answers with cursor fields only, and keeps the total', async () => {
    const first = (await get(`/api/v1/tickets?customer_id=${customerId}&per_page=10`)).body as unknown as Page;
    const res = await get(`/api/v1/tickets?customer_id=${customerId}&per_page=10&after=${first.pagination.next_cursor}`);
    expect(res.body.pagination).toEqual({ per_page: 10, total: 29, total_exact: true, has_next: true, next_cursor: expect.any(String) });
  });

  it('refuses a cursor that is not one, one from another order, and a page number beside it', async () => {
    const first = (await get(`/api/v1/tickets?customer_id=${customerId}&per_page=5`)).body as unknown as Page;
    const cursor = first.pagination.next_cursor!;
    expectValidationError(await get(`/api/v1/tickets?after=not-a-cursor`), [
      { field: 'after', message: 'Must be a next_cursor from an earlier page of this list' },
    ]);
    expectValidationError(await get(`/api/v1/tickets?sort=updated_at&after=${cursor}`), [
      { field: 'after', message: 'This cursor belongs to a different sort or search: start again without after' },
    ]);
    const forged = Buffer.from(JSON.stringify(['created_at.desc', { x: 1 }, 2])).toString('base64url');
    expectValidationError(await get(`/api/v1/tickets?after=${forged}`), [
      { field: 'after', message: 'Must be a next_cursor from an earlier page of this list' },
    ]);
    expectValidationError(await get(`/api/v1/tickets?page=2&after=${cursor}`), [{ field: 'page', message: 'Give either page or after, not both' }]);
  });
});

describe('totals past the count limit', () => {
  let customerId: number;
  beforeAll(async () => {
    customerId = (await createCustomer()).id;
    // Load, not behaviour under test: COUNT_LIMIT + 5 tickets in one statement, the word in all of them.
    await getDb().execute(sql`
      insert into tickets (subject, customer_id, created_at, custom_fields)
      select 'Printer jam ' || i, ${customerId}, now() - i * interval '1 minute', '{"model": "LaserJet"}'
        from generate_series(1, ${COUNT_LIMIT + 5}) i`);
  });

  it(`counts a custom field filter to ${ROW_COUNT_LIMIT}, then says the total is a lower bound`, async () => {
    const res = await get(`/api/v1/tickets?custom_fields[model]=LaserJet&customer_id=${customerId}&per_page=3`);
    expect(res.body.data.map((t) => t.subject)).toEqual(['Printer jam 1', 'Printer jam 2', 'Printer jam 3']);
    expect(res.body.pagination).toMatchObject({ total: ROW_COUNT_LIMIT, total_exact: false, has_next: true });
    const few = await get(
      `/api/v1/tickets?custom_fields[model]=LaserJet&customer_id=${customerId}&created_after=${new Date(Date.now() - 10.5 * 60_000).toISOString()}`,
    );
    expect(few.body.pagination).toMatchObject({ total: 10, total_exact: true });
  });

  it('says the total is a lower bound for a filter the counts do not keep, and still pages on', async () => {
    const res = await get(`/api/v1/tickets?customer_id=${customerId}&page=400`);
    expect(res.body.pagination).toMatchObject({ total: COUNT_LIMIT, total_exact: false, current_page: 400, has_next: true });
    const last = await get(`/api/v1/tickets?customer_id=${customerId}&page=401`);
    expect(last.body.data).toHaveLength(5);
    expect(last.body.pagination).toMatchObject({ has_next: false, next_cursor: null });
  });

  it('keeps totals exact for the filters the counts keep, however many tickets', async () => {
    const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from tickets where status = 'open'`);
    expect(row!.n).toBeGreaterThan(COUNT_LIMIT);
    expect((await get('/api/v1/tickets?status=open')).body.pagination).toMatchObject({ total: row!.n, total_exact: true });
  });

  it(`lists a search of more than ${SEARCH_RANK_LIMIT} matches newest first, its total a lower bound`, async () => {
    const res = await call<TicketSummaryJson[]>('GET', `/api/v1/tickets/search?q=printer&customer_id=${customerId}&per_page=3`, { key: adminKey });
    expect(res.body.data.map((t) => t.subject)).toEqual(['Printer jam 1', 'Printer jam 2', 'Printer jam 3']);
    expect(res.body.pagination).toMatchObject({ total: SEARCH_RANK_LIMIT, total_exact: false, has_next: true });
  });

  it('ranks a search with few matches best first, and walks it by cursor', async () => {
    const ids: number[] = [];
    for (const subject of ['Scanner offline', 'Scanner offline: scanner driver', 'Scanner scanner scanner']) {
      ids.push(((await send('POST', '/api/v1/tickets', { subject, customer_id: customerId })).body.data as TicketJson).id);
    }
    const search = (extra: string) => call<TicketSummaryJson[]>('GET', `/api/v1/tickets/search?q=scanner&per_page=2${extra}`, { key: adminKey });
    const first = await search('');
    expect(first.body.pagination).toMatchObject({ total: 3, total_exact: true, has_next: true });
    const second = await search(`&after=${(first.body as unknown as Page).pagination.next_cursor}`);
    expect([...first.body.data, ...second.body.data].map((t) => t.id)).toEqual([ids[2], ids[1], ids[0]]);
    expectValidationError(
      await call('GET', `/api/v1/tickets/search?q=offline&after=${(first.body as unknown as Page).pagination.next_cursor}`, { key: adminKey }),
      [{ field: 'after', message: 'This cursor belongs to a different sort or search: start again without after' }],
    );
  });
});
