import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import type { toApiKeyJson } from '@/lib/api-keys/serialize';
import { call, type ApiResult } from '@/lib/test/api';

type ApiKeyJson = ReturnType<typeof toApiKeyJson>;
type CreatedKeyJson = ApiKeyJson & { key: string };

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const createViaApi = (body: unknown, key = adminKey) => call<CreatedKeyJson>('POST', '/api/v1/api-keys', { key, body });
const listKeys = () => call<ApiKeyJson[]>('GET', '/api/v1/api-keys', { key: adminKey });
const getKey = (id: number) => call<ApiKeyJson>('GET', `/api/v1/api-keys/${id}`, { key: adminKey });
const updateKey = (id: number, body: unknown) => call<ApiKeyJson>('PUT', `/api/v1/api-keys/${id}`, { key: adminKey, body });
const listTickets = (key: string) => call('GET', '/api/v1/tickets', { key });

async function newKey(body: Record<string, unknown> = {}): Promise<CreatedKeyJson> {
  const res = await createViaApi({ name: 'Zapier integration', permission: 'write', ...body });
  expect(res.status).toBe(201);
  return res.body.data;
}

/** No response may carry a hash, in any field or under any name. */
function expectNoHash(res: ApiResult<unknown>, ...plainKeys: string[]) {
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/hash/i);
  expect(text).not.toMatch(/\b[0-9a-f]{64}\b/);
  for (const plain of plainKeys) expect(text).not.toContain(sha256(plain));
}

describe('POST /api/v1/api-keys', () => {
  it('creates a key and shows the plain key once, in data.key, with its prefix and settings', async () => {
    const res = await createViaApi({ name: 'Zapier integration', permission: 'write' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        name: 'Zapier integration',
        key: expect.stringMatching(/^ld_live_[A-Za-z0-9_-]{32}$/),
        prefix: expect.any(String),
        permission: 'write',
        expires_at: null,
        ip_whitelist: [],
        rate_limit: null,
        last_used_at: null,
        created_by: null,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const { key, prefix } = res.body.data;
    expect(prefix).toMatch(/^ld_live_/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(key.length - 16);
    expectNoHash(res, key);
  });

  it('makes keys that work at once, with the permission they were given', async () => {
    const read = await newKey({ permission: 'read' });
    expect((await listTickets(read.key)).status).toBe(200);
    expectError(await call('POST', '/api/v1/tickets', { key: read.key, body: { subject: 'From a read key' } }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });

    const write = await newKey({ permission: 'write' });
    expect((await call('POST', '/api/v1/tickets', { key: write.key, body: { subject: 'From a write key' } })).status).toBe(201);
  });

  it('creates a different secret every time', async () => {
    const a = await newKey();
    const b = await newKey();
    expect(a.key).not.toBe(b.key);
    expect(a.id).not.toBe(b.id);
  });

  it('keeps expiry, IP allowlist (normalized) and rate limit', async () => {
    const res = await createViaApi({
      name: 'Monitoring',
      permission: 'read',
      expires_at: '2099-01-31T12:00:00+02:00',
      ip_whitelist: [' 203.0.113.7 ', '10.0.0.0/8', '2001:db8::/32'],
      rate_limit: 5000,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      expires_at: '2099-01-31T10:00:00Z',
      ip_whitelist: ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'],
      rate_limit: 5000,
    });
  });

  it('records the agent behind the creating key as created_by', async () => {
    const agent = await createAgent({ role: 'admin' });
    const agentsAdminKey = await createKey('admin', {}, agent.id);
    const res = await createViaApi({ name: 'Made by an agent', permission: 'read' }, agentsAdminKey);
    expect(res.status).toBe(201);
    expect(res.body.data.created_by).toBe(agent.id);
  });

  it('stores only the SHA-256 hash of the key, never the key itself', async () => {
    const created = await newKey();
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, created.id));

    expect(row!.keyHash).toBe(sha256(created.key));
    expect(row!.prefix).toBe(created.prefix);
    for (const value of Object.values(row!)) {
      expect(JSON.stringify(value) ?? '').not.toContain(created.key);
    }
  });

  it.each([
    ['a missing name', { permission: 'write' }, { field: 'name', message: 'Name is required' }],
    ['an empty name', { name: '', permission: 'write' }, { field: 'name', message: 'Name must not be empty' }],
    ['a name over 100 characters', { name: 'x'.repeat(101), permission: 'write' }, { field: 'name', message: 'Name must be at most 100 characters' }],
    ['a missing permission', { name: 'CI' }, { field: 'permission', message: 'Permission is required' }],
    ['an unknown permission', { name: 'CI', permission: 'superuser' }, { field: 'permission', message: 'Permission must be one of: read, write, admin' }],
    [
      'an expiry that is not ISO 8601',
      { name: 'CI', permission: 'read', expires_at: 'next week' },
      { field: 'expires_at', message: 'Must be an ISO 8601 date or date-time, e.g. 2025-08-24T18:00:00Z' },
    ],
    ['a rate limit of 0', { name: 'CI', permission: 'read', rate_limit: 0 }, { field: 'rate_limit', message: 'Rate limit must be at least 1' }],
    ['a fractional rate limit', { name: 'CI', permission: 'read', rate_limit: 1.5 }, { field: 'rate_limit', message: 'Rate limit must be an integer' }],
    [
      'an ip_whitelist that is not a list',
      { name: 'CI', permission: 'read', ip_whitelist: '10.0.0.1' },
      { field: 'ip_whitelist', message: 'IP whitelist must be an array' },
    ],
  ])('refuses %s with 400 and the field error', async (_what, body, detail) => {
    const before = await getDb().$count(apiKeys);
    expectValidationError(await createViaApi(body), [detail]);
    expect(await getDb().$count(apiKeys)).toBe(before);
  });

  it.each(['300.1.1.1', '10.0.0.0/33', 'abc', '2001:db8::/129', '10.0.0.1/8/8', '10.0.0.0/'])(
    'refuses the ip_whitelist entry %j, naming its index',
    async (entry) => {
      const res = await createViaApi({ name: 'CI', permission: 'read', ip_whitelist: [entry] });
      expectValidationError(res, [{ field: 'ip_whitelist[0]', message: `'${entry}' is not a valid IP address or CIDR range` }]);
    },
  );

  it('names the index of each bad entry in a longer ip_whitelist', async () => {
    const res = await createViaApi({ name: 'CI', permission: 'read', ip_whitelist: ['10.0.0.1', 'abc', '192.0.2.0/24', '300.1.1.1'] });
    expectValidationError(res, [
      { field: 'ip_whitelist[1]', message: "'abc' is not a valid IP address or CIDR range" },
      { field: 'ip_whitelist[3]', message: "'300.1.1.1' is not a valid IP address or CIDR range" },
    ]);
  });
});

describe('GET /api/v1/api-keys', () => {
  it('lists live keys, newest first, without any secret or hash', async () => {
    const a = await newKey({ name: 'First' });
    const b = await newKey({ name: 'Second' });
    const res = await listKeys();

    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const ids = res.body.data.map((k) => k.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const { key: _secret, ...listed } = b;
    expect(res.body.data.find((k) => k.id === b.id)).toEqual(listed);
    for (const item of res.body.data) expect(Object.keys(item)).not.toContain('key');
    expectNoHash(res, a.key, b.key, adminKey);
  });
});

describe('GET /api/v1/api-keys/{id}', () => {
  it('returns one key without its secret or hash', async () => {
    const created = await newKey({ name: 'Reporting', permission: 'read' });
    const res = await getKey(created.id);
    const { key: _secret, ...expected } = created;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: expected });
    expectNoHash(res, created.key);
  });

  it('answers 404 for an unknown key id', async () => {
    expectError(await getKey(999_999), { status: 404, code: 'NOT_FOUND', message: 'API key not found' });
  });
});

