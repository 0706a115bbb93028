import { inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, tickets } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectValidationError, isoSeconds, ticketEvents, ticketNumber } from '@/lib/test/expectations';
import { createAgent, createCustomer, createDepartment, createKey, createTicket } from '@/lib/test/factories';
import type { TicketJson } from '@/lib/tickets/schema';
import { toTicketEventJson } from '@/lib/tickets/serialize';

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
  readKey = await createKey('read');
});

const bulkCreate = (body: unknown) => call<TicketJson[]>('POST', '/api/v1/tickets/bulk', { key: writeKey, body });
const bulkUpdate = (body: unknown) => call<TicketJson[]>('PUT', '/api/v1/tickets/bulk', { key: writeKey, body });
const get = async (id: number) => (await call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: readKey })).body.data;
const counts = async () => ({ tickets: await getDb().$count(tickets), events: await getDb().$count(events) });
const items = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => ({ subject: `Bulk ticket ${i}`, ...extra }));

describe('POST /api/v1/tickets/bulk', () => {
  it('creates up to 100 tickets and answers 201 with the full tickets in request order', async () => {
    const customer = await createCustomer({ organization: 'Acme Corporation' });
    const res = await bulkCreate({ tickets: items(100, { customer_id: customer.id, priority: 'medium', tags: ['Bulk'] }) });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toHaveLength(100);
    res.body.data.forEach((ticket, i) => {
      expect(ticket).toEqual({
        id: expect.any(Number),
        number: expect.stringMatching(ticketNumber),
        subject: `Bulk ticket ${i}`,
        description: null,
        description_html: null,
        status: 'open',
        priority: 'normal',
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
        due_date: null,
        resolved_at: null,
        closed_at: null,
        reopen_count: 0,
        channel: 'api',
        cc: [],
        customer: { id: customer.id, name: 'John Smith', email: customer.email, organization: 'Acme Corporation' },
        assigned_agent: null,
        department: null,
        category: null,
        custom_fields: {},
        tags: ['bulk'],
        attachments: [],
        replies: [],
        merged_into: null,
        sla: null,
      });
    });
    expect(new Set(res.body.data.map((t) => t.number)).size).toBe(100);
    const stored = await getDb().$count(
      tickets,
      inArray(
        tickets.id,
        res.body.data.map((t) => t.id),
      ),
    );
    expect(stored).toBe(100);
  });

  it('records ticket.created for each ticket, and ticket.assigned for those with an assignee', async () => {
    const agent = await createAgent();
    const res = await bulkCreate({ tickets: [{ subject: 'Plain' }, { subject: 'Assigned', assigned_agent_id: agent.id }] });
    const [plain, assigned] = res.body.data;
    expect((await ticketEvents(plain!.id)).map((e) => ({ type: e.type, payload: e.payload }))).toEqual([
      { type: 'ticket.created', payload: { ticket: toTicketEventJson(plain!) } },
    ]);
    expect((await ticketEvents(assigned!.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned']);
  });

  it('refuses 101 tickets and writes nothing', async () => {
    const before = await counts();
    expectValidationError(await bulkCreate({ tickets: items(101) }), [{ field: 'tickets', message: 'Tickets must have at most 100 items' }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an empty or missing list', async () => {
    expectValidationError(await bulkCreate({ tickets: [] }), [{ field: 'tickets', message: 'Tickets must have at least 1 item' }]);
    expectValidationError(await bulkCreate({}), [{ field: 'tickets', message: 'Tickets is required' }]);
    expectValidationError(await bulkCreate({ tickets: { subject: 'Not a list' } }), [{ field: 'tickets', message: 'Tickets must be an array' }]);
  });

  it('refuses the whole request when one item has a bad priority, pointing at that item, and writes nothing', async () => {
    const before = await counts();
    const list = items(5);
    list[2] = { subject: 'Bulk ticket 2', priority: 'critical' };
    expectValidationError(await bulkCreate({ tickets: list }), [
      { field: 'tickets[2].priority', message: 'Priority must be one of: low, normal, high, urgent' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses the whole request when one item names an unknown customer, pointing at that item, and writes nothing', async () => {
    const customer = await createCustomer();
    const before = await counts();
    const list = items(5, { customer_id: customer.id });
    list[2] = { subject: 'Bulk ticket 2', customer_id: 999_999 };
    expectValidationError(await bulkCreate({ tickets: list }), [{ field: 'tickets[2].customer_id', message: 'Customer 999999 does not exist' }]);
    expect(await counts()).toEqual(before);
  });

  it('reports every bad item at once', async () => {
    const inactive = await createAgent({ status: 'inactive' });
    const before = await counts();
    const res = await bulkCreate({
      tickets: [
        { subject: 'Fine' },
        { subject: 'Bad department', department_id: 999_999 },
        { subject: 'Fine' },
        { subject: 'Inactive agent', assigned_agent_id: inactive.id },
      ],
    });
    expectValidationError(res, [
      { field: 'tickets[1].department_id', message: 'Department 999999 does not exist' },
      { field: 'tickets[3].assigned_agent_id', message: `Agent ${inactive.id} does not exist or is not active` },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('reports schema errors of several items with their indexes', async () => {
    const res = await bulkCreate({ tickets: [{ subject: 'Fine' }, { description: 'No subject' }, { subject: 'x'.repeat(256) }] });
    expectValidationError(res, [
      { field: 'tickets[1].subject', message: 'Subject is required' },
      { field: 'tickets[2].subject', message: 'Subject must be at most 255 characters' },
    ]);
  });
});

describe('PUT /api/v1/tickets/bulk', () => {
  it('updates many tickets at once and answers with the full tickets in request order', async () => {
    const agent = await createAgent();
    const department = await createDepartment();
    const a = await createTicket({ subject: 'A' });
    const b = await createTicket({ subject: 'B' });
    const c = await createTicket({ subject: 'C' });
    const res = await bulkUpdate({
      tickets: [
        { id: c.id, status: 'resolved' },
        { id: a.id, priority: 'urgent', assigned_agent_id: agent.id },
        { id: b.id, department_id: department.id, internal_note: 'Moved to the right team', tags: ['Triage'] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((t) => t.id)).toEqual([c.id, a.id, b.id]);
    const [newC, newA, newB] = res.body.data;
    expect(newC).toMatchObject({ status: 'resolved', resolved_at: expect.stringMatching(isoSeconds) });
    expect(newA).toMatchObject({ priority: 'urgent', assigned_agent: { id: agent.id, name: 'Sarah Johnson', email: agent.email } });
    expect(newB).toMatchObject({ department: { id: department.id, name: department.name }, tags: ['triage'] });
    expect(newB!.replies).toEqual([expect.objectContaining({ content: 'Moved to the right team', type: 'internal' })]);
    expect(await get(a.id)).toEqual(newA);
    expect(await get(b.id)).toEqual(newB);
    expect(await get(c.id)).toEqual(newC);

    expect((await ticketEvents(c.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.resolved']);
    expect((await ticketEvents(a.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.assigned']);
    expect((await ticketEvents(b.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated']);
  });

  it('refuses the whole request when one id does not exist, pointing at that item, and changes nothing', async () => {
    const a = await createTicket({ subject: 'A' });
    const c = await createTicket({ subject: 'C' });
    const before = await counts();
    const res = await bulkUpdate({
      tickets: [
        { id: a.id, priority: 'urgent' },
        { id: 999_999, priority: 'low' },
        { id: c.id, status: 'closed' },
      ],
    });
    expectValidationError(res, [{ field: 'tickets[1].id', message: 'Ticket 999999 does not exist' }]);
    expect(await get(a.id)).toEqual(a);
    expect(await get(c.id)).toEqual(c);
    expect(await counts()).toEqual(before);
  });

  it('refuses the whole request when one item has an invalid value, and changes nothing', async () => {
    const a = await createTicket({ subject: 'A' });
    const b = await createTicket({ subject: 'B' });
    const before = await counts();
    expectValidationError(
      await bulkUpdate({
        tickets: [
          { id: a.id, status: 'pending' },
          { id: b.id, priority: 'critical' },
        ],
      }),
      [{ field: 'tickets[1].priority', message: 'Priority must be one of: low, normal, high, urgent' }],
    );
    expectValidationError(
      await bulkUpdate({
        tickets: [
          { id: a.id, status: 'pending' },
          { id: b.id, customer_id: 999_999 },
        ],
      }),
      [{ field: 'tickets[1].customer_id', message: 'Customer 999999 does not exist' }],
    );
    expect(await get(a.id)).toEqual(a);
    expect(await get(b.id)).toEqual(b);
    expect(await counts()).toEqual(before);
  });

  it('refuses the same ticket twice in one request', async () => {
    const a = await createTicket({ subject: 'A' });
    const before = await counts();
    const res = await bulkUpdate({
      tickets: [
        { id: a.id, priority: 'low' },
        { id: a.id, priority: 'high' },
      ],
    });
    expectValidationError(res, [{ field: 'tickets[1].id', message: `Ticket ${a.id} appears more than once in this request` }]);
    expect(await get(a.id)).toEqual(a);
    expect(await counts()).toEqual(before);
  });

  it('refuses an item without an id or without anything to change', async () => {
    const a = await createTicket({ subject: 'A' });
    expectValidationError(await bulkUpdate({ tickets: [{ priority: 'low' }] }), [{ field: 'tickets[0].id', message: 'ID is required' }]);
    expectValidationError(await bulkUpdate({ tickets: [{ id: a.id }] }), [{ field: 'tickets[0]', message: 'Give at least one field to update' }]);
    expectValidationError(await bulkUpdate({ tickets: [{ id: 'abc', priority: 'low' }] }), [{ field: 'tickets[0].id', message: 'ID must be a number' }]);
  });

  it('refuses more than 100 items', async () => {
    const a = await createTicket({ subject: 'A' });
    const list = Array.from({ length: 101 }, () => ({ id: a.id, priority: 'low' }));
    expectValidationError(await bulkUpdate({ tickets: list }), [{ field: 'tickets', message: 'Tickets must have at most 100 items' }]);
  });

  it('lets bulk updates over the same tickets in different orders all succeed', async () => {
    const list = [];
    for (let i = 0; i < 10; i++) list.push(await createTicket({ subject: `Contended ${i}` }));
    const orders = [list, [...list].reverse(), [...list.slice(5), ...list.slice(0, 5)], [...list].reverse(), list];
    const priorities = ['low', 'high', 'urgent', 'normal', 'low'] as const;
    const results = await Promise.all(orders.map((order, i) => bulkUpdate({ tickets: order.map((t) => ({ id: t.id, priority: priorities[i] })) })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const finals = await Promise.all(list.map((t) => get(t.id)));
    // Each bulk update is atomic, so all ten tickets end with the priority of whichever ran last.
    expect(new Set(finals.map((t) => t.priority)).size).toBe(1);
  });
});
