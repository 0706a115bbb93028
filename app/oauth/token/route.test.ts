import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents, oauthCodes, oauthTokens } from '@/db/schema';
import { call } from '@/lib/test/api';
import { createAgent } from '@/lib/test/factories';
import { createOAuthApp } from '@/lib/test/oauth-apps';
import { authorizationQuery, decide, obtainTokens, pkce, rawTokenRequest, tokenRequest, type AppUnderTest } from '@/lib/test/oauth-flow';
import { hashToken } from '@/lib/oauth/token-values';
import { POST as tokenRoute } from './route';

let app: AppUnderTest;
let publicApp: AppUnderTest;
let agentId: number;

beforeAll(async () => {
  app = await createOAuthApp({ scopes: ['tickets:read', 'tickets:write', 'customers:read'] });
  publicApp = await createOAuthApp({ confidential: false, redirect_uris: ['https://spa.example.com/callback'], scopes: ['tickets:read'] });
  agentId = (await createAgent({ role: 'agent' })).id;
});

/** Consent for the agent, and the code and verifier an app then holds. */
async function codeFor(target: AppUnderTest = app, params: Record<string, string | undefined> = {}) {
  const { verifier, challenge } = pkce();
  const query = authorizationQuery(target, challenge, params);
  const { location } = await decide(agentId, query);
  return { code: location!.searchParams.get('code')!, verifier, redirectUri: query.get('redirect_uri')! };
}

const exchange = (target: AppUnderTest, c: { code: string; verifier: string; redirectUri: string }, extra: Record<string, string | undefined> = {}) =>
  tokenRequest(target, { grant_type: 'authorization_code', code: c.code, redirect_uri: c.redirectUri, code_verifier: c.verifier, ...extra });

const listTickets = (token: string) => call('GET', '/api/v1/tickets', { key: token });

