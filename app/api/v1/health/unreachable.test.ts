import { describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';

// Nothing listens on port 9 here: the health check must answer 503, not hang or 500.
process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:9/loopdesk';

describe('without a database', () => {
  it('answers 503 with the error envelope', async () => {
    const res = await call('GET', '/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unreachable' });
    expect(res.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('answers any other request with 503 in the envelope and Retry-After, not a 500', async () => {
    const res = await call('POST', '/api/v1/tickets', { key: 'ld_live_some_key', body: { subject: 'During the outage' } });
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; retry shortly' });
    expect(res.headers.get('Retry-After')).toBe('5');
  });
});
