import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, events, replies, tickets } from '@/db/schema';
import type { Permission } from '@/lib/context';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createKey, createTicket } from '@/lib/test/factories';
import { describePermissionTable, permissionKeys } from '@/lib/test/permission-table';

function attachment() {
  const form = new FormData();
  form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
  return form;
}

describePermissionTable('ticket endpoints by key permission', {
  rows: [
    ['GET', '/api/v1/tickets', 'read'],
    ['GET', '/api/v1/tickets/search?q=permission', 'read'],
    ['GET', '/api/v1/tickets/{id}', 'read'],
    ['POST', '/api/v1/tickets', 'write', { subject: 'Permission check' }],
    ['PUT', '/api/v1/tickets/{id}', 'write', { priority: 'high' }],
    ['DELETE', '/api/v1/tickets/{id}', 'write'],
    ['POST', '/api/v1/tickets/bulk', 'write', { tickets: [{ subject: 'Permission check' }] }],
    ['PUT', '/api/v1/tickets/bulk', 'write', (id: number) => ({ tickets: [{ id, status: 'pending' }] })],
    ['PUT', '/api/v1/tickets/{id}/assign', 'write', { agent_id: null }],
    ['POST', '/api/v1/tickets/{id}/replies', 'write', { content: 'Hello' }],
    ['POST', '/api/v1/tickets/{id}/comments', 'write', { content: 'Note' }],
    ['POST', '/api/v1/tickets/{id}/attachments', 'write', attachment],
  ],
  make: () => createTicket({ subject: 'Permission check' }),
  // Whole ticket rows, so a refused request that touched the ticket shows as well as one that added to it.
  snapshot: async () => ({
    tickets: await getDb().select().from(tickets).orderBy(tickets.id),
    replies: await getDb().$count(replies),
    attachments: await getDb().$count(attachments),
    events: await getDb().$count(events),
  }),
});

let keys: Record<Permission, string>;

beforeAll(async () => {
  keys = await permissionKeys();
});

describe('authentication', () => {
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

  it('answers OPTIONS with the methods the path serves, and 404 for a path it does not', async () => {
    const tickets = await call('OPTIONS', '/api/v1/tickets');
    expect(tickets.status).toBe(204);
    expect(tickets.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect((await call('OPTIONS', '/api/v1/tickets/bulk')).headers.get('allow')).toBe('POST, PUT, OPTIONS');
    expect((await call('OPTIONS', '/api/v1/tickets/search')).headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expectError(await call('OPTIONS', '/api/v1/nope'), { status: 404, code: 'NOT_FOUND', message: 'No endpoint at /api/v1/nope' });
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
