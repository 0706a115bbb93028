import { beforeAll, describe, expect, it } from 'vitest';
import type { OAuthGrantJson } from '@/lib/oauth/schema';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp } from '@/lib/test/oauth-apps';

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const grantsOf = (id: number, key = adminKey) => call<OAuthGrantJson[]>('GET', `/api/v1/oauth-apps/${id}/grants`, { key });
const ago = (ms: number) => new Date(Date.now() - ms);
const DAY_MS = 86_400_000;

describe('GET /api/v1/oauth-apps/{id}/grants', () => {
  it('lists one row per agent with live tokens: their scopes together, the first issue and the last use, newest first', async () => {
    const app = await createOAuthApp({ scopes: ['tickets:read', 'tickets:write', 'reports:read'] });
    const grace = await createAgent({ first_name: 'Grace', last_name: 'Hopper' });
    const alan = await createAgent({ first_name: 'Alan', last_name: 'Turing' });
    const firstIssued = new Date('2025-03-01T09:00:00Z');
    await grantOAuthApp(app.id, grace.id, { scopes: ['tickets:write'], createdAt: firstIssued, lastUsedAt: new Date('2025-03-02T10:00:00Z') });
    await grantOAuthApp(app.id, grace.id, { scopes: ['tickets:read', 'tickets:write'], createdAt: new Date('2025-03-05T09:00:00Z') });
    await grantOAuthApp(app.id, alan.id, { scopes: ['reports:read'], createdAt: new Date('2025-04-01T09:00:00Z') });

    const res = await grantsOf(app.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [
        {
          agent: { id: alan.id, name: 'Alan Turing', email: alan.email },
          scopes: ['reports:read'],
          authorized_at: '2025-04-01T09:00:00Z',
          last_used_at: null,
        },
        {
          agent: { id: grace.id, name: 'Grace Hopper', email: grace.email },
          scopes: ['tickets:read', 'tickets:write'],
          authorized_at: '2025-03-01T09:00:00Z',
          last_used_at: '2025-03-02T10:00:00Z',
        },
      ],
    });
  });

  it('leaves out revoked and expired tokens, and keeps a token whose access expired while its refresh token lives', async () => {
    const app = await createOAuthApp();
    const [revoked, expired, refreshing] = [await createAgent(), await createAgent(), await createAgent()];
    await grantOAuthApp(app.id, revoked.id, { revokedAt: ago(1000) });
    await grantOAuthApp(app.id, expired.id, { accessExpiresAt: ago(DAY_MS), refreshExpiresAt: ago(1000) });
    await grantOAuthApp(app.id, expired.id, { accessExpiresAt: ago(1000), refreshExpiresAt: null });
    await grantOAuthApp(app.id, refreshing.id, { accessExpiresAt: ago(1000) });

    const res = await grantsOf(app.id);
    expect(res.body.data.map((g) => g.agent.id)).toEqual([refreshing.id]);
  });

  it("lists no other app's grants, and none for an app nobody authorized", async () => {
    const [app, other] = [await createOAuthApp(), await createOAuthApp()];
    await grantOAuthApp(other.id, (await createAgent()).id);
    const res = await grantsOf(app.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('answers 404 for an unknown app id', async () => {
    expectError(await grantsOf(999_999), { status: 404, code: 'NOT_FOUND', message: 'OAuth app not found' });
  });

  it.each(['read', 'write'] as const)('answers 403 to a %s key', async (permission) => {
    const app = await createOAuthApp();
    expectError(await grantsOf(app.id, await createKey(permission)), { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
  });

  it('answers 401 without a key', async () => {
    const app = await createOAuthApp();
    expectError(await call('GET', `/api/v1/oauth-apps/${app.id}/grants`), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});
