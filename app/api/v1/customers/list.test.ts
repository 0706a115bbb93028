import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { CustomerJson } from '@/lib/customers/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createCustomer, setCustomerTimes, createTicket, createKey } from '@/lib/test/factories';

let readKey: string;
// Every customer of this file. Names, emails and times are chosen so that every sort gives its own order,
// and case-sensitive sorting would give yet another one.
let alice: CustomerJson, bob: CustomerJson, carol: CustomerJson, dave: CustomerJson, erin: CustomerJson, frank: CustomerJson;

beforeAll(async () => {
  readKey = await createKey('read');
  alice = await createCustomer({ first_name: 'Alice', last_name: 'Zephyr', email: 'alice@zephyr.example', organization: 'Acme Corporation' });
  bob = await createCustomer({ first_name: 'bob', last_name: 'Young', email: 'Bob.Young@Example.com', organization: 'acme corporation', status: 'inactive' });
  carol = await createCustomer({ first_name: 'Carol', last_name: 'xavier', email: 'carol@initech.example', organization: 'Initech', status: 'blocked' });
  dave = await createCustomer({ first_name: 'Dave', last_name: 'Walker', email: 'dave@globex.example', organization: '50% Off_Deals' });
  erin = await createCustomer({ first_name: 'Erin', last_name: 'Vance', email: 'erin@acme-europe.example', organization: 'Acme Corporation Europe' });
  frank = await createCustomer({ first_name: 'Frank', last_name: 'Underwood', email: 'frank@solo.example' });
  const times: [CustomerJson, string, string][] = [
    [alice, '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z'],
    [bob, '2025-02-01T00:00:00Z', '2025-05-01T00:00:00Z'],
    [carol, '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'],
    [dave, '2025-04-01T00:00:00Z', '2025-03-01T00:00:00Z'],
    [erin, '2025-05-01T00:00:00Z', '2025-02-01T00:00:00Z'],
    [frank, '2025-06-01T00:00:00Z', '2025-01-01T00:00:00Z'],
  ];
  for (const [customer, createdAt, updatedAt] of times) await setCustomerTimes(customer.id, createdAt, updatedAt);
  await createTicket({ subject: 'First', customer_id: alice.id });
  await createTicket({ subject: 'Second', customer_id: alice.id });
  await createTicket({ subject: 'Third', customer_id: bob.id });
});

const list = (query = '') => call<CustomerJson[]>('GET', `/api/v1/customers?${query}`, { key: readKey });
const names = async (query: string) => {
  const res = await list(query);
  expect(res.status).toBe(200);
  return res.body.data.map((c) => c.first_name);
};

