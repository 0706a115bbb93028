import { describe, expect, it } from 'vitest';
import type { AuthorizedAppJson } from '@/lib/oauth/schema';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp } from '@/lib/test/oauth-apps';
import { webHeaders } from '@/lib/test/session';

const authorizedApps = async (agentId: number) => call<AuthorizedAppJson[]>('GET', '/api/v1/me/authorized-apps', { headers: await webHeaders(agentId) });

describe('GET /api/v1/me/authorized-apps', () => {
  it('lists the apps the signed-in agent authorized, with the scopes of their live tokens together, newest first', async () => {
    const agent = await createAgent();
    const calendar = await createOAuthApp({
      name: 'Calendar sync',
      description: 'Due dates in your calendar',
      logo_url: 'https://calendar.example.com/logo.png',
    });
    const reports = await createOAuthApp({ name: 'Report builder', scopes: ['reports:read'] });
    await grantOAuthApp(calendar.id, agent.id, { scopes: ['tickets:write'], createdAt: new Date('2025-05-01T08:00:00Z') });
    await grantOAuthApp(calendar.id, agent.id, {
      scopes: ['tickets:read'],
      createdAt: new Date('2025-05-03T08:00:00Z'),
      lastUsedAt: new Date('2025-05-04T12:30:00Z'),
    });
    await grantOAuthApp(reports.id, agent.id, { scopes: ['reports:read'], createdAt: new Date('2025-06-01T08:00:00Z') });

    const res = await authorizedApps(agent.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [
        {
          app: { id: reports.id, name: 'Report builder', description: '', logo_url: null },
          scopes: ['reports:read'],
          authorized_at: '2025-06-01T08:00:00Z',
          last_used_at: null,
        },
        {
          app: { id: calendar.id, name: 'Calendar sync', description: 'Due dates in your calendar', logo_url: 'https://calendar.example.com/logo.png' },
          scopes: ['tickets:read', 'tickets:write'],
          authorized_at: '2025-05-01T08:00:00Z',
          last_used_at: '2025-05-04T12:30:00Z',
        },
      ],
    });
  });

  it("shows no other agent's grants, and no app whose tokens were all revoked or expired", async () => {
    const [agent, other] = [await createAgent(), await createAgent()];
    const app = await createOAuthApp();
    await grantOAuthApp(app.id, other.id);
    await grantOAuthApp(app.id, agent.id, { revokedAt: new Date() });
    await grantOAuthApp(app.id, agent.id, { accessExpiresAt: new Date(Date.now() - 1000), refreshExpiresAt: new Date(Date.now() - 1000) });

    const res = await authorizedApps(agent.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('answers 403 to an API key, which acts for nobody in particular', async () => {
    const agent = await createAgent();
    expectError(await call('GET', '/api/v1/me/authorized-apps', { key: await createKey('read', {}, agent.id) }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Only a signed-in agent has authorized apps; API keys act for nobody in particular',
    });
  });

  it('answers 401 without credentials', async () => {
    expectError(await call('GET', '/api/v1/me/authorized-apps'), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});
