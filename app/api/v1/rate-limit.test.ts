import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { createKey } from '@/lib/test/factories';

// Configuration is read once per test file, at the first request: set it before any.
process.env.LOOPDESK_DEFAULT_RATE_LIMIT = '25';
process.env.LOOPDESK_IP_RATE_LIMIT = '6';
// A short window, so that the reset can be seen; production uses an hour.
process.env.LOOPDESK_RATE_LIMIT_WINDOW_SECONDS = '3';

let defaultKey: string;
beforeAll(async () => {
  defaultKey = await createKey('read');
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const header = (res: { headers: Headers }, name: string) => res.headers.get(name);
const get = (key: string | undefined, ip = '203.0.113.10') => call('GET', '/api/v1/tickets?per_page=1', { key, ip });

describe('rate limits per API key', () => {
  it('sends X-RateLimit-Limit, -Remaining and -Reset on every response, remaining counting down', async () => {
    const key = await createKey('read', { rate_limit: 5 });
    const first = await get(key);
    const second = await get(key);
    expect(first.status).toBe(200);
    expect(header(first, 'X-RateLimit-Limit')).toBe('5');
    expect(header(first, 'X-RateLimit-Remaining')).toBe('4');
    expect(header(second, 'X-RateLimit-Remaining')).toBe('3');
    const reset = Number(header(first, 'X-RateLimit-Reset'));
    expect(reset).toBeGreaterThanOrEqual(nowSeconds());
    expect(reset).toBeLessThanOrEqual(nowSeconds() + 4); // the window (3 s), rounded up to a whole second
    expect(header(first, 'Retry-After')).toBeNull();
  });

  it('answers the (limit+1)-th request in the window with 429, Retry-After and retry_after', async () => {
    const key = await createKey('read', { rate_limit: 3 });
    // A small limit still serves its first requests, back to back.
    for (let i = 0; i < 3; i++) expect((await get(key)).status).toBe(200);
    const refused = await get(key);
    expect(refused.status).toBe(429);
    const retryAfter = Number(header(refused, 'Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect(refused.body).toEqual({
      success: false,
      error: {
        code: 'RATE_LIMIT_EXCEEDED',
        message: `Rate limit of 3 requests exceeded; try again in ${retryAfter} seconds`,
        retry_after: retryAfter,
      },
      timestamp: expect.any(String),
    });
    expect(header(refused, 'X-RateLimit-Limit')).toBe('3');
    expect(header(refused, 'X-RateLimit-Remaining')).toBe('0');
  });

  it('serves a burst up to the limit at once, then holds the key to it until the window resets', async () => {
    const key = await createKey('read', { rate_limit: 10 });
    const burst = await Promise.all(Array.from({ length: 14 }, () => get(key)));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(10);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(4);

    const reset = Number(header(burst[0]!, 'X-RateLimit-Reset'));
    await new Promise((r) => setTimeout(r, Math.max(0, reset * 1000 - Date.now()) + 100));
    const after = await get(key);
    expect(after.status).toBe(200);
    expect(header(after, 'X-RateLimit-Remaining')).toBe('9');
  });

  it('gives each key its own budget, and LOOPDESK_DEFAULT_RATE_LIMIT to keys without one', async () => {
    const small = await createKey('read', { rate_limit: 2 });
    const large = await createKey('read', { rate_limit: 500 });
    await get(small);
    await get(small);
    expect((await get(small)).status).toBe(429);
    const other = await get(large);
    expect(other.status).toBe(200);
    expect(header(other, 'X-RateLimit-Limit')).toBe('500');
    expect(header(await get(defaultKey), 'X-RateLimit-Limit')).toBe('25');
  });

  it('counts requests refused for permission or validation too', async () => {
    const key = await createKey('read', { rate_limit: 4 });
    expect((await call('POST', '/api/v1/tickets', { key, ip: '203.0.113.10', body: {} })).status).toBe(403);
    const invalid = await call('GET', '/api/v1/tickets?per_page=0', { key, ip: '203.0.113.10' });
    expect(invalid.status).toBe(400);
    expect(header(invalid, 'X-RateLimit-Remaining')).toBe('2');
  });

  it('applies a changed rate_limit to what the key has already spent in the window', async () => {
    const admin = await createKey('admin', { rate_limit: 1000 });
    const key = await createKey('read', { rate_limit: 10 });
    const list = await call<{ id: number; name: string }[]>('GET', '/api/v1/api-keys?per_page=100', { key: admin });
    const id = list.body.data.find((k) => k.name === 'read key' && k.id === Math.max(...list.body.data.map((x) => x.id)))!.id;
    for (let i = 0; i < 3; i++) await get(key);
    expect((await call('PUT', `/api/v1/api-keys/${id}`, { key: admin, body: { rate_limit: 3 } })).status).toBe(200);
    expect((await get(key)).status).toBe(429);
  });

  it('refuses a key revoked since its last request at once, charging the address as for wrong credentials', async () => {
    const admin = await createKey('admin', { rate_limit: 1000 });
    const key = await createKey('read', { rate_limit: 10 });
    const ip = '203.0.113.60';
    expect((await get(key, ip)).status).toBe(200);
    const list = await call<{ id: number }[]>('GET', '/api/v1/api-keys?per_page=100', { key: admin });
    const id = Math.max(...list.body.data.map((k) => k.id));
    expect((await call('DELETE', `/api/v1/api-keys/${id}`, { key: admin })).status).toBe(204);
    const refused = await get(key, ip);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('API key has been revoked');
    expect(header(refused, 'X-RateLimit-Limit')).toBe('6');
    expect(header(refused, 'X-RateLimit-Remaining')).toBe('4');
  });
});

describe('rate limits per client address without valid credentials', () => {
  it('limits public endpoints per address', async () => {
    const ip = '198.51.100.1';
    const responses = [];
    for (let i = 0; i < 7; i++) responses.push(await call('GET', '/api/v1/health', { ip }));
    expect(responses.slice(0, 6).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(header(responses[0]!, 'X-RateLimit-Limit')).toBe('6');
    expect(responses[6]!.status).toBe(429);
    expect(responses[6]!.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    // Another address has its own budget.
    expect((await call('GET', '/api/v1/health', { ip: '198.51.100.2' })).status).toBe(200);
  });

  it('counts unknown paths and methods against the address, with the headers', async () => {
    const ip = '198.51.100.20';
    const unknown = await call('GET', '/api/v1/no-such-thing', { ip });
    expect(unknown.status).toBe(404);
    expect(header(unknown, 'X-RateLimit-Limit')).toBe('6');
    expect(header(unknown, 'X-RateLimit-Remaining')).toBe('5');
    const wrongMethod = await call('PATCH', '/api/v1/tickets', { key: defaultKey, ip });
    expect(wrongMethod.status).toBe(405);
    expect(header(wrongMethod, 'X-RateLimit-Remaining')).toBe('4');
  });

  it('counts a failed authentication double, then locks the address out, valid keys included', async () => {
    const ip = '198.51.100.7';
    const first = await get('ld_live_wrong', ip);
    expect(first.status).toBe(401);
    expect(header(first, 'X-RateLimit-Remaining')).toBe('4');
    expect((await get(undefined, ip)).status).toBe(401);
    expect((await get('ld_live_wrong', ip)).status).toBe(401);
    const fourth = await get('ld_live_wrong', ip);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.retry_after).toBeGreaterThanOrEqual(1);
    // While locked, credentials are not even checked: guessing gets no answer.
    expect((await get(defaultKey, ip)).status).toBe(429);
    // The key itself is fine from elsewhere.
    expect((await get(defaultKey, '198.51.100.8')).status).toBe(200);
  });
});

describe('a burst on one key', () => {
  it('allows exactly the limit of 40 simultaneous requests, each with its own remaining count', async () => {
    const key = await createKey('read', { rate_limit: 15 });
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(key)));
    const allowed = answers.filter((a) => a.status === 200);
    expect(allowed).toHaveLength(15);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(25);
    expect(allowed.map((a) => Number(header(a, 'X-RateLimit-Remaining'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect((await get(key)).status).toBe(429);
  });
});
