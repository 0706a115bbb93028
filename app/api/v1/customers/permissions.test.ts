import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { customers, events, tickets } from '@/db/schema';
import type { Permission } from '@/lib/context';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createCustomer, createTicket, uniqueEmail } from '@/lib/test/factories';
import { describePermissionTable, permissionKeys } from '@/lib/test/permission-table';

async function customerWithTicket() {
  const customer = await createCustomer();
  await createTicket({ subject: 'Permission check', customer_id: customer.id });
  return customer;
}

describePermissionTable('customer endpoints by key permission', {
  rows: [
    ['GET', '/api/v1/customers', 'read'],
    ['GET', '/api/v1/customers/{id}', 'read'],
    ['GET', '/api/v1/customers/{id}/tickets', 'read'],
    ['POST', '/api/v1/customers', 'write', () => ({ first_name: 'Pat', email: uniqueEmail('pat') })],
    ['PUT', '/api/v1/customers/{id}', 'write', { title: 'CTO' }],
    ['DELETE', '/api/v1/customers/{id}?force=true', 'write'],
  ],
  make: customerWithTicket,
  snapshot: async () => ({
    customers: await getDb().select().from(customers),
    tickets: await getDb().$count(tickets),
    events: await getDb().$count(events),
  }),
});

let keys: Record<Permission, string>;

beforeAll(async () => {
  keys = await permissionKeys();
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
