import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, events, replies, tickets } from '@/db/schema';
import { call, type ApiResult } from '@/lib/test/api';
import { createKey } from '@/lib/test/factories';
import { expectError, ticketFixture } from '@/lib/test/expectations';

type Permission = 'read' | 'write' | 'admin';

/** One ticket endpoint and method, called on a ticket made fresh for each call. */
type Operation = {
  name: string;
  needs: Permission;
  success: number;
  request: (key: string | undefined, ticketId: number) => Promise<ApiResult<unknown>>;
};

const operations: Operation[] = [
  { name: 'GET /tickets', needs: 'read', success: 200, request: (key) => call('GET', '/api/v1/tickets', { key }) },
  {
    name: 'GET /tickets/search',
    needs: 'read',
    success: 200,
    request: (key) => call('GET', '/api/v1/tickets/search?q=permission', { key }),
  },
  {
    name: 'GET /tickets/{id}',
    needs: 'read',
    success: 200,
    request: (key, id) => call('GET', `/api/v1/tickets/${id}`, { key }),
  },
  {
    name: 'POST /tickets',
    needs: 'write',
    success: 201,
    request: (key) => call('POST', '/api/v1/tickets', { key, body: { subject: 'Permission check' } }),
  },
  {
    name: 'PUT /tickets/{id}',
    needs: 'write',
    success: 200,
    request: (key, id) => call('PUT', `/api/v1/tickets/${id}`, { key, body: { priority: 'high' } }),
  },
  {
    name: 'DELETE /tickets/{id}',
    needs: 'write',
    success: 204,
    request: (key, id) => call('DELETE', `/api/v1/tickets/${id}`, { key }),
  },
  {
    name: 'POST /tickets/bulk',
    needs: 'write',
    success: 201,
    request: (key) => call('POST', '/api/v1/tickets/bulk', { key, body: { tickets: [{ subject: 'Permission check' }] } }),
  },
  {
    name: 'PUT /tickets/bulk',
    needs: 'write',
    success: 200,
    request: (key, id) =>
      call('PUT', '/api/v1/tickets/bulk', { key, body: { tickets: [{ id: id, status: 'pending' }] } }),
  },
  {
    name: 'PUT /tickets/{id}/assign',
    needs: 'write',
    success: 200,
    request: (key, id) => call('PUT', `/api/v1/tickets/${id}/assign`, { key, body: { agent_id: null } }),
  },
  {
    name: 'POST /tickets/{id}/replies',
    needs: 'write',
    success: 201,
    request: (key, id) => call('POST', `/api/v1/tickets/${id}/replies`, { key, body: { content: 'Hello' } }),
  },
  {
    name: 'POST /tickets/{id}/comments',
    needs: 'write',
    success: 201,
    request: (key, id) => call('POST', `/api/v1/tickets/${id}/comments`, { key, body: { content: 'Note' } }),
  },
  {
    name: 'POST /tickets/{id}/attachments',
    needs: 'write',
    success: 201,
    request: (key, id) => {
      const form = new FormData();
      form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
      return call('POST', `/api/v1/tickets/${id}/attachments`, { key, rawBody: form });
    },
  },
];

const keys = {} as Record<Permission, string>;

beforeAll(async () => {
  for (const permission of ['read', 'write', 'admin'] as const) keys[permission] = await createKey(permission);
});

/** What a refused request must leave untouched. */
const writes = async () => ({
  tickets: await getDb().$count(tickets),
  replies: await getDb().$count(replies),
  attachments: await getDb().$count(attachments),
  events: await getDb().$count(events),
});

describe('ticket endpoints by key permission', () => {
  const permissions = ['read', 'write', 'admin'] as const;
  const allowed = operations.flatMap((op) =>
    permissions.filter((p) => op.needs === 'read' || p !== 'read').map((permission) => ({ ...op, permission })),
  );
  const refused = operations.filter((op) => op.needs === 'write');

  it.each(allowed)('$name succeeds with a $permission key', async ({ request, success, permission }) => {
    const { id } = await ticketFixture({ subject: 'Permission check' });
    const res = await request(keys[permission], id);
    expect(res.status).toBe(success);
    if (success === 204) expect(res.body).toBeNull();
    else expect(res.body.success).toBe(true);
  });

  it.each(refused)('$name answers 403 FORBIDDEN with a read key and changes nothing', async ({ request }) => {
    const ticket = await ticketFixture({ subject: 'Permission check' });
    const before = await writes();
    const res = await request(keys.read, ticket.id);
    expectError(res, { status: 403, code: 'FORBIDDEN', message: 'This action requires write permission' });
    expect(await writes()).toEqual(before);
    expect((await call('GET', `/api/v1/tickets/${ticket.id}`, { key: keys.read })).body.data).toEqual(ticket);
  });
});

describe('authentication', () => {
  it.each(operations)('$name without credentials answers 401 with WWW-Authenticate', async ({ request }) => {
    const { id } = await ticketFixture({ subject: 'Permission check' });
    const before = await writes();
    const res = await request(undefined, id);
    expectError(res, {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await writes()).toEqual(before);
  });

  it('refuses an unknown key with 401', async () => {
    const res = await call('GET', '/api/v1/tickets', { key: 'ld_live_not-a-real-key' });
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Invalid API key' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses an Authorization header that is not a bearer token with 401', async () => {
    const res = await call('GET', '/api/v1/tickets', { headers: { authorization: `Basic ${keys.read}` } });
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Authorization header must be: Bearer <API key>' });
  });

  it('refuses an expired key with 401', async () => {
    const expired = await createKey('write', { expires_at: new Date(Date.now() - 60_000) });
    expectError(await call('GET', '/api/v1/tickets', { key: expired }), { status: 401, code: 'UNAUTHORIZED', message: 'API key has expired' });
  });

  it('refuses a key outside its IP allowlist with 403', async () => {
    const fenced = await createKey('read', { ip_whitelist: ['10.0.0.0/8'] });
    expect((await call('GET', '/api/v1/tickets', { key: fenced, ip: '10.1.2.3' })).status).toBe(200);
    expectError(await call('GET', '/api/v1/tickets', { key: fenced, ip: '192.0.2.1' }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This API key may not be used from this IP address',
    });
  });
});

describe('unknown routes and methods', () => {
  it('answers 404 NOT_FOUND in the envelope for an unknown /api/v1 path', async () => {
    const res = await call('GET', '/api/v1/nope', { key: keys.read });
    expectError(res, { status: 404, code: 'NOT_FOUND', message: 'No endpoint at /api/v1/nope' });
    expectError(await call('POST', '/api/v1/tickets/1/nope', { key: keys.write, body: {} }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'No endpoint at /api/v1/tickets/1/nope',
    });
  });

  it('answers 405 METHOD_NOT_ALLOWED in the envelope with an Allow header', async () => {
    const res = await call('PATCH', '/api/v1/tickets', { key: keys.admin, body: { subject: 'Patch' } });
    expectError(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method PATCH is not allowed here; allowed: GET, POST' });
    expect(res.headers.get('allow')).toBe('GET, POST');

    const search = await call('POST', '/api/v1/tickets/search', { key: keys.admin, body: { q: 'x' } });
    expectError(search, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method POST is not allowed here; allowed: GET' });

    const bulk = await call('DELETE', '/api/v1/tickets/bulk', { key: keys.admin });
    expectError(bulk, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method DELETE is not allowed here; allowed: POST, PUT' });
  });
});
