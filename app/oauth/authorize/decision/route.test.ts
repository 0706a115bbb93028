import { beforeAll, describe, expect, it } from 'vitest';
import { POST as decisionRoute } from '@/app/oauth/authorize/decision/route';
import { getDb } from '@/db/client';
import { checkAuthorization } from '@/lib/oauth/authorize';
import { issuer } from '@/lib/oauth/server';
import { createAgent } from '@/lib/test/factories';
import { createOAuthApp } from '@/lib/test/oauth-apps';
import { authorizationQuery, decide, obtainTokens, pkce, type AppUnderTest } from '@/lib/test/oauth-flow';
import { webHeaders } from '@/lib/test/session';

let app: AppUnderTest;
let nativeApp: AppUnderTest;
let agentId: number;
let adminId: number;
const { challenge } = pkce();

beforeAll(async () => {
  app = await createOAuthApp({ redirect_uris: ['https://calendar.example.com/oauth/callback'], scopes: ['tickets:read', 'tickets:write', 'admin'] });
  nativeApp = await createOAuthApp({
    confidential: false,
    native: true,
    redirect_uris: ['http://127.0.0.1/callback', 'com.example.desk:/oauth'],
    scopes: ['tickets:read'],
  });
  agentId = (await createAgent({ role: 'agent' })).id;
  adminId = (await createAgent({ role: 'admin' })).id;
});

const check = (query: URLSearchParams) => checkAuthorization(getDb(), query);

/** The parameters the app's redirect URI is called with. */
async function answerOf(query: URLSearchParams, approve = true, who = agentId) {
  const { status, location } = await decide(who, query, approve);
  expect(status).toBe(200);
  return location!;
}

describe('the authorization request', () => {
  it('returns the code with state unchanged and iss (RFC 9207) to the exact redirect URI', async () => {
    const state = 'a b&c=d/é';
    const location = await answerOf(authorizationQuery(app, challenge, { state }));

    expect(`${location.origin}${location.pathname}`).toBe('https://calendar.example.com/oauth/callback');
    expect(location.searchParams.get('code')).toMatch(/^ld_code_/);
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('iss')).toBe(issuer());
  });

  it('sends Deny back as access_denied with state and iss', async () => {
    const location = await answerOf(authorizationQuery(app, challenge), false);

    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz-state');
    expect(location.searchParams.get('iss')).toBe(issuer());
    expect(location.searchParams.has('code')).toBe(false);
  });

  it.each([
    ['a missing PKCE challenge', { code_challenge: undefined, code_challenge_method: undefined }],
    ['the plain PKCE method', { code_challenge_method: 'plain' }],
    ['no PKCE method (plain by default)', { code_challenge_method: undefined }],
  ])('refuses %s with invalid_request at the redirect URI', async (_, params) => {
    const checked = await check(authorizationQuery(app, challenge, params));

    expect(checked.kind).toBe('redirect');
    const location = new URL((checked as { location: string }).location);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('xyz-state');
    expect(location.searchParams.get('iss')).toBe(issuer());
  });

  it.each([
    ['an extra slash', 'https://calendar.example.com/oauth/callback/'],
    ['an extra query parameter', 'https://calendar.example.com/oauth/callback?next=1'],
    ['another port', 'https://calendar.example.com:8443/oauth/callback'],
    ['a prefix of the registered one', 'https://calendar.example.com/oauth'],
    ['another host', 'https://evil.example.com/oauth/callback'],
    ['none at all', undefined],
  ])('never redirects to a redirect URI with %s', async (_, redirectUri) => {
    const checked = await check(authorizationQuery(app, challenge, { redirect_uri: redirectUri }));
    expect(checked).toEqual({ kind: 'refuse', message: expect.stringContaining('redirect URI') });
  });

  it('refuses a challenge that is not an S256 hash with invalid_request, and a NUL client_id without a query', async () => {
    const checked = await check(authorizationQuery(app, 'short\0', {}));
    expect(new URL((checked as { location: string }).location).searchParams.get('error')).toBe('invalid_request');
    expect((await check(authorizationQuery({ ...app, client_id: '\0' }, challenge))).kind).toBe('refuse');
  });

  it('refuses an unregistered client without redirecting', async () => {
    const checked = await check(authorizationQuery({ ...app, client_id: 'ld_app_nobody' }, challenge));
    expect(checked.kind).toBe('refuse');
  });

  it('lets a native app use its loopback redirect on any port, and nothing else about it differ', async () => {
    const ok = await check(authorizationQuery(nativeApp, challenge, { redirect_uri: 'http://127.0.0.1:51234/callback', scope: 'tickets:read' }));
    expect(ok.kind).toBe('consent');
    for (const uri of [
      'http://127.0.0.1:51234/callback/',
      'http://127.0.0.1:51234/other',
      'http://localhost:51234/callback',
      'https://127.0.0.1:51234/callback',
    ]) {
      expect((await check(authorizationQuery(nativeApp, challenge, { redirect_uri: uri, scope: 'tickets:read' }))).kind).toBe('refuse');
    }
    expect((await check(authorizationQuery(nativeApp, challenge, { redirect_uri: 'com.example.desk:/oauth', scope: 'tickets:read' }))).kind).toBe('consent');
  });

  it('gives a web app no loopback port leeway', async () => {
    const web = await createOAuthApp({ redirect_uris: ['http://127.0.0.1:8080/callback'] });
    expect((await check(authorizationQuery(web, challenge, { redirect_uri: 'http://127.0.0.1:8080/callback', scope: 'tickets:read' }))).kind).toBe('consent');
    expect((await check(authorizationQuery(web, challenge, { redirect_uri: 'http://127.0.0.1:9090/callback', scope: 'tickets:read' }))).kind).toBe('refuse');
  });

  it('refuses a scope the app is not registered for with invalid_scope', async () => {
    const checked = await check(authorizationQuery(app, challenge, { scope: 'tickets:read webhooks:write' }));
    expect(new URL((checked as { location: string }).location).searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses response_type=token (no implicit grant)', async () => {
    const checked = await check(authorizationQuery(app, challenge, { response_type: 'token' }));
    expect(new URL((checked as { location: string }).location).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('narrows an agent’s grant of admin away, and keeps it for an admin', async () => {
    const agentTokens = await obtainTokens(app, agentId, { scope: 'tickets:read admin' });
    const adminTokens = await obtainTokens(app, adminId, { scope: 'tickets:read admin' });
    expect(agentTokens.scope).toBe('tickets:read');
    expect(adminTokens.scope).toBe('tickets:read admin');
  });

  it('sends invalid_scope when the agent’s role can grant none of the scopes asked', async () => {
    const location = await answerOf(authorizationQuery(app, challenge, { scope: 'admin' }));
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.has('code')).toBe(false);
  });
});

describe('POST /oauth/authorize/decision', () => {
  const post = (headers: Record<string, string>) =>
    decisionRoute(
      new Request('http://localhost:3000/oauth/authorize/decision', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: authorizationQuery(app, challenge).toString(), approve: true }),
      }),
    );

  it('needs a signed-in agent', async () => {
    expect((await post({})).status).toBe(401);
  });

  it('refuses a cross-site post: without our client header, or from another origin', async () => {
    const cookie = (await webHeaders(agentId)).cookie!;
    expect((await post({ cookie })).status).toBe(403);
    expect((await post({ ...(await webHeaders(agentId)), origin: 'https://evil.example.com' })).status).toBe(403);
  });
});
