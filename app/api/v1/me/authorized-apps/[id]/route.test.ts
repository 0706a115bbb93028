import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, oauthCodes, oauthTokens } from '@/db/schema';
import type { AuthorizedAppJson } from '@/lib/oauth/schema';
import { call } from '@/lib/test/api';
import { expectError } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp, issueOAuthCode } from '@/lib/test/oauth-apps';
import { webHeaders } from '@/lib/test/session';

const revoke = async (agentId: number, appId: number) => call('DELETE', `/api/v1/me/authorized-apps/${appId}`, { headers: await webHeaders(agentId) });
const notFound = { status: 404, code: 'NOT_FOUND', message: 'Authorized app not found' };

async function tokensOf(appId: number, agentId: number) {
  return getDb()
    .select()
    .from(oauthTokens)
    .where(and(eq(oauthTokens.appId, appId), eq(oauthTokens.agentId, agentId)));
}

describe('DELETE /api/v1/me/authorized-apps/{id}', () => {
  it("revokes every live token of the agent's for the app at once, drops its unexchanged codes, and records who", async () => {
    const agent = await createAgent({ first_name: 'Grace', last_name: 'Hopper' });
    const other = await createAgent();
    const app = await createOAuthApp();
    await grantOAuthApp(app.id, agent.id, { scopes: ['tickets:write'] });
    await grantOAuthApp(app.id, agent.id, { scopes: ['tickets:read'] });
    await grantOAuthApp(app.id, other.id);
    const pending = await issueOAuthCode(app.id, agent.id);

    const res = await revoke(agent.id, app.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    for (const token of await tokensOf(app.id, agent.id)) expect(token.revokedAt).toBeInstanceOf(Date);
    for (const token of await tokensOf(app.id, other.id)) expect(token.revokedAt).toBeNull();
    expect(await getDb().$count(oauthCodes, eq(oauthCodes.id, pending.id))).toBe(0);

    const list = await call<AuthorizedAppJson[]>('GET', '/api/v1/me/authorized-apps', { headers: await webHeaders(agent.id) });
    expect(list.body.data).toEqual([]);
    const [event] = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.type, 'oauth_app.revoked'), eq(events.resourceId, app.id)));
    expect(event).toMatchObject({
      actor: { type: 'agent', id: agent.id },
      payload: { agent: { id: agent.id, name: 'Grace Hopper', email: agent.email }, scopes: ['tickets:read', 'tickets:write'], revoked_tokens: 2 },
    });

    expectError(await revoke(agent.id, app.id), notFound);
  });

  it('answers 404 for an app the agent never authorized, and changes no one else’s grant', async () => {
    const [agent, other] = [await createAgent(), await createAgent()];
    const app = await createOAuthApp();
    await grantOAuthApp(app.id, other.id);
    expectError(await revoke(agent.id, app.id), notFound);
    expectError(await revoke(agent.id, 999_999), notFound);
    expect((await tokensOf(app.id, other.id))[0]!.revokedAt).toBeNull();
  });

  it('answers 403 to an API key, even one made by the agent, and revokes nothing', async () => {
    const agent = await createAgent();
    const app = await createOAuthApp();
    await grantOAuthApp(app.id, agent.id);
    for (const permission of ['read', 'write'] as const) {
      const res = await call('DELETE', `/api/v1/me/authorized-apps/${app.id}`, { key: await createKey(permission, {}, agent.id) });
      expectError(res, {
        status: 403,
        code: 'FORBIDDEN',
        message:
          permission === 'read' ? 'This action requires write permission' : 'Only a signed-in agent has authorized apps; API keys act for nobody in particular',
      });
    }
    expect((await tokensOf(app.id, agent.id))[0]!.revokedAt).toBeNull();
  });

  it('answers 401 without credentials', async () => {
    const app = await createOAuthApp();
    expectError(await call('DELETE', `/api/v1/me/authorized-apps/${app.id}`), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
  });
});
