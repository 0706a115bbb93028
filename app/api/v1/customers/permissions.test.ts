import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { customers, events, tickets } from '@/db/schema';
import { call, type ApiResult } from '@/lib/test/api';
import { customerFixture, uniqueEmail } from '@/lib/test/customers';
import { expectError, ticketFixture } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';

type Permission = 'read' | 'write' | 'admin';

/** One customer endpoint and method, called on a customer (with a ticket) made fresh for each call. */
type Operation = {
  name: string;
  needs: Permission;
  success: number;
  request: (key: string | undefined, customerId: number) => Promise<ApiResult<unknown>>;
};

const one = (id: number) => `/api/v1/customers/${id}`;

const operations: Operation[] = [
  { name: 'GET /customers', needs: 'read', success: 200, request: (key) => call('GET', '/api/v1/customers', { key }) },
  { name: 'GET /customers/{id}', needs: 'read', success: 200, request: (key, id) => call('GET', one(id), { key }) },
  {
    name: 'GET /customers/{id}/tickets',
    needs: 'read',
    success: 200,
    request: (key, id) => call('GET', `${one(id)}/tickets`, { key }),
  },
  {
    name: 'POST /customers',
    needs: 'write',
    success: 201,
    request: (key) => call('POST', '/api/v1/customers', { key, body: { first_name: 'Pat', email: uniqueEmail('pat') } }),
  },
  { name: 'PUT /customers/{id}', needs: 'write', success: 200, request: (key, id) => call('PUT', one(id), { key, body: { title: 'CTO' } }) },
  { name: 'DELETE /customers/{id}', needs: 'write', success: 204, request: (key, id) => call('DELETE', `${one(id)}?force=true`, { key }) },
];

const keys = {} as Record<Permission, string>;

beforeAll(async () => {
  for (const permission of ['read', 'write', 'admin'] as const) keys[permission] = await createKey(permission);
});

async function customerWithTicket() {
  const customer = await customerFixture();
  await ticketFixture({ subject: 'Permission check', customer_id: customer.id });
  return customer;
}

/** What a refused request must leave untouched. */
const snapshot = async () => ({
  customers: await getDb().select().from(customers),
  tickets: await getDb().$count(tickets),
  events: await getDb().$count(events),
});

describe('customer endpoints by key permission', () => {
  const permissions = ['read', 'write', 'admin'] as const;
  const allowed = operations.flatMap((op) =>
    permissions.filter((p) => op.needs === 'read' || p !== 'read').map((permission) => ({ ...op, permission })),
  );
  const refused = operations.filter((op) => op.needs === 'write');

  it.each(allowed)('$name succeeds with a $permission key', async ({ request, success, permission }) => {
    const { id } = await customerWithTicket();
    const res = await request(keys[permission], id);
    expect(res.status).toBe(success);
    if (success === 204) expect(res.body).toBeNull();
    else expect(res.body.success).toBe(true);
  });

  it.each(refused)('$name answers 403 FORBIDDEN with a read key and changes nothing', async ({ request }) => {
    const { id } = await customerWithTicket();
    const before = await snapshot();
    expectError(await request(keys.read, id), { status: 403, code: 'FORBIDDEN', message: 'This action requires write permission' });
    expect(await snapshot()).toEqual(before);
  });

  it.each(operations)('$name without credentials answers 401 with WWW-Authenticate and changes nothing', async ({ request }) => {
    const { id } = await customerWithTicket();
    const before = await snapshot();
    const res = await request(undefined, id);
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await snapshot()).toEqual(before);
  });
});

describe('methods the customer paths do not have', () => {
  it.each([
    ['PATCH', '/api/v1/customers', 'GET, POST'],
    ['DELETE', '/api/v1/customers', 'GET, POST'],
    ['PUT', '/api/v1/customers', 'GET, POST'],
    ['POST', '/api/v1/customers/1', 'GET, PUT, DELETE'],
    ['PATCH', '/api/v1/customers/1', 'GET, PUT, DELETE'],
    ['POST', '/api/v1/customers/1/tickets', 'GET'],
    ['DELETE', '/api/v1/customers/1/tickets', 'GET'],
  ])('%s %s answers 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
    const res = await call(method, path, { key: keys.admin, body: {} });
    expectError(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `Method ${method} is not allowed here; allowed: ${allow}` });
    expect(res.headers.get('allow')).toBe(allow);
  });

  it('answers 404 NOT_FOUND for a path below a customer that does not exist', async () => {
    expectError(await call('GET', '/api/v1/customers/1/orders', { key: keys.read }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'No endpoint at /api/v1/customers/1/orders',
    });
  });
});
