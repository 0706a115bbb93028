import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { oauthTokens } from '@/db/schema';
import { hashToken } from '@/lib/oauth/token-values';
import { call } from '@/lib/test/api';
import { createAgent } from '@/lib/test/factories';
import { createOAuthApp } from '@/lib/test/oauth-apps';
import { obtainTokens, revokeRequest, tokenRequest, type AppUnderTest } from '@/lib/test/oauth-flow';

let app: AppUnderTest;
let publicApp: AppUnderTest;
let agentId: number;

beforeAll(async () => {
  app = await createOAuthApp();
  publicApp = await createOAuthApp({ confidential: false, redirect_uris: ['https://spa.example.com/callback'] });
  agentId = (await createAgent({ role: 'agent' })).id;
});

const listTickets = (token: string) => call('GET', '/api/v1/tickets', { key: token });
const refresh = (target: AppUnderTest, refreshToken: string) => tokenRequest(target, { grant_type: 'refresh_token', refresh_token: refreshToken });

async function revokedAtOf(accessToken: string) {
  const [row] = await getDb()
    .select({ revokedAt: oauthTokens.revokedAt })
    .from(oauthTokens)
    .where(eq(oauthTokens.accessHash, hashToken(accessToken)));
  return row!.revokedAt;
}

/** The token answers the API and its refresh token still rotates: nothing was revoked. */
async function expectAlive(tokens: { access_token: string }) {
  expect((await listTickets(tokens.access_token)).status).toBe(200);
  expect(await revokedAtOf(tokens.access_token)).toBeNull();
}

/** The access token gets RFC 6750's invalid_token and the refresh token RFC 6749's invalid_grant. */
async function expectDead(target: AppUnderTest, tokens: { access_token: string; refresh_token: string }) {
  const api = await listTickets(tokens.access_token);
  expect(api.status).toBe(401);
  expect(api.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  const refreshed = await refresh(target, tokens.refresh_token);
  expect(refreshed.status).toBe(400);
  expect(refreshed.body.error).toBe('invalid_grant');
}

describe('POST /oauth/revoke', () => {
  it('revokes an access token with 200 {} and no-store, after which the API answers it 401 invalid_token', async () => {
    const tokens = await obtainTokens(app, agentId);
    expect((await listTickets(tokens.access_token)).status).toBe(200);

    const res = await revokeRequest(app, { token: tokens.access_token, token_type_hint: 'access_token' });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(res.headers.get('cache-control')).toBe('no-store');
    const api = await listTickets(tokens.access_token);
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(api.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'The access token is invalid or has been revoked' });
  });

  it('ends the refresh token along with the access token it was issued with', async () => {
    const tokens = await obtainTokens(app, agentId);
    expect((await revokeRequest(app, { token: tokens.access_token })).status).toBe(200);
    await expectDead(app, tokens);
  });

  it.each([
    ['with token_type_hint=refresh_token', { token_type_hint: 'refresh_token' }],
    ['without a token_type_hint', {}],
    ['with a wrong token_type_hint of access_token', { token_type_hint: 'access_token' }],
  ])('revokes a refresh token %s: it no longer refreshes and its access token is dead', async (_, hint) => {
    const tokens = await obtainTokens(app, agentId);

    const res = await revokeRequest(app, { token: tokens.refresh_token, ...hint });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    await expectDead(app, tokens);
  });

  // RFC 7009 §2.1: a server that cannot find the token by its hint must search all token types.
  it.each(['auth_code', 'bearer'])('revokes an access token sent with token_type_hint=%s', async (hint) => {
    const tokens = await obtainTokens(app, agentId);
    expect((await revokeRequest(app, { token: tokens.access_token, token_type_hint: hint })).status).toBe(200);
    await expectDead(app, tokens);
  });

  it('answers 200 for a token it never issued, and for one already revoked', async () => {
    const unknown = await revokeRequest(app, { token: 'ld_oat_this-token-was-never-issued' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({});
    expect((await revokeRequest(app, { token: 'not-a-loopdesk-token' })).status).toBe(200);

    const tokens = await obtainTokens(app, agentId);
    expect((await revokeRequest(app, { token: tokens.access_token })).status).toBe(200);
    const again = await revokeRequest(app, { token: tokens.access_token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({});
  });

  it("answers 200 to another client revoking an app's tokens, and leaves them alive", async () => {
    const tokens = await obtainTokens(app, agentId);
    const other = await createOAuthApp();

    for (const token of [tokens.access_token, tokens.refresh_token]) {
      const res = await revokeRequest(other, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    }

    await expectAlive(tokens);
    expect((await refresh(app, tokens.refresh_token)).status).toBe(200);
  });

  it('lets a public client revoke its token with only its client_id', async () => {
    const tokens = await obtainTokens(publicApp, agentId);
    const res = await revokeRequest(publicApp, { token: tokens.refresh_token });
    expect(res.status).toBe(200);
    await expectDead(publicApp, tokens);
  });

  it('revokes nothing for a confidential client that sends a wrong secret or none', async () => {
    const tokens = await obtainTokens(app, agentId);

    await revokeRequest({ ...app, client_secret: 'ld_oas_wrong' }, { token: tokens.access_token });
    await revokeRequest({ ...app, client_secret: null }, { token: tokens.refresh_token });

    await expectAlive(tokens);
    expect((await refresh(app, tokens.refresh_token)).status).toBe(200);
  });

  // RFC 7009 §2.1: failed client authentication is 401 invalid_client (RFC 6749 §5.2), never a silent 200.
  it('refuses a confidential client with a wrong secret or none as invalid_client (401)', async () => {
    const tokens = await obtainTokens(app, agentId);
    const wrong = await revokeRequest({ ...app, client_secret: 'ld_oas_wrong' }, { token: tokens.access_token });
    const missing = await revokeRequest({ ...app, client_secret: null }, { token: tokens.access_token });
    for (const res of [wrong, missing]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="loopdesk"');
    }
  });

  it('refuses a request without a token as invalid_request (400)', async () => {
    const res = await revokeRequest(app, {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