describe('POST /oauth/token: authorization_code', () => {
  it('exchanges a code and its verifier for a one-hour access token and a refresh token that work on the API', async () => {
    const res = await exchange(app, await codeFor());

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      token_type: 'Bearer',
      access_token: expect.stringMatching(/^ld_oat_[A-Za-z0-9_-]{43}$/),
      refresh_token: expect.stringMatching(/^ld_ort_[A-Za-z0-9_-]{43}$/),
      expires_in: expect.any(Number),
      scope: 'tickets:read tickets:write',
    });
    expect(res.body.expires_in).toBeGreaterThan(3590);
    expect(res.body.expires_in).toBeLessThanOrEqual(3600);
    expect((await listTickets(res.body.access_token as string)).status).toBe(200);
  });

  it('keeps only hashes of codes and tokens', async () => {
    const c = await codeFor();
    const tokens = (await exchange(app, c)).body as { access_token: string; refresh_token: string };
    const [row] = await getDb()
      .select()
      .from(oauthTokens)
      .where(eq(oauthTokens.accessHash, hashToken(tokens.access_token)));
    expect(row!.refreshHash).toBe(hashToken(tokens.refresh_token));
    const stored = JSON.stringify(await getDb().select().from(oauthTokens)) + JSON.stringify(await getDb().select().from(oauthCodes));
    for (const secret of [c.code, tokens.access_token, tokens.refresh_token]) expect(stored).not.toContain(secret);
  });

  it('works for a public client with PKCE and no secret', async () => {
    const res = await exchange(publicApp, await codeFor(publicApp, { scope: 'tickets:read' }));
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('tickets:read');
  });

  it('refuses a wrong verifier with invalid_grant', async () => {
    const res = await exchange(app, { ...(await codeFor()), verifier: pkce().verifier });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('refuses a missing verifier with invalid_request', async () => {
    const res = await exchange(app, await codeFor(), { code_verifier: undefined });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
  });

  it('refuses a redirect URI other than the one the code was issued for', async () => {
    const c = await codeFor();
    const res = await exchange(app, { ...c, redirectUri: `${c.redirectUri}/` });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('refuses a code issued to another client', async () => {
    const other = await createOAuthApp();
    const res = await exchange(other, await codeFor());
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('refuses a confidential client without its secret, or with a wrong one, as invalid_client (401)', async () => {
    const c = await codeFor();
    const noSecret = await tokenRequest(
      { ...app, client_secret: null },
      { grant_type: 'authorization_code', code: c.code, redirect_uri: c.redirectUri, code_verifier: c.verifier },
    );
    const wrong = await tokenRequest(
      { ...app, client_secret: 'ld_oas_wrong' },
      { grant_type: 'authorization_code', code: c.code, redirect_uri: c.redirectUri, code_verifier: c.verifier },
    );
    for (const res of [noSecret, wrong]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    }
    // The code was not spent by the failed attempts.
    expect((await exchange(app, c)).status).toBe(200);
  });

  it('takes client credentials by HTTP Basic too', async () => {
    const c = await codeFor();
    const res = await rawTokenRequest({ grant_type: 'authorization_code', code: c.code, redirect_uri: c.redirectUri, code_verifier: c.verifier }, [
      app.client_id,
      app.client_secret!,
    ]);
    expect(res.status).toBe(200);
  });

  it('reads HTTP Basic whatever the case of its scheme, and refuses Basic and a form secret together', async () => {
    const c = await codeFor();
    const basic = Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64');
    const lower = await tokenRoute(
      new Request('http://localhost:3000/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `basic ${basic}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: c.code, redirect_uri: c.redirectUri, code_verifier: c.verifier }),
      }),
    );
    expect(lower.status).toBe(200);
    const both = await rawTokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_secret: app.client_secret! }, [
      app.client_id,
      app.client_secret!,
    ]);
    expect(both.status).toBe(401);
    expect(both.body.error).toBe('invalid_client');
  });

  it('answers a client_id with a NUL byte, or Basic with nonsense, as invalid_client, not a server error', async () => {
    const nul = await rawTokenRequest({ grant_type: 'authorization_code', client_id: 'ld_app_\0', code: 'x', code_verifier: pkce().verifier });
    expect(nul.status).toBe(401);
    const nonsense = await rawTokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' }, ['\0', '']);
    expect(nonsense.status).toBe(401);
  });

  it('refuses an unregistered client', async () => {
    const res = await rawTokenRequest({ grant_type: 'authorization_code', client_id: 'ld_app_unknown', code: 'x', code_verifier: pkce().verifier });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('uses a code once: a second exchange fails and revokes the tokens of the first', async () => {
    const c = await codeFor();
    const first = (await exchange(app, c)).body as { access_token: string; refresh_token: string };
    expect((await listTickets(first.access_token)).status).toBe(200);

    const second = await exchange(app, c);

    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    const after = await listTickets(first.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const refreshed = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('refuses an expired code', async () => {
    const c = await codeFor();
    await getDb()
      .update(oauthCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthCodes.codeHash, hashToken(c.code)));
    const res = await exchange(app, c);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('issues codes that live at most 10 minutes', async () => {
    const before = Date.now();
    const c = await codeFor();
    const [row] = await getDb()
      .select()
      .from(oauthCodes)
      .where(eq(oauthCodes.codeHash, hashToken(c.code)));
    expect(row!.expiresAt.getTime() - before).toBeLessThanOrEqual(10 * 60_000 + 1000);
  });

  it.each(['password', 'client_credentials', 'implicit', 'urn:ietf:params:oauth:grant-type:token-exchange'])('refuses the %s grant', async (grant) => {
    const res = await tokenRequest(app, { grant_type: grant, username: 'a', password: 'b' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('refuses a body that is not a form, and a parameter given twice', async () => {
    const json = await rawTokenRequest({});
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');
  });
});

describe('POST /oauth/token: refresh_token', () => {
  it('rotates the refresh token: the new pair works, the old access token is dead', async () => {
    const first = await obtainTokens(app, agentId);

    const res = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token });

    expect(res.status).toBe(200);
    const next = res.body as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect((await listTickets(next.access_token)).status).toBe(200);
    expect((await listTickets(first.access_token)).status).toBe(401);
  });

  it('revokes the whole family when an old refresh token is replayed', async () => {
    const first = await obtainTokens(app, agentId);
    const second = (await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).body as {
      access_token: string;
      refresh_token: string;
    };

    const replay = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token });

    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await listTickets(second.access_token)).status).toBe(401);
    expect((await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: second.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('lets only one of two racing refreshes win, and then revokes both', async () => {
    const first = await obtainTokens(app, agentId);
    const results = await Promise.all([1, 2].map(() => tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token })));
    const won = results.filter((r) => r.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    for (const r of won) expect((await listTickets(r.body.access_token as string)).status).toBe(401);
  });

  it('refuses a scope the original grant did not have', async () => {
    const first = await obtainTokens(app, agentId, { scope: 'tickets:read' });
    const res = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token, scope: 'tickets:read tickets:write' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('narrows to a subset of the grant when asked', async () => {
    const first = await obtainTokens(app, agentId);
    const res = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: first.refresh_token, scope: 'tickets:read' });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('tickets:read');
  });

  it('refuses a refresh that would leave no scope: an admin-only grant after its agent is demoted', async () => {
    const adminApp = await createOAuthApp({ scopes: ['admin'] });
    const boss = (await createAgent({ role: 'admin' })).id;
    const tokens = await obtainTokens(adminApp, boss, { scope: 'admin' });
    await getDb().update(agents).set({ role: 'agent' }).where(eq(agents.id, boss));

    const res = await tokenRequest(adminApp, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('never extends a consent past 90 days, however often it is refreshed', async () => {
    const tokens = await obtainTokens(app, agentId);
    const [row] = await getDb()
      .select({ codeId: oauthTokens.codeId })
      .from(oauthTokens)
      .where(eq(oauthTokens.accessHash, hashToken(tokens.access_token)));
    const consented = new Date(Date.now() - 89 * 24 * 3600_000);
    await getDb().update(oauthCodes).set({ createdAt: consented }).where(eq(oauthCodes.id, row!.codeId));

    const next = (await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body as { refresh_token: string };

    const [renewed] = await getDb()
      .select()
      .from(oauthTokens)
      .where(eq(oauthTokens.refreshHash, hashToken(next.refresh_token)));
    expect(renewed!.refreshExpiresAt!.getTime()).toBeLessThanOrEqual(consented.getTime() + 90 * 24 * 3600_000);
    expect(renewed!.refreshExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it('refuses a refresh token of another client', async () => {
    const first = await obtainTokens(app, agentId);
    const other = await createOAuthApp();
    const res = await tokenRequest(other, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('refuses to refresh for a deactivated agent, whose access tokens die at their next request', async () => {
    const leaving = (await createAgent({ role: 'agent' })).id;
    const tokens = await obtainTokens(app, leaving);
    await getDb().update(agents).set({ status: 'inactive' }).where(eq(agents.id, leaving));

    expect((await listTickets(tokens.access_token)).status).toBe(401);
    const res = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });
});
