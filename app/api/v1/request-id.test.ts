import { describe, expect, it } from 'vitest';
import { send } from '@/lib/test/api';
import { createKey } from '@/lib/test/factories';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('X-Request-Id', () => {
  it('is on every response: success, 401, 403, 404 for an unknown path, 405 and 400', async () => {
    const read = await createKey('read');
    const responses = [
      await send('GET', '/api/v1/tickets', { key: read }),
      await send('GET', '/api/v1/tickets'),
      await send('POST', '/api/v1/tickets', { key: read, body: { subject: 'x' } }),
      await send('GET', '/api/v1/no-such-thing', { key: read }),
      await send('PATCH', '/api/v1/tickets', { key: read }),
      await send('GET', '/api/v1/tickets?per_page=500', { key: read }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 403, 404, 405, 400]);
    for (const res of responses) expect(res.headers.get('x-request-id')).toMatch(uuid);
  });

  it("echoes a caller's own request id, and replaces one that could inject into logs", async () => {
    const read = await createKey('read');
    const echoed = await send('GET', '/api/v1/tickets', { key: read, headers: { 'X-Request-Id': 'crm-sync.42_a' } });
    expect(echoed.headers.get('x-request-id')).toBe('crm-sync.42_a');
    const replaced = await send('GET', '/api/v1/tickets', { key: read, headers: { 'X-Request-Id': 'a"b{}' } });
    expect(replaced.headers.get('x-request-id')).toMatch(uuid);
  });
});
