import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents, oauthTokens } from '@/db/schema';
import { issuer } from '@/lib/oauth/server';
import { hashToken } from '@/lib/oauth/token-values';
import { createAgent } from '@/lib/test/factories';
import { createOAuthApp } from '@/lib/test/oauth-apps';
import { introspectRequest, obtainTokens, revokeRequest, type AppUnderTest } from '@/lib/test/oauth-flow';

let app: AppUnderTest;
let agent: { id: number; email: string };

beforeAll(async () => {
  app = await createOAuthApp({ scopes: ['tickets:read', 'tickets:write', 'customers:read'] });
  agent = await createAgent({ role: 'agent' });
});

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

async function rowOf(accessToken: string) {
  const [row] = await getDb()
    .select()
    .from(oauthTokens)
    .where(eq(oauthTokens.accessHash, hashToken(accessToken)));
  return row!;
}

const expectInactive = (res: Awaited<ReturnType<typeof introspectRequest>>) => {
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ active: false });
};

describe('POST /oauth/introspect', () => {
  it('describes an active access token with exactly the RFC 7662 claims, never echoing a token', async () => {
    const tokens = await obtainTokens(app, agent.id, { scope: 'tickets:read customers:read' });
    const row = await rowOf(tokens.access_token);

    const res = await introspectRequest(app, tokens.access_token);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      active: true,
      scope: 'tickets:read customers:read',
      client_id: app.client_id,
      username: agent.email,
      token_type: 'access_token',
      exp: seconds(row.accessExpiresAt),
      iat: seconds(row.createdAt),
      sub: String(agent.id),
      iss: issuer(),
    });
    const exp = res.body.exp as number;
    expect(exp - seconds(new Date())).toBeGreaterThan(3590);
    expect(exp - seconds(new Date())).toBeLessThanOrEqual(3600);
    const text = JSON.stringify(res.body);
    for (const secret of [tokens.access_token, tokens.refresh_token, app.client_secret!]) expect(text).not.toContain(secret);
  });

  it('describes an active refresh token as token_type refresh_token, expiring with the refresh token', async () => {
    const tokens = await obtainTokens(app, agent.id);
    const row = await rowOf(tokens.access_token);

    const res = await introspectRequest(app, tokens.refresh_token);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active: true,
      scope: 'tickets:read tickets:write',
      client_id: app.client_id,
      username: agent.email,
      token_type: 'refresh_token',
      exp: seconds(row.refreshExpiresAt!),
      iat: seconds(row.createdAt),
      sub: String(agent.id),
      iss: issuer(),
    });
    expect(JSON.stringify(res.body)).not.toContain(tokens.refresh_token);
  });

  it('reports an expired access token inactive, while its refresh token stays active', async () => {
    const tokens = await obtainTokens(app, agent.id);
    await getDb()
      .update(oauthTokens)
      .set({ accessExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthTokens.accessHash, hashToken(tokens.access_token)));

    expectInactive(await introspectRequest(app, tokens.access_token));
    expect((await introspectRequest(app, tokens.refresh_token)).body.active).toBe(true);
  });

  it('reports a revoked access token and its refresh token inactive', async () => {
    const tokens = await obtainTokens(app, agent.id);
    expect((await revokeRequest(app, { token: tokens.access_token })).status).toBe(200);

    expectInactive(await introspectRequest(app, tokens.access_token));
    expectInactive(await introspectRequest(app, tokens.refresh_token));
  });

  it('reports a deactivated agent’s tokens inactive', async () => {
    const leaving = await createAgent({ role: 'agent' });
    const tokens = await obtainTokens(app, leaving.id);
    await getDb().update(agents).set({ status: 'inactive' }).where(eq(agents.id, leaving.id));

    expectInactive(await introspectRequest(app, tokens.access_token));
    expectInactive(await introspectRequest(app, tokens.refresh_token));
  });

  it('reports a token it never issued inactive', async () => {
    expectInactive(await introspectRequest(app, 'ld_oat_this-token-was-never-issued'));
    expectInactive(await introspectRequest(app, 'ld_ort_this-token-was-never-issued'));
    expectInactive(await introspectRequest(app, 'not-a-loopdesk-token'));
  });

  it('reports another app’s live tokens inactive to the asking app', async () => {
    const tokens = await obtainTokens(app, agent.id);
    const other = await createOAuthApp();

    expectInactive(await introspectRequest(other, tokens.access_token));
    expectInactive(await introspectRequest(other, tokens.refresh_token));
    expect((await introspectRequest(app, tokens.access_token)).body.active).toBe(true);
  });

  it('refuses a public client as invalid_client (401): it cannot authenticate', async () => {
    const publicApp = await createOAuthApp({ confidential: false, redirect_uris: ['https://spa.example.com/callback'], scopes: ['tickets:read'] });
    const tokens = await obtainTokens(publicApp, agent.id, { scope: 'tickets:read' });

    const res = await introspectRequest(publicApp, tokens.access_token);

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: 'Only confidential clients may introspect tokens' });
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="loopdesk"');
  });

  it('refuses a confidential client with a wrong secret, or none, as invalid_client (401)', async () => {
    const tokens = await obtainTokens(app, agent.id);
    for (const secret of ['ld_oas_wrong', null]) {
      const res = await introspectRequest({ ...app, client_secret: secret }, tokens.access_token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain(agent.email);
    }
  });

  it('refuses an unregistered client as invalid_client (401)', async () => {
    const tokens = await obtainTokens(app, agent.id);
    const res = await introspectRequest({ client_id: 'ld_app_unknown', client_secret: 'ld_oas_wrong', redirect_uris: [] }, tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });
});
