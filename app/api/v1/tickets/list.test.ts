import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, tickets } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createAgent, createCustomer, createDepartment, createKey, createTicket } from '@/lib/test/factories';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';

let readKey: string;

beforeAll(async () => {
  readKey = await createKey('read');
});

describe('GET /api/v1/tickets', () => {
  const list = (query: string) => call<TicketSummaryJson[]>('GET', `/api/v1/tickets?${query}`, { key: readKey });
  const ids = (res: { body: { data: TicketSummaryJson[] } }) => res.body.data.map((t) => t.id);

  describe('filters and sorting', () => {
    let customerId: number;
    let departmentId: number;
    let agentId: number;
    // Four tickets of one customer; times are set so that every sort gives a different order.
    let t1: TicketJson, t2: TicketJson, t3: TicketJson, t4: TicketJson;
    const mine = () => `customer_id=${customerId}`;

    beforeAll(async () => {
      customerId = (await createCustomer()).id;
      departmentId = (await createDepartment()).id;
      agentId = (await createAgent()).id;
      t1 = await createTicket({ subject: 'First', customer_id: customerId, priority: 'low', department_id: departmentId, tags: ['login'] });
      t2 = await createTicket({ subject: 'Second', customer_id: customerId, priority: 'urgent', status: 'pending', assigned_agent_id: agentId });
      t3 = await createTicket({ subject: 'Third', customer_id: customerId, priority: 'normal', status: 'resolved' });
      t4 = await createTicket({ subject: 'Fourth', customer_id: customerId, priority: 'high', status: 'on_hold' });
      const times: [TicketJson, string, string][] = [
        [t1, '2025-01-01T10:00:00Z', '2025-06-01T10:00:00Z'],
        [t2, '2025-02-01T10:00:00Z', '2025-04-01T10:00:00Z'],
        [t3, '2025-03-01T10:00:00Z', '2025-05-01T10:00:00Z'],
        [t4, '2025-04-01T10:00:00Z', '2025-03-01T10:00:00Z'],
      ];
      for (const [t, createdAt, updatedAt] of times) {
        await getDb()
          .update(tickets)
          .set({ createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) })
          .where(eq(tickets.id, t.id));
      }
    });

    it('lists items in the reference shape with the pagination object', async () => {
      const res = await list(mine());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        data: expect.any(Array),
        pagination: { current_page: 1, per_page: 25, total: 4, total_pages: 1, has_next: false, has_prev: false, total_exact: true, next_cursor: null },
      });
      const customer = t1.customer!;
      expect(res.body.data.find((t) => t.id === t1.id)).toEqual({
        id: t1.id,
        number: t1.number,
        subject: 'First',
        status: 'open',
        priority: 'low',
        created_at: '2025-01-01T10:00:00Z',
        updated_at: '2025-06-01T10:00:00Z',
        due_date: null,
        customer: { id: customer.id, name: 'John Smith' },
        assigned_agent: null,
        department: t1.department,
        tags: ['login'],
        sla: null,
      });
      expect(res.body.data.find((t) => t.id === t2.id)?.assigned_agent).toEqual({ id: agentId, name: 'Sarah Johnson' });
    });

    it('sorts by created_at, newest first, by default', async () => {
      expect(ids(await list(mine()))).toEqual([t4.id, t3.id, t2.id, t1.id]);
    });

    it('sorts by created_at and updated_at in either order', async () => {
      expect(ids(await list(`${mine()}&sort=created_at&order=asc`))).toEqual([t1.id, t2.id, t3.id, t4.id]);
      expect(ids(await list(`${mine()}&sort=updated_at&order=asc`))).toEqual([t4.id, t2.id, t3.id, t1.id]);
      expect(ids(await list(`${mine()}&sort=updated_at&order=desc`))).toEqual([t1.id, t3.id, t2.id, t4.id]);
    });

    it('sorts by priority in order of severity, not alphabetically', async () => {
      expect(ids(await list(`${mine()}&sort=priority&order=desc`))).toEqual([t2.id, t4.id, t3.id, t1.id]);
      expect(ids(await list(`${mine()}&sort=priority&order=asc`))).toEqual([t1.id, t3.id, t4.id, t2.id]);
    });

    it('filters by status, one or a comma list or the key repeated', async () => {
      expect(ids(await list(`${mine()}&status=open`))).toEqual([t1.id]);
      expect(ids(await list(`${mine()}&status=open,pending`))).toEqual([t2.id, t1.id]);
      expect(ids(await list(`${mine()}&status=open&status=pending`))).toEqual([t2.id, t1.id]);
      expect(ids(await list(`${mine()}&status=closed`))).toEqual([]);
    });

    it('filters by priority, reading `medium` as `normal`', async () => {
      expect(ids(await list(`${mine()}&priority=high`))).toEqual([t4.id]);
      expect(ids(await list(`${mine()}&priority=urgent,low`))).toEqual([t2.id, t1.id]);
      expect(ids(await list(`${mine()}&priority=medium`))).toEqual([t3.id]);
    });

    it('filters by department, assigned agent and customer', async () => {
      expect(ids(await list(`department_id=${departmentId}`))).toEqual([t1.id]);
      expect(ids(await list(`assigned_agent_id=${agentId}`))).toEqual([t2.id]);
      const res = await list(mine());
      expect(res.body.data).toHaveLength(4);
      expect(res.body.data.every((t) => t.customer?.id === customerId)).toBe(true);
    });

    it('filters by created_after and updated_after, with a date or a date-time', async () => {
      expect(ids(await list(`${mine()}&created_after=2025-02-15T00:00:00Z`))).toEqual([t4.id, t3.id]);
      expect(ids(await list(`${mine()}&created_after=2025-02-15`))).toEqual([t4.id, t3.id]);
      expect(ids(await list(`${mine()}&updated_after=2025-04-15T00:00:00Z`))).toEqual([t3.id, t1.id]);
      expect(ids(await list(`${mine()}&created_after=2025-01-15T00:00:00%2B02:00&status=open,pending`))).toEqual([t2.id]);
    });

    it('combines filters with AND', async () => {
      expect(ids(await list(`${mine()}&status=open,pending&priority=urgent`))).toEqual([t2.id]);
      expect(ids(await list(`${mine()}&status=open&priority=urgent`))).toEqual([]);
    });
  });

  describe('pagination', () => {
    let customerId: number;
    let all: number[];

    beforeAll(async () => {
      customerId = (await createCustomer()).id;
      all = [];
      for (let i = 0; i < 30; i++) all.push((await createTicket({ subject: `Paged ${i}`, customer_id: customerId })).id);
      all.reverse();
    });

    const page = (query: string) => list(`customer_id=${customerId}&${query}`);

    it('gives 25 items per page by default', async () => {
      const res = await page('');
      expect(res.body.data.map((t) => t.id)).toEqual(all.slice(0, 25));
      expect(res.body.pagination).toEqual({
        current_page: 1,
        per_page: 25,
        total: 30,
        total_pages: 2,
        has_next: true,
        has_prev: false,
        total_exact: true,
        next_cursor: expect.any(String),
      });
    });

    it('gives the rest on the last page, without overlap', async () => {
      const res = await page('page=2');
      expect(res.body.data.map((t) => t.id)).toEqual(all.slice(25));
      expect(res.body.pagination).toEqual({
        current_page: 2,
        per_page: 25,
        total: 30,
        total_pages: 2,
        has_next: false,
        has_prev: true,
        total_exact: true,
        next_cursor: null,
      });
    });

    it('gives an empty page beyond the end with the total still right', async () => {
      const res = await page('page=3');
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
      expect(res.body.pagination).toEqual({
        current_page: 3,
        per_page: 25,
        total: 30,
        total_pages: 2,
        has_next: false,
        has_prev: true,
        total_exact: true,
        next_cursor: null,
      });
    });

    it('honours per_page up to 100', async () => {
      const small = await page('per_page=7&page=2');
      expect(small.body.data.map((t) => t.id)).toEqual(all.slice(7, 14));
      expect(small.body.pagination).toEqual({
        current_page: 2,
        per_page: 7,
        total: 30,
        total_pages: 5,
        has_next: true,
        has_prev: true,
        total_exact: true,
        next_cursor: expect.any(String),
      });

      const max = await page('per_page=100');
      expect(max.body.data.map((t) => t.id)).toEqual(all);
      expect(max.body.pagination).toEqual({
        current_page: 1,
        per_page: 100,
        total: 30,
        total_pages: 1,
        has_next: false,
        has_prev: false,
        total_exact: true,
        next_cursor: null,
      });
    });

    it('gives an empty list with zero pages when nothing matches', async () => {
      const res = await list('customer_id=2147483647');
      expect(res.body).toEqual({
        success: true,
        data: [],
        pagination: { current_page: 1, per_page: 25, total: 0, total_pages: 0, has_next: false, has_prev: false, total_exact: true, next_cursor: null },
      });
    });

    it('refuses per_page over 100, and page or per_page below 1 or not a whole number', async () => {
      expectValidationError(await page('per_page=101'), [{ field: 'per_page', message: 'Per page must be at most 100' }]);
      expectValidationError(await page('per_page=0'), [{ field: 'per_page', message: 'Per page must be at least 1' }]);
      expectValidationError(await page('page=0'), [{ field: 'page', message: 'Page must be at least 1' }]);
      expectValidationError(await page('page=-1'), [{ field: 'page', message: 'Must be a whole number' }]);
      expectValidationError(await page('page=1.5'), [{ field: 'page', message: 'Must be a whole number' }]);
    });
  });

  describe('invalid queries', () => {
    it('refuses an unknown status', async () => {
      expectValidationError(await list('status=bogus'), [{ field: 'status', message: 'Status must be one of: open, pending, on_hold, resolved, closed' }]);
      expectValidationError(await list('status=open,bogus'), [{ field: 'status', message: 'Status must be one of: open, pending, on_hold, resolved, closed' }]);
    });

    it('refuses an unknown priority with the reference message', async () => {
      expectValidationError(await list('priority=critical'), [{ field: 'priority', message: 'Priority must be one of: low, normal, high, urgent' }]);
    });

    it('refuses a date that is not ISO 8601', async () => {
      const message = 'Must be an ISO 8601 date or date-time, e.g. 2025-08-24T18:00:00Z';
      expectValidationError(await list('created_after=notadate'), [{ field: 'created_after', message }]);
      expectValidationError(await list('updated_after=2025-13-45'), [{ field: 'updated_after', message }]);
      expectValidationError(await list('created_after=0000-01-01'), [{ field: 'created_after', message: 'Must be a date between the years 0001 and 9999' }]);
    });

    it('refuses an unknown sort field or order', async () => {
      expectValidationError(await list('sort=subject&order=sideways'), [
        { field: 'sort', message: 'Sort must be one of: created_at, updated_at, priority, sla_due_at' },
        { field: 'order', message: 'Order must be one of: asc, desc' },
      ]);
    });

    it('refuses ids that are not whole numbers', async () => {
      expectValidationError(await list('customer_id=abc'), [{ field: 'customer_id', message: 'Must be a whole number' }]);
      expectValidationError(await list('department_id=1,x'), [{ field: 'department_id', message: 'Must be a whole number' }]);
      expectValidationError(await list('assigned_agent_id=0'), [{ field: 'assigned_agent_id', message: 'Assigned agent ID must be at least 1' }]);
    });
  });

  it('writes no events when listing', async () => {
    const before = await getDb().$count(events);
    expect((await list('')).status).toBe(200);
    expect(await getDb().$count(events)).toBe(before);
  });
});
