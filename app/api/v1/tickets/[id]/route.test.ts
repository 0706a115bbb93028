import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, replies, tickets } from '@/db/schema';
import { config } from '@/lib/config';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, ticketEvents, ticketNumber } from '@/lib/test/expectations';
import { createAgent, createCategory, createCustomer, createDepartment, createKey, createTicket } from '@/lib/test/factories';
import type { TicketJson } from '@/lib/tickets/schema';
import { toTicketEventJson } from '@/lib/tickets/serialize';

let writeKey: string;
let agentKey: string;
let readKey: string;
let agent: Awaited<ReturnType<typeof createAgent>>;

beforeAll(async () => {
  writeKey = await createKey('write');
  readKey = await createKey('read');
  agent = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  agentKey = await createKey('write', {}, agent.id);
});

const get = (id: number | string) => call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: readKey });
const put = (id: number | string, body: unknown, key = writeKey) => call<TicketJson>('PUT', `/api/v1/tickets/${id}`, { key, body });
const del = (id: number | string) => call<null>('DELETE', `/api/v1/tickets/${id}`, { key: writeKey });
const eventTypes = async (id: number) => (await ticketEvents(id)).map((e) => e.type);

describe('GET /api/v1/tickets/{id}', () => {
  it('returns the full ticket in the reference shape', async () => {
    const customer = await createCustomer({ first_name: 'John', last_name: 'Smith', organization: 'Acme Corporation' });
    const department = await createDepartment({ name: 'Technical Support' });
    const category = await createCategory({ name: 'Login Issues', department_id: department.id });
    const created = await createTicket({
      subject: 'Unable to login to account',
      description: 'Customer cannot access their account after password reset',
      priority: 'high',
      due_date: '2025-08-24T18:00:00Z',
      customer_id: customer.id,
      assigned_agent_id: agent.id,
      department_id: department.id,
      category_id: category.id,
      custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119' },
      tags: ['login', 'password', 'urgent'],
    });

    const res = await get(created.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: created.id,
        number: expect.stringMatching(ticketNumber),
        subject: 'Unable to login to account',
        description: 'Customer cannot access their account after password reset',
        description_html: null,
        status: 'open',
        priority: 'high',
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
        due_date: '2025-08-24T18:00:00Z',
        resolved_at: null,
        closed_at: null,
        reopen_count: 0,
        channel: 'api',
        cc: [],
        customer: { id: customer.id, name: 'John Smith', email: customer.email, organization: 'Acme Corporation' },
        assigned_agent: { id: agent.id, name: 'Sarah Johnson', email: agent.email },
        department: { id: department.id, name: 'Technical Support' },
        category: { id: category.id, name: 'Login Issues' },
        custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119' },
        tags: ['login', 'password', 'urgent'],
        attachments: [],
        replies: [],
        merged_into: null,
        sla: null,
      },
    });
  });

  it('gives null relations, an empty description and empty lists when a ticket has none', async () => {
    const created = await createTicket({ subject: 'Bare ticket' });
    const res = await get(created.id);
    expect(res.body.data).toMatchObject({
      description: null,
      due_date: null,
      customer: null,
      assigned_agent: null,
      department: null,
      category: null,
      custom_fields: {},
      tags: [],
      attachments: [],
      replies: [],
    });
  });

  it('includes replies with their author and attachments, oldest first', async () => {
    const created = await createTicket({ subject: 'With replies' });
    const png = Buffer.from('fake png bytes').toString('base64');
    const first = await call('POST', `/api/v1/tickets/${created.id}/replies`, {
      key: agentKey,
      body: {
        content: "Thank you for contacting support. We're investigating the login issue.",
        attachments: [{ filename: 'error_screenshot.png', content: png }],
      },
    });
    expect(first.status).toBe(201);
    const second = await call('POST', `/api/v1/tickets/${created.id}/comments`, { key: agentKey, body: { content: 'Checked the auth logs' } });
    expect(second.status).toBe(201);

    const res = await get(created.id);
    const attachment = {
      id: expect.any(Number),
      filename: 'error_screenshot.png',
      size: 'fake png bytes'.length,
      url: expect.stringMatching(/^https?:\/\/[^/]+\/api\/v1\/files\/\d+\/download$/),
    };
    expect(res.body.data.replies).toEqual([
      {
        id: expect.any(Number),
        content: "Thank you for contacting support. We're investigating the login issue.",
        html: null,
        type: 'public',
        channel: 'api',
        author: { type: 'agent', id: agent.id, name: 'Sarah Johnson' },
        email: null,
        created_at: expect.stringMatching(isoSeconds),
        attachments: [attachment],
      },
      {
        id: expect.any(Number),
        content: 'Checked the auth logs',
        html: null,
        type: 'internal',
        channel: 'api',
        author: { type: 'agent', id: agent.id, name: 'Sarah Johnson' },
        email: null,
        created_at: expect.stringMatching(isoSeconds),
        attachments: [],
      },
    ]);
    expect(res.body.data.attachments).toEqual([attachment]);
  });

  it('answers 404 NOT_FOUND for a ticket that does not exist', async () => {
    expectError(await get(999_999), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
  });

  it.each(['abc', '1.5', '99999999999', '2147483648', '0', '-1', '01', '1e3'])('answers 404 NOT_FOUND for the non-integer id %s', async (id) => {
    expectError(await get(id), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('PUT /api/v1/tickets/{id}', () => {
  let base: Parameters<typeof createTicket>[0];
  let other: {
    customer: Awaited<ReturnType<typeof createCustomer>>;
    department: Awaited<ReturnType<typeof createDepartment>>;
    category: Awaited<ReturnType<typeof createCategory>>;
    agent: Awaited<ReturnType<typeof createAgent>>;
  };

  beforeAll(async () => {
    const department = await createDepartment();
    base = {
      subject: 'Unable to login to account',
      description: 'Customer cannot access their account',
      priority: 'high',
      due_date: '2025-08-24T18:00:00Z',
      customer_id: (await createCustomer()).id,
      department_id: department.id,
      category_id: (await createCategory({ department_id: department.id })).id,
      assigned_agent_id: agent.id,
      tags: ['login'],
      custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119', os: 'macOS' },
    };
    const otherDepartment = await createDepartment();
    other = {
      customer: await createCustomer({ first_name: 'Jane', last_name: 'Doe', organization: null }),
      department: otherDepartment,
      category: await createCategory({ department_id: otherDepartment.id }),
      agent: await createAgent({ first_name: 'Omar', last_name: 'Haddad' }),
    };
  });

  const fieldCases: [string, () => Record<string, unknown>, () => Partial<TicketJson>][] = [
    ['subject', () => ({ subject: 'Login works again' }), () => ({ subject: 'Login works again' })],
    ['description', () => ({ description: 'Password reset loop' }), () => ({ description: 'Password reset loop' })],
    ['description cleared', () => ({ description: null }), () => ({ description: null })],
    ['priority', () => ({ priority: 'urgent' }), () => ({ priority: 'urgent' })],
    ['priority given as medium', () => ({ priority: 'medium' }), () => ({ priority: 'normal' })],
    ['status', () => ({ status: 'pending' }), () => ({ status: 'pending' })],
    [
      'customer_id',
      () => ({ customer_id: other.customer.id }),
      () => ({ customer: { id: other.customer.id, name: 'Jane Doe', email: other.customer.email, organization: null } }),
    ],
    ['customer_id cleared', () => ({ customer_id: null }), () => ({ customer: null })],
    ['department_id', () => ({ department_id: other.department.id }), () => ({ department: { id: other.department.id, name: other.department.name } })],
    ['category_id', () => ({ category_id: other.category.id }), () => ({ category: { id: other.category.id, name: other.category.name } })],
    [
      'assigned_agent_id',
      () => ({ assigned_agent_id: other.agent.id }),
      () => ({ assigned_agent: { id: other.agent.id, name: 'Omar Haddad', email: other.agent.email } }),
    ],
    ['assigned_agent_id cleared', () => ({ assigned_agent_id: null }), () => ({ assigned_agent: null })],
    ['due_date', () => ({ due_date: '2025-09-01T09:30:00+02:00' }), () => ({ due_date: '2025-09-01T07:30:00Z' })],
    ['due_date cleared', () => ({ due_date: null }), () => ({ due_date: null })],
    ['tags', () => ({ tags: ['Billing', 'billing', 'VIP'] }), () => ({ tags: ['billing', 'vip'] })],
    [
      'custom_fields, merged and with null removing a key',
      () => ({ custom_fields: { browser: 'Firefox 128', affected_product: null } }),
      () => ({ custom_fields: { browser: 'Firefox 128', os: 'macOS' } }),
    ],
  ];

  it.each(fieldCases)('updates only %s', async (_name, body, expected) => {
    const before = await createTicket(base);
    const res = await put(before.id, body());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { ...before, ...expected(), updated_at: expect.stringMatching(isoSeconds) } });
    expect((await get(before.id)).body.data).toEqual(res.body.data);
  });

  it('adds an internal note as an internal reply by Loopdesk when the key has no agent', async () => {
    const before = await createTicket(base);
    const res = await put(before.id, { internal_note: 'Issue resolved by resetting password hash' });
    expect(res.status).toBe(200);
    expect(res.body.data.replies).toEqual([
      {
        id: expect.any(Number),
        content: 'Issue resolved by resetting password hash',
        html: null,
        type: 'internal',
        channel: 'api',
        author: { type: 'system', id: null, name: 'Loopdesk' },
        email: null,
        created_at: expect.stringMatching(isoSeconds),
        attachments: [],
      },
    ]);
    const [event] = (await ticketEvents(before.id)).filter((e) => e.type === 'ticket.updated');
    expect(event?.payload).toEqual({ ticket: toTicketEventJson(res.body.data), changes: ['internal_note'] });
  });

  it('runs the reference update example: status, priority, assignee and an internal note by the key’s agent', async () => {
    const before = await createTicket({ ...base, assigned_agent_id: null, priority: 'urgent' });
    const res = await put(
      before.id,
      { status: 'resolved', priority: 'normal', assigned_agent_id: agent.id, internal_note: 'Issue resolved by resetting password hash' },
      agentKey,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'resolved',
      priority: 'normal',
      assigned_agent: { id: agent.id, name: 'Sarah Johnson', email: agent.email },
      resolved_at: expect.stringMatching(isoSeconds),
    });
    expect(res.body.data.replies).toEqual([expect.objectContaining({ type: 'internal', author: { type: 'agent', id: agent.id, name: 'Sarah Johnson' } })]);
    expect(await eventTypes(before.id)).toEqual(['ticket.created', 'ticket.updated', 'ticket.assigned', 'ticket.resolved']);
  });

  it('sets resolved_at on resolve, closed_at on close, and on reopening counts it and clears both', async () => {
    const { id } = await createTicket(base);
    const resolved = (await put(id, { status: 'resolved' })).body.data;
    expect(resolved).toMatchObject({ status: 'resolved', resolved_at: expect.stringMatching(isoSeconds), closed_at: null, reopen_count: 0 });

    const closed = (await put(id, { status: 'closed' })).body.data;
    expect(closed).toMatchObject({ status: 'closed', resolved_at: resolved.resolved_at, closed_at: expect.stringMatching(isoSeconds), reopen_count: 0 });

    const reopened = (await put(id, { status: 'open' })).body.data;
    expect(reopened).toMatchObject({ status: 'open', resolved_at: null, closed_at: null, reopen_count: 1 });

    await put(id, { status: 'resolved' });
    const again = (await put(id, { status: 'pending' })).body.data;
    expect(again).toMatchObject({ status: 'pending', resolved_at: null, closed_at: null, reopen_count: 2 });
  });

  it('does not count moving between open states as a reopening', async () => {
    const { id } = await createTicket(base);
    await put(id, { status: 'pending' });
    const res = await put(id, { status: 'on_hold' });
    expect(res.body.data).toMatchObject({ status: 'on_hold', reopen_count: 0, resolved_at: null });
  });

  it('refuses an empty body with 400', async () => {
    const { id } = await createTicket(base);
    expectValidationError(await put(id, {}), [{ field: '', message: 'Give at least one field to update' }]);
  });

  it('refuses a body with only unknown fields with 400', async () => {
    const { id } = await createTicket(base);
    expectValidationError(await put(id, { colour: 'blue' }), [{ field: '', message: 'Give at least one field to update' }]);
  });

  it('refuses invalid values with field errors and changes nothing', async () => {
    const before = await createTicket(base);
    expectValidationError(await put(before.id, { priority: 'critical' }), [
      { field: 'priority', message: 'Priority must be one of: low, normal, high, urgent' },
    ]);
    expectValidationError(await put(before.id, { status: 'done', subject: null }), [
      { field: 'subject', message: 'Subject is required' },
      { field: 'status', message: 'Status must be one of: open, pending, on_hold, resolved, closed' },
    ]);
    expectValidationError(await put(before.id, { subject: 'Fine', customer_id: 999_999 }), [
      { field: 'customer_id', message: 'Customer 999999 does not exist' },
    ]);
    expect((await get(before.id)).body.data).toEqual(before);
  });

  it('answers 404 NOT_FOUND for a ticket that does not exist', async () => {
    expectError(await put(999_999, { priority: 'low' }), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expectError(await put('abc', { priority: 'low' }), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('ticket events', () => {
  it('records ticket.created with the ticket', async () => {
    const res = await call<TicketJson>('POST', '/api/v1/tickets', { key: writeKey, body: { subject: 'Evented' } });
    const list = await ticketEvents(res.body.data.id);
    expect(list.map((e) => ({ type: e.type, resourceType: e.resourceType, payload: e.payload }))).toEqual([
      { type: 'ticket.created', resourceType: 'ticket', payload: { ticket: toTicketEventJson(res.body.data) } },
    ]);
  });

  it('records ticket.updated with the changed fields and the ticket after the change', async () => {
    const { id } = await createTicket({ subject: 'Evented' });
    const res = await put(id, { priority: 'urgent', tags: ['vip'] });
    const updated = (await ticketEvents(id)).filter((e) => e.type !== 'ticket.created');
    expect(updated.map((e) => ({ type: e.type, payload: e.payload }))).toEqual([
      {
        type: 'ticket.updated',
        payload: {
          ticket: toTicketEventJson(res.body.data),
          changes: ['priority', 'tags'],
          before: { priority: 'normal', tags: [] },
          after: { priority: 'urgent', tags: ['vip'] },
        },
      },
    ]);
    expect(updated[0]!.actor).toEqual({ type: 'api_key', id: expect.any(Number) });
  });

  it('records ticket.assigned when an agent is assigned, but not when unassigned', async () => {
    const { id } = await createTicket({ subject: 'Evented' });
    const assigned = await put(id, { assigned_agent_id: agent.id });
    await put(id, { assigned_agent_id: null });
    const list = (await ticketEvents(id)).filter((e) => e.type !== 'ticket.created');
    expect(list.map((e) => e.type)).toEqual(['ticket.updated', 'ticket.assigned', 'ticket.updated']);
    expect(list[1]!.payload).toEqual({ ticket: toTicketEventJson(assigned.body.data) });
  });

  it('records ticket.resolved and ticket.closed for those transitions', async () => {
    const { id } = await createTicket({ subject: 'Evented' });
    const resolved = await put(id, { status: 'resolved' });
    const closed = await put(id, { status: 'closed' });
    const list = (await ticketEvents(id)).filter((e) => e.type !== 'ticket.created');
    expect(list.map((e) => e.type)).toEqual(['ticket.updated', 'ticket.resolved', 'ticket.updated', 'ticket.closed']);
    expect(list[0]!.payload).toEqual({
      ticket: toTicketEventJson(resolved.body.data),
      changes: ['status', 'resolved_at', 'closed_at'],
      before: { status: 'open', resolved_at: null, closed_at: null },
      after: { status: 'resolved', resolved_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), closed_at: null },
    });
    expect(list[1]!.payload).toEqual({ ticket: toTicketEventJson(resolved.body.data) });
    expect(list[3]!.payload).toEqual({ ticket: toTicketEventJson(closed.body.data) });
  });

  it('writes no event and keeps updated_at when an update changes nothing', async () => {
    const before = await createTicket({ subject: 'Evented', priority: 'high' });
    const res = await put(before.id, { priority: 'high', subject: 'Evented' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(before);
    expect(await eventTypes(before.id)).toEqual(['ticket.created']);
  });

  it('writes no event for a refused mutation', async () => {
    const before = await createTicket({ subject: 'Evented' });
    expect((await put(before.id, { priority: 'critical' })).status).toBe(400);
    expect((await put(before.id, { assigned_agent_id: 999_999 })).status).toBe(400);
    expect((await put(before.id, {})).status).toBe(400);
    expect(await eventTypes(before.id)).toEqual(['ticket.created']);
  });
});

describe('DELETE /api/v1/tickets/{id}', () => {
  it('answers 204 with no body, after which the ticket is gone with its replies, attachments and files', async () => {
    const { id } = await createTicket({ subject: 'To delete' });
    const reply = await call('POST', `/api/v1/tickets/${id}/replies`, {
      key: writeKey,
      body: { content: 'See attached', attachments: [{ filename: 'log.txt', content: Buffer.from('log line').toString('base64') }] },
    });
    expect(reply.status).toBe(201);
    const [stored] = await getDb().select().from(attachments).where(eq(attachments.ticketId, id));
    const file = path.join(config().dataDir, 'files', stored!.storageKey);
    await expect(fs.stat(file)).resolves.toBeTruthy();

    const res = await del(id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectError(await get(id), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expect(await getDb().$count(tickets, eq(tickets.id, id))).toBe(0);
    expect(await getDb().$count(replies, eq(replies.ticketId, id))).toBe(0);
    expect(await getDb().$count(attachments, eq(attachments.ticketId, id))).toBe(0);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('records ticket.deleted with the ticket id and number', async () => {
    const created = await createTicket({ subject: 'To delete' });
    await del(created.id);
    const list = await ticketEvents(created.id);
    expect(list.map((e) => e.type)).toEqual(['ticket.created', 'ticket.deleted']);
    expect(list[1]!.payload).toEqual({ ticket: { id: created.id, number: created.number } });
  });

  it('answers 404 NOT_FOUND for a ticket that does not exist or was already deleted', async () => {
    const { id } = await createTicket({ subject: 'To delete' });
    expect((await del(id)).status).toBe(204);
    expectError(await del(id), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expectError(await del('1.5'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});