describe('PUT /api/v1/api-keys/{id}', () => {
  it('changes the given fields only and answers with the key, without secret or hash', async () => {
    const created = await newKey({ name: 'Old name', permission: 'read', rate_limit: 100 });
    const res = await updateKey(created.id, { name: 'New name', ip_whitelist: ['192.0.2.0/24'] });

    expect(res.status).toBe(200);
    const { key: _secret, ...unchanged } = created;
    expect(res.body).toEqual({
      success: true,
      data: { ...unchanged, name: 'New name', ip_whitelist: ['192.0.2.0/24'], updated_at: expect.stringMatching(isoSeconds) },
    });
    expectNoHash(res, created.key);
    expect((await getKey(created.id)).body.data).toEqual(res.body.data);
  });

  it('applies a new permission from the next request', async () => {
    const created = await newKey({ permission: 'admin' });
    expect((await call('GET', '/api/v1/api-keys', { key: created.key })).status).toBe(200);

    await updateKey(created.id, { permission: 'read' });
    expectError(await call('GET', '/api/v1/api-keys', { key: created.key }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires admin permission',
    });
    expect((await listTickets(created.key)).status).toBe(200);
  });

  it('clears the expiry with expires_at null', async () => {
    const created = await newKey({ expires_at: '2099-01-01T00:00:00Z' });
    const res = await updateKey(created.id, { expires_at: null });
    expect(res.body.data.expires_at).toBeNull();
  });

  it('validates like create, naming the field', async () => {
    const created = await newKey();
    expectValidationError(await updateKey(created.id, { permission: 'owner' }), [
      { field: 'permission', message: 'Permission must be one of: read, write, admin' },
    ]);
    expectValidationError(await updateKey(created.id, { ip_whitelist: ['10.0.0.0/33'] }), [
      { field: 'ip_whitelist[0]', message: "'10.0.0.0/33' is not a valid IP address or CIDR range" },
    ]);
    expect((await getKey(created.id)).body.data.permission).toBe('write');
  });

  it('answers 404 for an unknown key id', async () => {
    expectError(await updateKey(999_999, { name: 'x' }), { status: 404, code: 'NOT_FOUND', message: 'API key not found' });
  });
});

