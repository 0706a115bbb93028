import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { tickets } from '@/db/schema';
import type { CustomerJson } from '@/lib/customers/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createCustomer, createTicket, createAgent, createDepartment, createKey } from '@/lib/test/factories';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';

let readKey: string;
let customer: CustomerJson;
let other: CustomerJson;
let agentId: number;
let departmentId: number;
// The customer's four tickets; times are set so that each sort gives its own order.
let t1: TicketJson, t2: TicketJson, t3: TicketJson, t4: TicketJson;

beforeAll(async () => {
  readKey = await createKey('read');
  customer = await createCustomer({ first_name: 'John', last_name: 'Smith' });
  other = await createCustomer();
  agentId = (await createAgent()).id;
  departmentId = (await createDepartment()).id;
  t1 = await createTicket({ subject: 'First', customer_id: customer.id, priority: 'low', department_id: departmentId });
  t2 = await createTicket({ subject: 'Second', customer_id: customer.id, priority: 'urgent', status: 'pending', assigned_agent_id: agentId });
  t3 = await createTicket({ subject: 'Third', customer_id: customer.id, status: 'resolved', custom_fields: { browser: 'Chrome 119' } });
  t4 = await createTicket({ subject: 'Fourth', customer_id: customer.id, priority: 'high', tags: ['vip'] });
  await createTicket({ subject: 'Not theirs', customer_id: other.id, priority: 'urgent' });
  await createTicket({ subject: 'Nobody’s' });
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

const list = (query = '', id: number | string = customer.id) => call<TicketSummaryJson[]>('GET', `/api/v1/customers/${id}/tickets?${query}`, { key: readKey });
const subjects = async (query: string, id: number = customer.id) => {
  const res = await list(query, id);
  expect(res.status).toBe(200);
  return res.body.data.map((t) => t.subject);
};

describe('GET /api/v1/customers/{id}/tickets', () => {
  it("lists the customer's tickets, newest first, in the ticket list shape with pagination", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({
      current_page: 1,
      per_page: 25,
      total: 4,
      total_pages: 1,
      has_next: false,
      has_prev: false,
      total_exact: true,
      next_cursor: null,
    });
    expect(res.body.data.map((t) => t.subject)).toEqual(['Fourth', 'Third', 'Second', 'First']);
    const all = await call<TicketSummaryJson[]>('GET', `/api/v1/tickets?customer_id=${customer.id}`, { key: readKey });
    expect(res.body.data).toEqual(all.body.data);
    expect(res.body.data[2]).toEqual({
      id: t2.id,
      number: t2.number,
      subject: 'Second',
      status: 'pending',
      priority: 'urgent',
      created_at: '2025-02-01T10:00:00Z',
      updated_at: '2025-04-01T10:00:00Z',
      due_date: null,
      customer: { id: customer.id, name: 'John Smith' },
      assigned_agent: { id: agentId, name: 'Sarah Johnson' },
      department: null,
      tags: [],
      sla: null,
    });
  });

  it.each([
    ['status=open', ['Fourth', 'First']],
    ['status=pending,resolved', ['Third', 'Second']],
    ['priority=urgent,high', ['Fourth', 'Second']],
    ['priority=medium', ['Third']],
    ['created_after=2025-02-01T10:00:00Z', ['Fourth', 'Third']],
    ['updated_after=2025-04-15', ['Third', 'First']],
    ['custom_fields[browser]=Chrome 119', ['Third']],
    ['sort=priority&order=desc', ['Second', 'Fourth', 'Third', 'First']],
    ['sort=updated_at&order=asc', ['Fourth', 'Second', 'Third', 'First']],
    ['sort=created_at&order=asc&per_page=2&page=2', ['Third', 'Fourth']],
  ])('takes the ticket list filters and sorts: %s', async (query, expected) => {
    expect(await subjects(query)).toEqual(expected);
  });

  it('filters by assignee and department', async () => {
    expect(await subjects(`assigned_agent_id=${agentId}`)).toEqual(['Second']);
    expect(await subjects(`department_id=${departmentId}`)).toEqual(['First']);
  });

  it("never shows another customer's tickets, whatever customer_id the query names", async () => {
    expect(await subjects(`customer_id=${other.id}`)).toEqual(['Fourth', 'Third', 'Second', 'First']);
    expect(await subjects('', other.id)).toEqual(['Not theirs']);
  });

  it('paginates like the ticket list', async () => {
    const res = await list('per_page=3&page=2');
    expect(res.body.pagination).toEqual({
      current_page: 2,
      per_page: 3,
      total: 4,
      total_pages: 2,
      has_next: false,
      has_prev: true,
      total_exact: true,
      next_cursor: null,
    });
    expect(res.body.data).toHaveLength(1);
  });

  it('answers an empty list for a customer without tickets', async () => {
    const { id } = await createCustomer();
    const res = await list('', id);
    expect(res.body).toEqual({
      success: true,
      data: [],
      pagination: { current_page: 1, per_page: 25, total: 0, total_pages: 0, has_next: false, has_prev: false, total_exact: true, next_cursor: null },
    });
  });

  it('refuses invalid filters with the ticket list messages', async () => {
    expectValidationError(await list('per_page=101'), [{ field: 'per_page', message: 'Per page must be at most 100' }]);
    expectValidationError(await list('status=done'), [{ field: 'status', message: 'Status must be one of: open, pending, on_hold, resolved, closed' }]);
  });

  it('answers 404 NOT_FOUND for a customer that does not exist', async () => {
    expectError(await list('', 999_999), { status: 404, code: 'NOT_FOUND', message: 'Customer not found' });
    expectError(await list('', 'abc'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });

  it('refuses a request without credentials with 401', async () => {
    expectError(await call('GET', `/api/v1/customers/${customer.id}/tickets`), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});
