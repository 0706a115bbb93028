import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { customFieldDefinitions, customers, events } from '@/db/schema';
import type { CustomerJson } from '@/lib/customers/schema';
import { setSetting } from '@/lib/settings/service';
import { call } from '@/lib/test/api';
import { customerEvents, expectError, expectValidationError, isoSeconds, emailConflict } from '@/lib/test/expectations';
import { createCustomField, createKey, fixtureContext, referenceCustomerBody, uniqueEmail } from '@/lib/test/factories';
import { raceWithUncommitted } from '@/lib/test/races';

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  [writeKey, readKey] = await Promise.all([createKey('write'), createKey('read')]);
});

const post = (body: unknown) => call<CustomerJson>('POST', '/api/v1/customers', { key: writeKey, body });
const john = (extra: Record<string, unknown> = {}) => ({ first_name: 'John', email: uniqueEmail(), ...extra });
/** Rows and events: what a refused request must leave as they were. */
const writes = async () => ({ customers: await getDb().$count(customers), events: await getDb().$count(events) });

describe('POST /api/v1/customers', () => {
  it("runs the reference's example request verbatim and answers 201 with the full customer", async () => {
    const body = { ...referenceCustomerBody(), email: 'john.smith@acme.com' };
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        first_name: 'John',
        last_name: 'Smith',
        email: 'john.smith@acme.com',
        phone: '+1-555-123-4567',
        organization: 'Acme Corporation',
        department: 'IT Department',
        title: 'System Administrator',
        address: { street: '123 Business Ave', city: 'New York', state: 'NY', zip: '10001', country: 'United States' },
        custom_fields: { employee_id: 'EMP-12345', cost_center: 'IT-001', manager: 'Jane Doe' },
        preferences: { language: 'en', timezone: 'America/New_York', email_notifications: true },
        status: 'active',
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
        last_login: null,
        ticket_count: 0,
        email_bounced_at: null,
        email_bounce_reason: null,
      },
    });
    const read = await call<CustomerJson>('GET', `/api/v1/customers/${res.body.data.id}`, { key: readKey });
    expect(read.body.data).toEqual(res.body.data);
  });

  it('creates a customer from a first name and an email, with defaults for the rest', async () => {
    const email = uniqueEmail();
    const res = await post({ first_name: 'Ada', email });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(Number),
      first_name: 'Ada',
      last_name: '',
      email,
      phone: null,
      organization: null,
      department: null,
      title: null,
      address: { street: null, city: null, state: null, zip: null, country: null },
      custom_fields: {},
      preferences: { language: null, timezone: null, email_notifications: true },
      status: 'active',
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
      last_login: null,
      ticket_count: 0,
      email_bounced_at: null,
      email_bounce_reason: null,
    });
  });

  it('records customer.created with the customer, in the same transaction', async () => {
    const res = await post(referenceCustomerBody());
    const list = await customerEvents(res.body.data.id);
    expect(list.map((e) => ({ type: e.type, resourceType: e.resourceType, payload: e.payload, actor: e.actor }))).toEqual([
      { type: 'customer.created', resourceType: 'customer', payload: { customer: res.body.data }, actor: { type: 'api_key', id: expect.any(Number) } },
    ]);
  });

  it('trims names and email, stores blank optional text as null, and keeps a partial address', async () => {
    const email = uniqueEmail();
    const res = await post({ first_name: '  Ada ', last_name: ' Lovelace ', email: ` ${email} `, phone: '  ', title: '', address: { city: 'London' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email,
      phone: null,
      title: null,
      address: { street: null, city: 'London', state: null, zip: null, country: null },
    });
  });

  it('accepts a status other than active, and no preferences or address at all as null', async () => {
    const res = await post(john({ status: 'blocked', address: null, preferences: null }));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      status: 'blocked',
      address: { street: null, city: null, state: null, zip: null, country: null },
      preferences: { language: null, timezone: null, email_notifications: true },
    });
  });

  it('requires a first name and an email with the reference wording', async () => {
    const before = await writes();
    expectValidationError(await post({}), [
      { field: 'first_name', message: 'First name is required' },
      { field: 'email', message: 'Email address is required' },
    ]);
    expectValidationError(await post({ first_name: '   ', email: null, last_name: 'Smith' }), [
      { field: 'first_name', message: 'First name must not be empty' },
      { field: 'email', message: 'Email address is required' },
    ]);
    // An email left blank in a form is missing, not malformed.
    for (const email of ['', '   ']) {
      expectValidationError(await post({ first_name: 'John', email }), [{ field: 'email', message: 'Email address is required' }]);
    }
    expect(await writes()).toEqual(before);
  });

  it.each(['john', 'john@', '@acme.com', 'john smith@acme.com', 'john@acme', 'john@@acme.com'])(
    "refuses the email '%s' with 'Email format is invalid'",
    async (email) => {
      expectValidationError(await post({ first_name: 'John', email }), [{ field: 'email', message: 'Email format is invalid' }]);
    },
  );

  it('refuses text over its length and values of the wrong type, field by field', async () => {
    const res = await post({
      first_name: 'x'.repeat(101),
      last_name: 7,
      email: `john@${'example.'.repeat(31)}com`,
      phone: '1'.repeat(51),
      organization: ['Acme'],
      address: 'New York',
      status: 'deleted',
    });
    expectValidationError(res, [
      { field: 'first_name', message: 'First name must be at most 100 characters' },
      { field: 'last_name', message: 'Last name must be a string' },
      { field: 'email', message: 'Email must be at most 254 characters' },
      { field: 'phone', message: 'Phone must be at most 50 characters' },
      { field: 'organization', message: 'Organization must be a string' },
      { field: 'address', message: 'Address must be an object' },
      { field: 'status', message: 'Status must be one of: active, inactive, blocked' },
    ]);
    expectValidationError(await post(john({ address: { zip: '1'.repeat(21), city: 5 } })), [
      { field: 'address.city', message: 'City must be a string' },
      { field: 'address.zip', message: 'Zip must be at most 20 characters' },
    ]);
  });

  it('refuses a NUL character in text with 400, not a database error', async () => {
    expectValidationError(await post(john({ organization: 'Acme\u0000Corp', address: { street: 'a\u0000' } })), [
      { field: 'organization', message: 'Must not contain NUL characters' },
      { field: 'address.street', message: 'Must not contain NUL characters' },
    ]);
  });

  describe('custom fields', () => {
    afterEach(async () => {
      await getDb().delete(customFieldDefinitions);
      await setSetting(fixtureContext(), 'strict_custom_fields', false);
    });

    async function defineFields() {
      await createCustomField({ entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
      await createCustomField({ entity: 'customer', key: 'seats', label: 'Seats', type: 'number' });
      await createCustomField({ entity: 'customer', key: 'employee_id', label: 'Employee ID', type: 'text', required: true });
      await createCustomField({ entity: 'ticket', key: 'browser', label: 'Browser', type: 'select', options: ['Chrome'], required: true });
    }

    it('accepts values that match the customer definitions; ticket definitions do not apply', async () => {
      await defineFields();
      const res = await post(john({ custom_fields: { tier: 'gold', seats: 12, employee_id: 'EMP-1', browser: 'Lynx' } }));
      expect(res.status).toBe(201);
      expect(res.body.data.custom_fields).toEqual({ tier: 'gold', seats: 12, employee_id: 'EMP-1', browser: 'Lynx' });
    });

    it('refuses values of the wrong type, outside the options or missing when required, and writes nothing', async () => {
      await defineFields();
      const before = await writes();
      expectValidationError(await post(john({ custom_fields: { tier: 'bronze', seats: 'twelve' } })), [
        { field: 'custom_fields.tier', message: 'Tier must be one of: gold, silver' },
        { field: 'custom_fields.seats', message: 'Seats must be a number' },
        { field: 'custom_fields.employee_id', message: 'Employee ID is required' },
      ]);
      expect(await writes()).toEqual(before);
    });

    it('refuses an undefined key in strict mode', async () => {
      await setSetting(fixtureContext(), 'strict_custom_fields', true);
      expectValidationError(await post(john({ custom_fields: { manager: 'Jane Doe' } })), [
        { field: 'custom_fields.manager', message: "Unknown custom field 'manager'" },
      ]);
    });

    it('refuses the keys __proto__, constructor and prototype instead of dropping them', async () => {
      const before = await writes();
      const body = JSON.stringify(john({ custom_fields: { manager: 'Jane Doe' } })).replace('"manager"', '"__proto__":"x","constructor":"y","manager"');
      const res = await call('POST', '/api/v1/customers', { key: writeKey, rawBody: body, headers: { 'content-type': 'application/json' } });
      const message = 'Custom field keys must not be __proto__, constructor or prototype';
      expectValidationError(res, [
        { field: 'custom_fields.__proto__', message },
        { field: 'custom_fields.constructor', message },
      ]);
      expect(await writes()).toEqual(before);
    });

    it('refuses keys it cannot store and custom_fields that are not an object', async () => {
      expectValidationError(await post(john({ custom_fields: { 'cost center': 'IT-001' } })), [
        { field: 'custom_fields.cost center', message: 'Custom field keys are 1–64 letters, digits, _ . or -' },
      ]);
      expectValidationError(await post(john({ custom_fields: 'IT-001' })), [
        { field: 'custom_fields', message: 'Custom fields must be an object of key: value pairs' },
      ]);
    });
  });

  describe('unique email', () => {
    it('refuses an email another customer has, in any case, with 409 CONFLICT and writes nothing', async () => {
      const email = uniqueEmail('jane.doe');
      expect((await post({ first_name: 'Jane', email })).status).toBe(201);
      const before = await writes();
      const shouted = email.toUpperCase();
      expectError(await post({ first_name: 'Jane', email: shouted }), emailConflict(`A customer with email ${shouted} already exists`));
      expect(await writes()).toEqual(before);
    });

    it('answers the same 409 when a concurrent request takes the email first', async () => {
      const email = uniqueEmail('racer');
      const res = await raceWithUncommitted(
        (tx) => tx.insert(customers).values({ firstName: 'First', email }),
        () => post({ first_name: 'Second', email: email.toUpperCase() }),
      );
      expectError(res, emailConflict(`A customer with email ${email.toUpperCase()} already exists`));
      expect(await getDb().$count(customers, eq(customers.email, email))).toBe(1);
      expect(await getDb().$count(customers, eq(customers.email, email.toUpperCase()))).toBe(0);
    });
  });

  it('refuses a read key with 403 and writes nothing', async () => {
    const before = await writes();
    expectError(await call('POST', '/api/v1/customers', { key: readKey, body: john() }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });
    expect(await writes()).toEqual(before);
  });

  it('refuses a request without credentials with 401', async () => {
    const before = await writes();
    expectError(await call('POST', '/api/v1/customers', { body: john() }), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
    expect(await writes()).toEqual(before);
  });
});
