import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { customFieldDefinitions, customers, events } from '@/db/schema';
import type { CustomerJson } from '@/lib/customers/schema';
import { call } from '@/lib/test/api';
import { customerEvents, expectError, expectValidationError, isoSeconds, emailConflict } from '@/lib/test/expectations';
import { createCustomer, createCustomField, createKey, createTicket, referenceCustomerBody, uniqueEmail } from '@/lib/test/factories';
import { raceWithUncommitted } from '@/lib/test/races';

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  [writeKey, readKey] = await Promise.all([createKey('write'), createKey('read')]);
});

const get = (id: number | string) => call<CustomerJson>('GET', `/api/v1/customers/${id}`, { key: readKey });
const put = (id: number | string, body: unknown, key = writeKey) => call<CustomerJson>('PUT', `/api/v1/customers/${id}`, { key, body });
const john = () => createCustomer(referenceCustomerBody());
const eventTypes = async (id: number) => (await customerEvents(id)).map((e) => e.type);

describe('GET /api/v1/customers/{id}', () => {
  it('returns the full customer', async () => {
    const created = await john();
    const res = await get(created.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: created });
    expect(res.body.data).toMatchObject({ status: 'active', last_login: null, ticket_count: 0, created_at: expect.stringMatching(isoSeconds) });
  });

  it('counts the tickets the customer has now', async () => {
    const { id } = await john();
    const first = await createTicket({ subject: 'First', customer_id: id });
    await createTicket({ subject: 'Second', customer_id: id });
    await createTicket({ subject: 'Somebody else' });
    expect((await get(id)).body.data.ticket_count).toBe(2);
    await call('DELETE', `/api/v1/tickets/${first.id}`, { key: writeKey });
    expect((await get(id)).body.data.ticket_count).toBe(1);
  });

  it('answers 404 NOT_FOUND for a customer that does not exist, or an id that is not one', async () => {
    expectError(await get(999_999), { status: 404, code: 'NOT_FOUND', message: 'Customer not found' });
    expectError(await get('abc'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
    expectError(await get('2147483648'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });

  it('refuses a request without credentials with 401', async () => {
    const { id } = await john();
    expectError(await call('GET', `/api/v1/customers/${id}`), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});

describe('PUT /api/v1/customers/{id}', () => {
  it('changes only the fields given and answers with the full customer', async () => {
    const before = await john();
    const res = await put(before.id, { title: 'CTO', phone: '+1-555-000-0000', status: 'blocked' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { ...before, title: 'CTO', phone: '+1-555-000-0000', status: 'blocked', updated_at: expect.stringMatching(isoSeconds) },
    });
    expect((await get(before.id)).body.data).toEqual(res.body.data);
  });

  it.each(['active', 'inactive', 'blocked'])('sets the status to %s', async (status) => {
    const { id } = await createCustomer({ status: status === 'active' ? 'inactive' : 'active' });
    expect((await put(id, { status })).body.data.status).toBe(status);
  });

  it('merges custom fields, address and preferences key by key; null removes a key', async () => {
    const { id } = await john();
    const res = await put(id, {
      custom_fields: { manager: 'Sam Lee', cost_center: null, floor: 3 },
      address: { street: '1 Main St', state: null },
      preferences: { timezone: 'Europe/London', email_notifications: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      custom_fields: { employee_id: 'EMP-12345', manager: 'Sam Lee', floor: 3 },
      address: { street: '1 Main St', city: 'New York', state: null, zip: '10001', country: 'United States' },
      preferences: { language: 'en', timezone: 'Europe/London', email_notifications: false },
    });
    const cleared = await put(id, { address: null, preferences: null, phone: null, last_name: null });
    expect(cleared.body.data).toMatchObject({
      address: { street: null, city: null, state: null, zip: null, country: null },
      preferences: { language: null, timezone: null, email_notifications: true },
      phone: null,
      last_name: '',
    });
  });

  it('checks custom fields against the customer definitions, only those the update touches', async () => {
    const { id } = await john();
    await createCustomField({ entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'], required: true });
    await createCustomField({ entity: 'customer', key: 'seats', label: 'Seats', type: 'number' });
    try {
      expect((await put(id, { title: 'CTO' })).status).toBe(200);
      expectValidationError(await put(id, { custom_fields: { tier: 'bronze', seats: '3' } }), [
        { field: 'custom_fields.tier', message: 'Tier must be one of: gold, silver' },
        { field: 'custom_fields.seats', message: 'Seats must be a number' },
        { field: 'custom_fields.tier', message: 'Tier is required' },
      ]);
      expectValidationError(await put(id, { custom_fields: { tier: null } }), [{ field: 'custom_fields.tier', message: 'Tier is required' }]);
      expect((await put(id, { custom_fields: { tier: 'gold', seats: 3 } })).body.data.custom_fields).toMatchObject({ tier: 'gold', seats: 3 });
    } finally {
      await getDb().delete(customFieldDefinitions);
    }
  });

  it('changes the email, also only its case, and refuses one another customer has in any case with 409', async () => {
    const mine = await createCustomer({ email: uniqueEmail('mine') });
    const theirs = await createCustomer({ email: uniqueEmail('theirs') });
    expect((await put(mine.id, { email: mine.email.toUpperCase() })).body.data.email).toBe(mine.email.toUpperCase());
    const taken = theirs.email.replace('theirs', 'THEIRS');
    expectError(await put(mine.id, { email: taken }), emailConflict(`A customer with email ${taken} already exists`));
    expect((await get(mine.id)).body.data.email).toBe(mine.email.toUpperCase());
    const fresh = uniqueEmail('fresh');
    expect((await put(mine.id, { email: fresh })).body.data.email).toBe(fresh);
  });

  it('answers the same 409 when a concurrent request takes the new email first', async () => {
    const { id } = await john();
    const email = uniqueEmail('racer');
    const res = await raceWithUncommitted(
      (tx) => tx.insert(customers).values({ firstName: 'First', email }),
      () => put(id, { email }),
    );
    expectError(res, emailConflict(`A customer with email ${email} already exists`));
  });

  it('refuses an empty body, or one with only unknown fields, with 400', async () => {
    const { id } = await john();
    expectValidationError(await put(id, {}), [{ field: '', message: 'Give at least one field to update' }]);
    expectValidationError(await put(id, { colour: 'blue', ticket_count: 9 }), [{ field: '', message: 'Give at least one field to update' }]);
  });

  it('refuses invalid values with field errors and changes nothing', async () => {
    const before = await john();
    const res = await put(before.id, {
      first_name: null,
      email: 'not-an-email',
      status: 'deleted',
      preferences: { language: 'en_US', timezone: 'Mars/Olympus' },
    });
    expectValidationError(res, [
      { field: 'first_name', message: 'First name is required' },
      { field: 'email', message: 'Email format is invalid' },
      { field: 'preferences.language', message: 'Language must be a BCP 47 language tag, e.g. en or pt-BR' },
      { field: 'preferences.timezone', message: 'Timezone must be an IANA time zone, e.g. America/New_York or UTC' },
      { field: 'status', message: 'Status must be one of: active, inactive, blocked' },
    ]);
    expectValidationError(await put(before.id, { email: null }), [{ field: 'email', message: 'Email address is required' }]);
    expect((await get(before.id)).body.data).toEqual(before);
  });

  it('answers 404 NOT_FOUND for a customer that does not exist', async () => {
    expectError(await put(999_999, { title: 'CTO' }), { status: 404, code: 'NOT_FOUND', message: 'Customer not found' });
    expectError(await put('0', { title: 'CTO' }), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });

  it('refuses a read key with 403 and changes nothing', async () => {
    const before = await john();
    expectError(await put(before.id, { title: 'CTO' }, readKey), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });
    expect((await get(before.id)).body.data).toEqual(before);
  });
});

describe('customer.updated events', () => {
  afterEach(async () => {
    await getDb().delete(customFieldDefinitions);
  });

  it('records customer.updated with the changed fields and the customer after the change', async () => {
    const before = await john();
    const res = await put(before.id, { organization: 'Globex', preferences: { language: 'fr' }, custom_fields: { manager: 'Jane Doe' } });
    const list = await customerEvents(before.id);
    expect(list.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    expect(list[1]!.payload).toEqual({
      customer: res.body.data,
      changes: ['organization', 'preferences'],
      before: { organization: before.organization, preferences: before.preferences },
      after: { organization: 'Globex', preferences: res.body.data.preferences },
    });
    expect(list[1]!.actor).toEqual({ type: 'api_key', id: expect.any(Number) });
  });

  it('writes no event and keeps updated_at when an update changes nothing', async () => {
    const before = await john();
    await getDb()
      .update(customers)
      .set({ updatedAt: new Date('2025-01-01T00:00:00Z') })
      .where(eq(customers.id, before.id));
    const res = await put(before.id, {
      first_name: 'John',
      email: before.email,
      address: { city: 'New York' },
      preferences: { language: 'en' },
      custom_fields: { manager: 'Jane Doe' },
      status: 'active',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...before, updated_at: '2025-01-01T00:00:00Z' });
    expect(await eventTypes(before.id)).toEqual(['customer.created']);
  });

  it('changes nothing when a customer read with GET is sent back with PUT', async () => {
    const { id } = await createCustomer({ first_name: 'Ada', email: uniqueEmail('ada') });
    await getDb()
      .update(customers)
      .set({ updatedAt: new Date('2025-01-01T00:00:00Z') })
      .where(eq(customers.id, id));
    const before = (await get(id)).body.data;
    const res = await put(id, before);
    expect(res.body.data).toEqual(before);
    expect(await eventTypes(id)).toEqual(['customer.created']);
  });

  it('clears a bounce when the email changes to another address, in the same customer.updated', async () => {
    const bounced = new Date('2026-03-11T08:00:00Z');
    const markBounced = (id: number) =>
      getDb().update(customers).set({ emailBouncedAt: bounced, emailBounceReason: '5.1.1 User unknown' }).where(eq(customers.id, id));
    const { id, email } = await john();
    await markBounced(id);

    // The same mailbox in other letters, or another field, keeps the bounce.
    expect((await put(id, { email: email.toUpperCase(), title: 'CTO' })).body.data).toMatchObject({
      email_bounced_at: '2026-03-11T08:00:00Z',
      email_bounce_reason: '5.1.1 User unknown',
    });
    const fresh = uniqueEmail('fixed');
    const res = await put(id, { email: fresh });
    expect(res.body.data).toMatchObject({ email: fresh, email_bounced_at: null, email_bounce_reason: null });
    expect((await get(id)).body.data).toMatchObject({ email_bounced_at: null, email_bounce_reason: null });
    const updated = (await customerEvents(id)).at(-1)!;
    expect(updated.payload).toEqual({
      customer: res.body.data,
      changes: ['email', 'email_bounced_at', 'email_bounce_reason'],
      before: { email: email.toUpperCase(), email_bounced_at: '2026-03-11T08:00:00Z', email_bounce_reason: '5.1.1 User unknown' },
      after: { email: fresh, email_bounced_at: null, email_bounce_reason: null },
    });
  });

  it('writes no event for a refused update', async () => {
    const { id } = await john();
    const other = await createCustomer();
    await createCustomField({ entity: 'customer', key: 'seats', label: 'Seats', type: 'number' });
    const before = await getDb().$count(events);
    expect((await put(id, { status: 'gone' })).status).toBe(400);
    expect((await put(id, { custom_fields: { seats: 'many' } })).status).toBe(400);
    expect((await put(id, { email: other.email })).status).toBe(409);
    expect((await put(id, {})).status).toBe(400);
    expect(await getDb().$count(events)).toBe(before);
  });
});