describe('DELETE /api/v1/api-keys/{id}', () => {
  it('revokes the key at once: 204, then 401 for the key and 404 in the API', async () => {
    const created = await newKey();
    expect((await listTickets(created.key)).status).toBe(200);

    const res = await call('DELETE', `/api/v1/api-keys/${created.id}`, { key: adminKey });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectError(await listTickets(created.key), { status: 401, code: 'UNAUTHORIZED', message: 'API key has been revoked' });
    expectError(await getKey(created.id), { status: 404, code: 'NOT_FOUND', message: 'API key not found' });
    expect((await listKeys()).body.data.map((k) => k.id)).not.toContain(created.id);
    expectError(await updateKey(created.id, { name: 'Back from the dead' }), { status: 404, code: 'NOT_FOUND', message: 'API key not found' });
    expectError(await call('DELETE', `/api/v1/api-keys/${created.id}`, { key: adminKey }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'API key not found',
    });
    expectError(await listTickets(created.key), { status: 401, code: 'UNAUTHORIZED', message: 'API key has been revoked' });
  });

  it('lets a key revoke itself, refusing it from the next request', async () => {
    const created = await newKey({ permission: 'admin' });
    expect((await call('DELETE', `/api/v1/api-keys/${created.id}`, { key: created.key })).status).toBe(204);
    expectError(await listTickets(created.key), { status: 401, code: 'UNAUTHORIZED', message: 'API key has been revoked' });
  });
});

describe('expired and unknown keys', () => {
  it('refuses a key created with an expiry in the past', async () => {
    const expired = await createKey('admin', { expires_at: new Date('2020-01-01T00:00:00Z') });
    expectError(await listTickets(expired), { status: 401, code: 'UNAUTHORIZED', message: 'API key has expired' });
  });

  it('refuses a key from the moment PUT moves its expiry into the past, and accepts it again when cleared', async () => {
    const created = await newKey();
    expect((await updateKey(created.id, { expires_at: '2020-01-01T00:00:00Z' })).status).toBe(200);
    expectError(await listTickets(created.key), { status: 401, code: 'UNAUTHORIZED', message: 'API key has expired' });

    await updateKey(created.id, { expires_at: null });
    expect((await listTickets(created.key)).status).toBe(200);
  });

  it('accepts a key whose expiry is still ahead', async () => {
    const created = await newKey({ expires_at: new Date(Date.now() + 60_000).toISOString() });
    expect((await listTickets(created.key)).status).toBe(200);
  });

  it('refuses a key that was never issued, and answers with WWW-Authenticate', async () => {
    const res = await listTickets(`ld_live_${'A'.repeat(32)}`);
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Invalid API key' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('permissions on /api/v1/api-keys', () => {
  const endpoints = [
    { method: 'GET', path: () => '/api/v1/api-keys' },
    { method: 'POST', path: () => '/api/v1/api-keys', body: { name: 'Escalation', permission: 'admin' } },
    { method: 'GET', path: (id: number) => `/api/v1/api-keys/${id}` },
    { method: 'PUT', path: (id: number) => `/api/v1/api-keys/${id}`, body: { permission: 'admin' } },
    { method: 'DELETE', path: (id: number) => `/api/v1/api-keys/${id}` },
  ];

  it.each(['read', 'write'] as const)('answers 403 to a %s key on every endpoint and changes nothing', async (permission) => {
    const key = await createKey(permission);
    const target = await newKey({ name: 'Target', permission: 'read' });
    const before = await getDb().$count(apiKeys);

    for (const { method, path, body } of endpoints) {
      const res = await call(method, path(target.id), { key, body });
      expectError(res, { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    }
    expect(await getDb().$count(apiKeys)).toBe(before);
    const { key: _secret, ...unchanged } = target;
    expect((await getKey(target.id)).body.data).toEqual(unchanged);
  });

  it('answers 401 on every endpoint without a key', async () => {
    const target = await newKey();
    for (const { method, path, body } of endpoints) {
      expectError(await call(method, path(target.id), { body }), {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Authentication required: send Authorization: Bearer <API key>',
      });
    }
  });
});