describe('GET /api/v1/customers', () => {
  it('lists full customers, newest first, with their ticket counts and the pagination object', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: expect.any(Array),
      pagination: { current_page: 1, per_page: 25, total: 6, total_pages: 1, has_next: false, has_prev: false },
    });
    expect(res.body.data.map((c) => c.first_name)).toEqual(['Frank', 'Erin', 'Dave', 'Carol', 'bob', 'Alice']);
    for (const item of res.body.data) {
      const one = await call<CustomerJson>('GET', `/api/v1/customers/${item.id}`, { key: readKey });
      expect(item).toEqual(one.body.data);
    }
    expect(res.body.data.map((c) => c.ticket_count)).toEqual([0, 0, 0, 0, 1, 2]);
    expect(res.body.data.at(-1)).toMatchObject({ created_at: '2025-01-01T00:00:00Z', updated_at: '2025-06-01T00:00:00Z' });
  });

  describe('sorting', () => {
    it.each([
      ['sort=created_at&order=asc', ['Alice', 'bob', 'Carol', 'Dave', 'Erin', 'Frank']],
      ['sort=created_at', ['Frank', 'Erin', 'Dave', 'Carol', 'bob', 'Alice']],
      ['sort=updated_at', ['Alice', 'bob', 'Carol', 'Dave', 'Erin', 'Frank']],
      ['sort=updated_at&order=asc', ['Frank', 'Erin', 'Dave', 'Carol', 'bob', 'Alice']],
      ['sort=last_name&order=asc', ['Frank', 'Erin', 'Dave', 'Carol', 'bob', 'Alice']],
      ['sort=last_name&order=desc', ['Alice', 'bob', 'Carol', 'Dave', 'Erin', 'Frank']],
      ['sort=email&order=asc', ['Alice', 'bob', 'Carol', 'Dave', 'Erin', 'Frank']],
      ['sort=email&order=desc', ['Frank', 'Erin', 'Dave', 'Carol', 'bob', 'Alice']],
    ])('orders by %s, whatever the case of names and emails', async (query, expected) => {
      expect(await names(query)).toEqual(expected);
    });

    it('breaks ties by id in the same direction', async () => {
      const twins = await Promise.all([createCustomer({ last_name: 'Tie' }), createCustomer({ last_name: 'Tie' })]);
      try {
        const ids = twins.map((c) => c.id).sort((a, b) => a - b);
        const asc = await list('sort=last_name&order=asc&search=tie');
        expect(asc.body.data.map((c) => c.id)).toEqual(ids);
        const desc = await list('sort=last_name&order=desc&search=tie');
        expect(desc.body.data.map((c) => c.id)).toEqual([...ids].reverse());
      } finally {
        const writeKey = await createKey('write');
        for (const { id } of twins) expect((await call('DELETE', `/api/v1/customers/${id}`, { key: writeKey })).status).toBe(204);
      }
    });

    it('refuses an unknown sort or order', async () => {
      expectValidationError(await list('sort=name'), [{ field: 'sort', message: 'Sort must be one of: created_at, updated_at, last_name, email' }]);
      expectValidationError(await list('order=up'), [{ field: 'order', message: 'Order must be one of: asc, desc' }]);
    });
  });

  describe('filters', () => {
    it.each([
      ['organization=Acme Corporation', ['bob', 'Alice']],
      ['organization=ACME CORPORATION', ['bob', 'Alice']],
      ['organization=Acme', []],
      ['organization=50%25 Off_Deals', ['Dave']],
      ['organization=50%25 Off%25Deals', []],
      ['organization=50_ Off_Deals', []],
      ['status=active', ['Frank', 'Erin', 'Dave', 'Alice']],
      ['status=inactive,blocked', ['Carol', 'bob']],
      ['status=blocked&status=inactive', ['Carol', 'bob']],
      ['created_after=2025-03-01T00:00:00Z', ['Frank', 'Erin', 'Dave']],
      ['created_after=2025-03-01', ['Frank', 'Erin', 'Dave']],
      ['created_after=2025-02-28T23:59:59Z', ['Frank', 'Erin', 'Dave', 'Carol']],
      ['status=active&organization=acme corporation', ['Alice']],
    ])('filters by %s (organization whole and in any case, created_after strictly after)', async (query, expected) => {
      expect(await names(query)).toEqual(expected);
    });

    it('counts only the filtered customers in the pagination', async () => {
      const res = await list('status=inactive,blocked&per_page=1');
      expect(res.body.pagination).toEqual({ current_page: 1, per_page: 1, total: 2, total_pages: 2, has_next: true, has_prev: false });
    });

    it('refuses an unknown status, a bad date and a blank organization', async () => {
      expectValidationError(await list('status=active,gone'), [{ field: 'status', message: 'Status must be one of: active, inactive, blocked' }]);
      expectValidationError(await list('created_after=yesterday'), [
        { field: 'created_after', message: 'Must be an ISO 8601 date or date-time, e.g. 2025-08-24T18:00:00Z' },
      ]);
      expectValidationError(await list('organization=%20'), [{ field: 'organization', message: 'Organization must not be empty' }]);
    });
  });

  describe('search', () => {
    it.each([
      ['ZEPHYR', ['Alice']],
      ['alice zeph', ['Alice']],
      ['initech', ['Carol']],
      ['example.com', ['bob']],
      ['BOB.young@example', ['bob']],
      ['acme', ['Erin', 'bob', 'Alice']],
      ['corporation europe', ['Erin']],
      ['50% off', ['Dave']],
      ['%', ['Dave']],
      ['_', ['Dave']],
      ['f_d', ['Dave']],
      ['a%e', []],
      ['a_e', []],
      ['\\', []],
      ['nobody', []],
    ])('finds %j in names, emails and organizations, in any case, taking %% and _ literally', async (term, expected) => {
      expect(await names(`search=${encodeURIComponent(term)}`)).toEqual(expected);
    });

    it('combines with the filters and the sort', async () => {
      expect(await names('search=acme&status=active&sort=email&order=asc')).toEqual(['Alice', 'Erin']);
    });

    it('refuses a blank search', async () => {
      expectValidationError(await list('search=%20%20'), [{ field: 'search', message: 'Search must not be empty' }]);
    });
  });

  describe('pagination', () => {
    it('pages through the list', async () => {
      const second = await list('sort=created_at&order=asc&per_page=2&page=2');
      expect(second.body.data.map((c) => c.first_name)).toEqual(['Carol', 'Dave']);
      expect(second.body.pagination).toEqual({ current_page: 2, per_page: 2, total: 6, total_pages: 3, has_next: true, has_prev: true });
      const last = await list('sort=created_at&order=asc&per_page=4&page=2');
      expect(last.body.data.map((c) => c.first_name)).toEqual(['Erin', 'Frank']);
      expect(last.body.pagination).toEqual({ current_page: 2, per_page: 4, total: 6, total_pages: 2, has_next: false, has_prev: true });
    });

    it('answers an empty page past the end, and an empty list with no pages', async () => {
      const past = await list('per_page=5&page=3');
      expect(past.body).toEqual({
        success: true,
        data: [],
        pagination: { current_page: 3, per_page: 5, total: 6, total_pages: 2, has_next: false, has_prev: true },
      });
      const none = await list('search=nobody');
      expect(none.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 0, total_pages: 0, has_next: false, has_prev: false });
    });

    it('takes per_page from 1 to 100', async () => {
      expect((await list('per_page=1')).body.data).toHaveLength(1);
      expect((await list('per_page=100')).body.pagination.per_page).toBe(100);
      expectValidationError(await list('per_page=101'), [{ field: 'per_page', message: 'Per page must be at most 100' }]);
      expectValidationError(await list('per_page=0'), [{ field: 'per_page', message: 'Per page must be at least 1' }]);
      expectValidationError(await list('page=0'), [{ field: 'page', message: 'Page must be at least 1' }]);
      expectValidationError(await list('page=two'), [{ field: 'page', message: 'Must be a whole number' }]);
    });
  });

  it('refuses a request without credentials with 401', async () => {
    expectError(await call('GET', '/api/v1/customers'), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});

describe('maintained customer counts', () => {
  it('give the exact total with no filter and by status after creates, status changes and deletes', async () => {
    const writeKey = await createKey('admin');
    const extra = [];
    for (const status of ['active', 'inactive', 'blocked', 'active'] as const) extra.push(await createCustomer({ status }));
    const put = (id: number, body: unknown) => call('PUT', `/api/v1/customers/${id}`, { key: writeKey, body });
    expect((await put(extra[0]!.id, { status: 'blocked' })).status).toBe(200);
    expect((await put(extra[1]!.id, { first_name: 'Renamed' })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/customers/${extra[3]!.id}`, { key: writeKey })).status).toBe(204);

    for (const [query, where] of [
      ['', sql`true`],
      ['status=active', sql`status = 'active'`],
      ['status=inactive,blocked', sql`status in ('inactive', 'blocked')`],
    ] as const) {
      const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from customers where ${where}`);
      expect({ query, total: (await list(query)).body.pagination!.total }).toEqual({ query, total: row!.n });
    }
  });
});
