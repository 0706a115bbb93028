import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { tickets } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, ticketEvents, ticketNumber } from '@/lib/test/expectations';
import { createAgent, createCategory, createCustomer, createDepartment, createKey } from '@/lib/test/factories';
import type { TicketJson } from '@/lib/tickets/schema';
import { toTicketEventJson } from '@/lib/tickets/serialize';

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
  readKey = await createKey('read');
});

const post = (body: unknown) => call<TicketJson>('POST', '/api/v1/tickets', { key: writeKey, body });
const postRaw = (rawBody: BodyInit) => call<TicketJson>('POST', '/api/v1/tickets', { key: writeKey, rawBody, headers: { 'content-type': 'application/json' } });
const ticketCount = () => getDb().$count(tickets);

describe('POST /api/v1/tickets', () => {
  it('runs the reference Quick Start request verbatim and reads `medium` as `normal`', async () => {
    const res = await call<TicketJson>('POST', '/api/v1/tickets', {
      key: writeKey,
      body: { subject: 'API Test Ticket', description: 'Created via API', priority: 'medium' },
    });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({ subject: 'API Test Ticket', description: 'Created via API', status: 'open', priority: 'normal' });
  });

  it('creates a ticket with defaults and answers 201 with the full ticket', async () => {
    const res = await post({ subject: 'Unable to login to account' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        number: expect.stringMatching(ticketNumber),
        subject: 'Unable to login to account',
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
        customer: null,
        assigned_agent: null,
        department: null,
        category: null,
        custom_fields: {},
        tags: [],
        attachments: [],
        replies: [],
        merged_into: null,
        sla: null,
      },
    });
    expect(res.body.data.number.slice(4, 8)).toBe(String(new Date().getUTCFullYear()));
  });

  it('creates a ticket with every field and its relations', async () => {
    const customer = await createCustomer({ organization: 'Acme Corporation' });
    const agent = await createAgent();
    const department = await createDepartment();
    const category = await createCategory({ department_id: department.id });
    const res = await post({
      subject: 'Unable to login to account',
      description: 'Customer cannot access their account after password reset',
      customer_id: customer.id,
      department_id: department.id,
      category_id: category.id,
      assigned_agent_id: agent.id,
      priority: 'high',
      status: 'pending',
      due_date: '2025-08-24T18:00:00Z',
      tags: ['login', 'password'],
      custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(Number),
      number: expect.stringMatching(ticketNumber),
      subject: 'Unable to login to account',
      description: 'Customer cannot access their account after password reset',
      description_html: null,
      status: 'pending',
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
      department: { id: department.id, name: department.name },
      category: { id: category.id, name: category.name },
      custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119' },
      tags: ['login', 'password'],
      attachments: [],
      replies: [],
      merged_into: null,
      sla: null,
    });
  });

  it('records ticket.created, and ticket.assigned when created with an assignee, each carrying the ticket', async () => {
    const agent = await createAgent();
    const plain = await post({ subject: 'No assignee' });
    const assigned = await post({ subject: 'With assignee', assigned_agent_id: agent.id });

    const plainEvents = await ticketEvents(plain.body.data.id);
    expect(plainEvents.map((e) => e.type)).toEqual(['ticket.created']);
    expect(plainEvents[0]!.payload).toEqual({ ticket: toTicketEventJson(plain.body.data) });
    expect(plainEvents[0]!.actor).toEqual({ type: 'api_key', id: expect.any(Number) });

    const assignedEvents = await ticketEvents(assigned.body.data.id);
    expect(assignedEvents.map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned']);
    expect(assignedEvents.map((e) => e.payload)).toEqual([
      { ticket: toTicketEventJson(assigned.body.data) },
      { ticket: toTicketEventJson(assigned.body.data) },
    ]);
  });

  it('sets resolved_at and closed_at when a ticket is created already closed', async () => {
    const res = await post({ subject: 'Handled on the phone', status: 'closed' });
    expect(res.status).toBe(201);
    expect(res.body.data.resolved_at).toMatch(isoSeconds);
    expect(res.body.data.closed_at).toMatch(isoSeconds);
  });

  it('normalizes tags to lower case, trimmed and without duplicates', async () => {
    const res = await post({ subject: 'Tagged', tags: ['Login', ' login ', 'PASSWORD', 'password', 'Urgent'] });
    expect(res.status).toBe(201);
    expect(res.body.data.tags).toEqual(['login', 'password', 'urgent']);
  });

  it('keeps custom fields as given when no definition exists', async () => {
    const custom = { affected_product: 'Web Application', seats: 12, vip: true, note: null };
    const res = await post({ subject: 'Custom', custom_fields: custom });
    expect(res.status).toBe(201);
    expect(res.body.data.custom_fields).toEqual({ affected_product: 'Web Application', seats: 12, vip: true });
  });

  it.each([
    ['customer_id', 'Customer'],
    ['department_id', 'Department'],
    ['category_id', 'Category'],
  ])('refuses an unknown %s with a field error on that field', async (field, label) => {
    const before = await ticketCount();
    const res = await post({ subject: 'Dangling reference', [field]: 999_999 });
    expectValidationError(res, [{ field, message: `${label} 999999 does not exist` }]);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses an unknown or inactive assignee on assigned_agent_id', async () => {
    const inactive = await createAgent({ status: 'inactive' });
    expectValidationError(await post({ subject: 'Assign', assigned_agent_id: 999_999 }), [
      { field: 'assigned_agent_id', message: 'Agent 999999 does not exist or is not active' },
    ]);
    expectValidationError(await post({ subject: 'Assign', assigned_agent_id: inactive.id }), [
      { field: 'assigned_agent_id', message: `Agent ${inactive.id} does not exist or is not active` },
    ]);
  });

  it('reports every unknown reference at once', async () => {
    const res = await post({ subject: 'Dangling', customer_id: 999_998, department_id: 999_997 });
    expectValidationError(res, [
      { field: 'customer_id', message: 'Customer 999998 does not exist' },
      { field: 'department_id', message: 'Department 999997 does not exist' },
    ]);
  });

  it('refuses custom field keys it cannot store, and custom_fields that are not an object', async () => {
    expectValidationError(await post({ subject: 'Keys', custom_fields: { 'bad key': 'x' } }), [
      { field: 'custom_fields.bad key', message: 'Custom field keys are 1–64 letters, digits, _ . or -' },
    ]);
    expectValidationError(await post({ subject: 'Keys', custom_fields: ['browser'] }), [
      { field: 'custom_fields', message: 'Custom fields must be an object of key: value pairs' },
    ]);
  });

  it('refuses the custom field keys __proto__, constructor and prototype instead of dropping them', async () => {
    const before = await ticketCount();
    // Raw JSON: a JavaScript object literal cannot even hold an own __proto__ key.
    const res = await postRaw('{"subject":"Proto","custom_fields":{"browser":"Chrome","__proto__":"x","constructor":"y","prototype":"z"}}');
    const message = 'Custom field keys must not be __proto__, constructor or prototype';
    expectValidationError(
      res,
      ['__proto__', 'constructor', 'prototype'].map((key) => ({ field: `custom_fields.${key}`, message })),
    );
    expect(await ticketCount()).toBe(before);
    const filter = await call('GET', '/api/v1/tickets?custom_fields[__proto__]=x', { key: readKey });
    expectValidationError(filter, [{ field: 'custom_fields.__proto__', message }]);
  });

  it('keeps at most 100 custom fields on a ticket, counting those it already has', async () => {
    const keys = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key_${from + i}`, 'x']));
    const created = await post({ subject: 'Many fields', custom_fields: keys(0, 60) });
    expect(created.status).toBe(201);
    const put = (custom_fields: Record<string, string | null>) =>
      call<TicketJson>('PUT', `/api/v1/tickets/${created.body.data.id}`, { key: writeKey, body: { custom_fields } });
    expectValidationError(await put(keys(60, 41)), [
      { field: 'custom_fields', message: 'Custom fields may have at most 100 keys; with those stored this would make 101' },
    ]);
    const full = await put(keys(60, 40));
    expect(Object.keys(full.body.data.custom_fields)).toHaveLength(100);
    // One in, one out: still 100.
    expect((await put({ key_0: null, key_100: 'x' })).status).toBe(200);
  });

  it('requires a subject', async () => {
    expectValidationError(await post({ description: 'No subject' }), [{ field: 'subject', message: 'Subject is required' }]);
    expectValidationError(await post({}), [{ field: 'subject', message: 'Subject is required' }]);
  });

  it('refuses an empty or blank subject and one longer than 255 characters', async () => {
    expectValidationError(await post({ subject: '' }), [{ field: 'subject', message: 'Subject must not be blank' }]);
    expectValidationError(await post({ subject: '   ' }), [{ field: 'subject', message: 'Subject must not be blank' }]);
    expectValidationError(await post({ subject: 'x'.repeat(256) }), [{ field: 'subject', message: 'Subject must be at most 255 characters' }]);
    expect((await post({ subject: 'x'.repeat(255) })).status).toBe(201);
  });

  it('refuses an unknown priority with the reference message', async () => {
    expectValidationError(await post({ subject: 'Bad priority', priority: 'critical' }), [
      { field: 'priority', message: 'Priority must be one of: low, normal, high, urgent' },
    ]);
  });

  it('refuses an unknown status, a non-integer id, a bad due date and non-list tags', async () => {
    const res = await post({ subject: 'Bad', status: 'done', customer_id: 'abc', due_date: 'tomorrow', tags: 'login' });
    expectValidationError(res, [
      { field: 'customer_id', message: 'Customer ID must be a number' },
      { field: 'due_date', message: 'Must be an ISO 8601 date or date-time, e.g. 2025-08-24T18:00:00Z' },
      { field: 'tags', message: 'Tags must be an array' },
      { field: 'status', message: 'Status must be one of: open, pending, on_hold, resolved, closed' },
    ]);
  });

  it('refuses ids that are zero, negative, fractional or beyond the integer range', async () => {
    expectValidationError(await post({ subject: 'Bad', customer_id: 0, department_id: -3, category_id: 1.5, assigned_agent_id: 2_147_483_648 }), [
      { field: 'customer_id', message: 'Customer ID must be greater than 0' },
      { field: 'department_id', message: 'Department ID must be greater than 0' },
      { field: 'category_id', message: 'Category ID must be an integer' },
      { field: 'assigned_agent_id', message: 'Assigned agent ID must be at most 2147483647' },
    ]);
  });

  it('answers 400 INVALID_JSON for malformed JSON', async () => {
    expectError(await postRaw('{"subject": "Broken'), { status: 400, code: 'INVALID_JSON', message: 'Request body is not valid JSON' });
  });

  it('answers 400 INVALID_JSON for an empty body', async () => {
    expectError(await postRaw(''), { status: 400, code: 'INVALID_JSON', message: 'Request body must be a JSON object' });
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for JSON sent as text/plain or without a Content-Type, and writes nothing', async () => {
    const before = await ticketCount();
    const body = JSON.stringify({ subject: 'Sent as a form would be' });
    const unsupported = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' };
    expectError(await call('POST', '/api/v1/tickets', { key: writeKey, rawBody: body, headers: { 'content-type': 'text/plain' } }), unsupported);
    // A string body without a type is sent as text/plain by fetch; bytes go without any Content-Type.
    expectError(await call('POST', '/api/v1/tickets', { key: writeKey, rawBody: new TextEncoder().encode(body) }), unsupported);
    expect(await ticketCount()).toBe(before);
    const charset = await call('POST', '/api/v1/tickets', { key: writeKey, rawBody: body, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(charset.status).toBe(201);
  });

  it('answers 400 VALIDATION_ERROR for JSON that is not an object', async () => {
    const res = await postRaw('["API Test Ticket"]');
    expectValidationError(res, [{ field: '', message: 'Value must be an object' }]);
  });

  it('refuses a NUL character in text with 400, not a database error', async () => {
    const before = await ticketCount();
    expectValidationError(await post({ subject: 'Login\u0000failure' }), [{ field: 'subject', message: 'Must not contain NUL characters' }]);
    expectValidationError(await post({ subject: 'Login', description: 'a\u0000b', tags: ['a\u0000'] }), [
      { field: 'description', message: 'Must not contain NUL characters' },
      { field: 'tags[0]', message: 'Must not contain NUL characters' },
    ]);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a NUL character in a custom field value with 400, not a database error', async () => {
    const res = await post({ subject: 'Login', custom_fields: { browser: 'Chrome\u0000119' } });
    expectValidationError(res, [{ field: 'custom_fields.browser', message: 'Must not contain NUL characters' }]);
  });

  it('refuses an unpaired surrogate escape in text with 400, not a database error', async () => {
    const res = await postRaw('{"subject": "Login", "custom_fields": {"browser": "Chrome \\ud800"}}');
    expectValidationError(res, [{ field: 'custom_fields.browser', message: 'Must be valid Unicode text' }]);
    expect((await post({ subject: 'Login 😀 ünïcödé' })).body.data.subject).toBe('Login 😀 ünïcödé');
  });

  it('refuses a due date outside the years PostgreSQL can read with 400, not a database error', async () => {
    const message = 'Must be a date between the years 0001 and 9999';
    expectValidationError(await post({ subject: 'Old', due_date: '0000-01-01' }), [{ field: 'due_date', message }]);
    expectValidationError(await post({ subject: 'Far', due_date: '9999-12-31T23:59:59-14:00' }), [{ field: 'due_date', message }]);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 2 MiB and writes nothing', async () => {
    const before = await ticketCount();
    const body = JSON.stringify({ subject: 'Huge', description: 'a'.repeat(2 * 1024 * 1024) });
    expectError(await postRaw(body), {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Request body exceeds the limit of 2097152 bytes',
    });
    expect(await ticketCount()).toBe(before);
  });

  it('gives 30 tickets created at the same time 30 distinct numbers', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => post({ subject: `Parallel ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const numbers = results.map((r) => r.body.data.number);
    expect(new Set(numbers).size).toBe(30);
    for (const n of numbers) expect(n).toMatch(ticketNumber);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(30);
  });

  it('refuses a read-only key with 403 and writes nothing', async () => {
    const before = await ticketCount();
    const res = await call('POST', '/api/v1/tickets', { key: readKey, body: { subject: 'Not allowed' } });
    expectError(res, { status: 403, code: 'FORBIDDEN', message: 'This action requires write permission' });
    expect(await ticketCount()).toBe(before);
  });
});
