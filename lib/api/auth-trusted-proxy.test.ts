import { beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { call } from '@/lib/test/api';

// Configuration is read once per test file, at the first request: set it before any.
process.env.LOOPDESK_TRUST_PROXY = 'true';

const proxy = '192.0.2.8';
const ipRefusal = { status: 403, code: 'FORBIDDEN', message: 'This API key may not be used from this IP address' };

let key: string;

beforeAll(async () => {
  key = await createKey('read', { ip_whitelist: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'] });
});

const throughProxy = (forwardedFor: string) => call('GET', '/api/v1/tickets', { key, ip: proxy, headers: { 'x-forwarded-for': forwardedFor } });

describe('API key IP allowlist behind a trusted proxy (LOOPDESK_TRUST_PROXY=true)', () => {
  it('checks the address the proxy appended to X-Forwarded-For', async () => {
    expect((await throughProxy('10.1.2.3')).status).toBe(200);
    expect((await throughProxy('2001:db8::5')).status).toBe(200);
    expect((await throughProxy('::ffff:10.1.2.3')).status).toBe(200);
  });

  it('uses the last entry, so an address the client wrote in front does not help', async () => {
    expectError(await throughProxy('10.1.2.3, 198.51.100.1'), ipRefusal);
    expect((await throughProxy('198.51.100.1, 10.1.2.3')).status).toBe(200);
    expect((await throughProxy('198.51.100.1,192.0.2.7')).status).toBe(200);
  });

  it('refuses a forwarded address outside the allowlist even when the proxy itself would be allowed', async () => {
    const res = await call('GET', '/api/v1/tickets', { key, ip: '10.9.9.9', headers: { 'x-forwarded-for': '198.51.100.1' } });
    expectError(res, ipRefusal);
  });

  it('falls back to the peer address without a usable X-Forwarded-For', async () => {
    expect((await call('GET', '/api/v1/tickets', { key, ip: '10.1.2.3' })).status).toBe(200);
    expectError(await call('GET', '/api/v1/tickets', { key, ip: proxy }), ipRefusal);
    expectError(await throughProxy('unknown'), ipRefusal);
    expect((await call('GET', '/api/v1/tickets', { key, ip: '10.1.2.3', headers: { 'x-forwarded-for': 'garbage' } })).status).toBe(200);
  });
});
