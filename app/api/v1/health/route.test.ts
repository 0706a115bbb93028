import { describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';

describe('GET /api/v1/health', () => {
  it('answers ok with the database reachable, without credentials', async () => {
    const res = await call('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { status: 'ok', database: 'ok' } });
    expect(res.headers.get('x-request-id')).toMatch(/.+/);
  });
});
