import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { customFieldDefinitions, tickets } from '@/db/schema';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import { setSetting } from '@/lib/settings/service';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { createCustomer, createKey, createCategory, createDepartment, fixtureContext } from '@/lib/test/factories';
import type { TicketJson } from '@/lib/tickets/schema';

// Ticket writes check custom_fields against the definitions made through /custom-fields.
let adminKey: string;
let writeKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
  writeKey = await createKey('write');
});

afterEach(async () => {
  await getDb().delete(customFieldDefinitions);
  await setSetting(fixtureContext(), 'strict_custom_fields', false);
});

async function define(body: Record<string, unknown>): Promise<CustomFieldJson> {
  const res = await call<CustomFieldJson>('POST', '/api/v1/custom-fields', {
    key: adminKey,
    body: { entity: 'ticket', ...body },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

const createTicket = (body: Record<string, unknown>) => call<TicketJson>('POST', '/api/v1/tickets', { key: writeKey, body });
const updateTicket = (id: number, body: Record<string, unknown>) => call<TicketJson>('PUT', `/api/v1/tickets/${id}`, { key: writeKey, body });
const ticketCount = () => getDb().$count(tickets);

/** The reference's create body, with its ids made real and the custom fields its GET example shows. */
async function referenceTicketBody() {
  const department = await createDepartment();
  return {
    subject: 'Unable to login to account',
    description: 'Customer cannot access account',
    customer_id: (await createCustomer()).id,
    department_id: department.id,
    category_id: (await createCategory({ department_id: department.id })).id,
    priority: 'high',
    status: 'open',
    custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119' },
  };
}

describe('the reference example ticket', () => {
  it('is accepted with its custom fields on a default install, which has no definitions', async () => {
    expect((await call('GET', '/api/v1/custom-fields', { key: adminKey })).body.pagination.total).toBe(0);
    const res = await createTicket(await referenceTicketBody());
    expect(res.status).toBe(201);
    expect(res.body.data.custom_fields).toEqual({ affected_product: 'Web Application', browser: 'Chrome 119' });
  });

  it('is still accepted once fields like those of the reference are defined', async () => {
    await define({
      key: 'affected_product',
      label: 'Affected product',
      type: 'select',
      options: ['Web Application', 'Mobile App'],
    });
    await define({ key: 'browser', label: 'Browser', type: 'text', required: true });
    const res = await createTicket(await referenceTicketBody());
    expect(res.status).toBe(201);
    expect(res.body.data.custom_fields).toEqual({ affected_product: 'Web Application', browser: 'Chrome 119' });
  });
});

describe('ticket custom fields against definitions made through the API', () => {
  async function defineAll() {
    await define({
      key: 'affected_product',
      label: 'Affected product',
      type: 'select',
      options: ['Web Application', 'Mobile App'],
    });
    await define({ key: 'seats', label: 'Seats', type: 'number' });
    await define({ key: 'vip', label: 'VIP', type: 'boolean' });
    await define({ key: 'renewal', label: 'Renewal', type: 'date' });
    await define({ key: 'browser', label: 'Browser', type: 'text', required: true });
  }

  it('accepts values of the defined types', async () => {
    await defineAll();
    const custom = { affected_product: 'Mobile App', seats: 12, vip: true, renewal: '2026-01-31', browser: 'Firefox 128' };
    const res = await createTicket({ subject: 'Typed', custom_fields: custom });
    expect(res.status).toBe(201);
    expect(res.body.data.custom_fields).toEqual(custom);
  });

  it('refuses a wrong type, an option not in the list and a missing required field, naming custom_fields.<key>', async () => {
    await defineAll();
    const before = await ticketCount();
    const res = await createTicket({
      subject: 'Typed',
      custom_fields: { affected_product: 'Desktop App', seats: '12', vip: 1, renewal: '31/01/2026' },
    });
    expectValidationError(res, [
      { field: 'custom_fields.affected_product', message: 'Affected product must be one of: Web Application, Mobile App' },
      { field: 'custom_fields.seats', message: 'Seats must be a number' },
      { field: 'custom_fields.vip', message: 'VIP must be true or false' },
      { field: 'custom_fields.renewal', message: 'Renewal must be an ISO 8601 date, e.g. 2025-08-24' },
      { field: 'custom_fields.browser', message: 'Browser is required' },
    ]);
    expect(await ticketCount()).toBe(before);
  });

  it('treats an empty text as missing for a required field', async () => {
    await defineAll();
    expectValidationError(await createTicket({ subject: 'Blank', custom_fields: { browser: '' } }), [
      { field: 'custom_fields.browser', message: 'Browser is required' },
    ]);
  });

  it('indexes the errors of a bulk request by item', async () => {
    await defineAll();
    const res = await call('POST', '/api/v1/tickets/bulk', {
      key: writeKey,
      body: {
        tickets: [
          { subject: 'Fine', custom_fields: { browser: 'Safari' } },
          { subject: 'Bad', custom_fields: { browser: 'Safari', seats: 'x' } },
        ],
      },
    });
    expectValidationError(res, [{ field: 'tickets[1].custom_fields.seats', message: 'Seats must be a number' }]);
  });

  it('holds an update to a required field only when the update touches it', async () => {
    const ticket = (await createTicket({ subject: 'Older than the definition', custom_fields: {} })).body.data;
    await defineAll();
    expect((await updateTicket(ticket.id, { priority: 'high' })).status).toBe(200);
    expectValidationError(await updateTicket(ticket.id, { custom_fields: { browser: null } }), [
      { field: 'custom_fields.browser', message: 'Browser is required' },
    ]);
    expectValidationError(await updateTicket(ticket.id, { custom_fields: { seats: 'many' } }), [
      { field: 'custom_fields.seats', message: 'Seats must be a number' },
    ]);
    expect((await updateTicket(ticket.id, { custom_fields: { browser: 'Edge' } })).body.data.custom_fields).toEqual({
      browser: 'Edge',
    });
  });

  it('keeps keys without a definition, unless strict custom fields are on', async () => {
    await defineAll();
    const lenient = await createTicket({ subject: 'Lenient', custom_fields: { browser: 'Chrome', os: 'macOS' } });
    expect(lenient.status).toBe(201);
    expect(lenient.body.data.custom_fields).toEqual({ browser: 'Chrome', os: 'macOS' });

    await setSetting(fixtureContext(), 'strict_custom_fields', true);
    expectValidationError(await createTicket({ subject: 'Strict', custom_fields: { browser: 'Chrome', os: 'macOS' } }), [
      { field: 'custom_fields.os', message: "Unknown custom field 'os'" },
    ]);
    expect((await createTicket({ subject: 'Strict', custom_fields: { browser: 'Chrome' } })).status).toBe(201);
  });

  it('applies a changed definition from the next write, leaving stored values alone', async () => {
    const field = await define({ key: 'plan', label: 'Plan', type: 'select', options: ['Basic', 'Pro'] });
    const ticket = (await createTicket({ subject: 'On Basic', custom_fields: { plan: 'Basic' } })).body.data;
    const changed = await call('PUT', `/api/v1/custom-fields/${field.id}`, {
      key: adminKey,
      body: { options: ['Pro', 'Enterprise'] },
    });
    expect(changed.status).toBe(200);

    const read = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: writeKey });
    expect(read.body.data.custom_fields).toEqual({ plan: 'Basic' });
    expectValidationError(await createTicket({ subject: 'On Basic', custom_fields: { plan: 'Basic' } }), [
      { field: 'custom_fields.plan', message: 'Plan must be one of: Pro, Enterprise' },
    ]);
    expect((await updateTicket(ticket.id, { custom_fields: { plan: 'Enterprise' } })).body.data.custom_fields).toEqual({
      plan: 'Enterprise',
    });
  });

  it('stops checking a key once its definition is deleted', async () => {
    const field = await define({ key: 'seats', label: 'Seats', type: 'number' });
    expect((await createTicket({ subject: 'Typed', custom_fields: { seats: 'ten' } })).status).toBe(400);
    expect((await call('DELETE', `/api/v1/custom-fields/${field.id}`, { key: adminKey })).status).toBe(204);
    const res = await createTicket({ subject: 'Untyped', custom_fields: { seats: 'ten' } });
    expect(res.status).toBe(201);
    expect(res.body.data.custom_fields).toEqual({ seats: 'ten' });
  });

  it('does not hold tickets to customer field definitions', async () => {
    await define({ entity: 'customer', key: 'employee_id', label: 'Employee ID', type: 'number', required: true });
    const res = await createTicket({ subject: 'No customer fields', custom_fields: { employee_id: 'EMP-12345' } });
    expect(res.status).toBe(201);
    expect(res.body.data.custom_fields).toEqual({ employee_id: 'EMP-12345' });
  });
});
