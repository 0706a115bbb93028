import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { expectError } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { hashApiKey } from '@/lib/api-keys/service';
import { call, type CallOptions } from '@/lib/test/api';

const listTickets = (options: CallOptions) => call('GET', '/api/v1/tickets', options);
const keyRow = async (plain: string) =>
  (
    await getDb()
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashApiKey(plain)))
  )[0]!;

const ipRefusal = { status: 403, code: 'FORBIDDEN', message: 'This API key may not be used from this IP address' };

describe('API key IP allowlist', () => {
  let key: string;

  beforeAll(async () => {
    key = await createKey('read', { ip_whitelist: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'] });
  });

  it.each([
    ['an address inside an IPv4 range', '10.1.2.3'],
    ['an IPv4-mapped IPv6 address inside an IPv4 range', '::ffff:10.1.2.3'],
    ['an address inside an IPv6 range', '2001:db8::5'],
    ['an address listed on its own', '192.0.2.7'],
  ])('accepts the key from %s (%s)', async (_what, ip) => {
    expect((await listTickets({ key, ip })).status).toBe(200);
  });

  it.each([
    ['a neighbour of a listed address', '192.0.2.8'],
    ['an address just outside an IPv4 range', '11.0.0.1'],
    ['an address outside the IPv6 range', '2001:db9::1'],
    ['loopback', '127.0.0.1'],
    ['IPv6 loopback', '::1'],
  ])('refuses the key with 403 from %s (%s)', async (_what, ip) => {
    expectError(await listTickets({ key, ip }), ipRefusal);
  });

  it('refuses the key when the client address is unknown', async () => {
    expectError(await listTickets({ key, ip: '' }), ipRefusal);
    expectError(await listTickets({ key, ip: 'not-an-address' }), ipRefusal);
  });

  it('ignores X-Forwarded-For when LOOPDESK_TRUST_PROXY is off', async () => {
    expectError(await listTickets({ key, ip: '192.0.2.8', headers: { 'x-forwarded-for': '10.1.2.3' } }), ipRefusal);
    expectError(await listTickets({ key, ip: '192.0.2.8', headers: { 'x-forwarded-for': '192.0.2.7, 10.1.2.3' } }), ipRefusal);
  });

  it('does not let X-Forwarded-For lock out an allowed peer when LOOPDESK_TRUST_PROXY is off', async () => {
    expect((await listTickets({ key, ip: '10.1.2.3', headers: { 'x-forwarded-for': '192.0.2.8' } })).status).toBe(200);
  });

  it('accepts a key without an allowlist from any address', async () => {
    const open = await createKey('read');
    for (const ip of ['192.0.2.8', '2001:db9::1', '']) expect((await listTickets({ key: open, ip })).status).toBe(200);
  });

  it('applies an allowlist set by PUT from the next request', async () => {
    const admin = await createKey('admin');
    const created = await call<{ id: number; key: string }>('POST', '/api/v1/api-keys', {
      key: admin,
      body: { name: 'Moving office', permission: 'read' },
    });
    const { id, key: moving } = created.body.data;
    expect((await listTickets({ key: moving, ip: '198.51.100.20' })).status).toBe(200);

    await call('PUT', `/api/v1/api-keys/${id}`, { key: admin, body: { ip_whitelist: ['203.0.113.0/24'] } });
    expectError(await listTickets({ key: moving, ip: '198.51.100.20' }), ipRefusal);
    expect((await listTickets({ key: moving, ip: '203.0.113.99' })).status).toBe(200);
  });
});

describe('Authorization header', () => {
  const malformed = { status: 401, code: 'UNAUTHORIZED', message: 'Authorization header must be: Bearer <API key>' };

  it.each(['Basic xyz', 'Bearer', 'Bearer ', 'Token ld_live_abc', 'Bearer two words', 'ld_live_abc'])('refuses %j with 401', async (authorization) => {
    const res = await listTickets({ headers: { authorization } });
    expectError(res, malformed);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a request without credentials with 401', async () => {
    const res = await listTickets({});
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('accepts the scheme in any case and surrounding spaces', async () => {
    const key = await createKey('read');
    expect((await listTickets({ headers: { authorization: `bearer ${key}` } })).status).toBe(200);
    expect((await listTickets({ headers: { authorization: `BEARER   ${key}  ` } })).status).toBe(200);
  });

  it('refuses a key with a character changed', async () => {
    const key = await createKey('read');
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expectError(await listTickets({ key: tampered }), { status: 401, code: 'UNAUTHORIZED', message: 'Invalid API key' });
  });
});

describe('last_used_at', () => {
  it('is empty until the key is first used, then set to the time of that use', async () => {
    const key = await createKey('read');
    expect((await keyRow(key)).lastUsedAt).toBeNull();

    const before = Date.now();
    expect((await listTickets({ key })).status).toBe(200);
    const usedAt = (await keyRow(key)).lastUsedAt;
    expect(usedAt).toBeInstanceOf(Date);
    expect(usedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(usedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('is not rewritten by another use within a minute', async () => {
    const key = await createKey('read');
    await listTickets({ key });
    const first = (await keyRow(key)).lastUsedAt;

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(first!.getTime() + 50_000);
      await listTickets({ key });
      await listTickets({ key });
    } finally {
      vi.useRealTimers();
    }
    expect((await keyRow(key)).lastUsedAt).toEqual(first);
  });

  it('is rewritten on use once it is more than a minute old', async () => {
    const key = await createKey('read');
    const stale = new Date(Date.now() - 5 * 60_000);
    await getDb()
      .update(apiKeys)
      .set({ lastUsedAt: stale })
      .where(eq(apiKeys.keyHash, hashApiKey(key)));

    await listTickets({ key });
    const usedAt = (await keyRow(key)).lastUsedAt!;
    expect(usedAt.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it('is shown by GET /api/v1/api-keys/{id}', async () => {
    const admin = await createKey('admin');
    const key = await createKey('read');
    await listTickets({ key });
    const { id, lastUsedAt } = await keyRow(key);
    const res = await call<{ last_used_at: string | null }>('GET', `/api/v1/api-keys/${id}`, { key: admin });
    expect(res.body.data.last_used_at).toBe(lastUsedAt!.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });

  it('is not set by a refused request', async () => {
    const key = await createKey('read', { ip_whitelist: ['10.0.0.0/8'] });
    await listTickets({ key, ip: '192.0.2.8' });
    expect((await keyRow(key)).lastUsedAt).toBeNull();
  });
});
