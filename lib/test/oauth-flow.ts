import { createHash, randomBytes } from 'node:crypto';
import { POST as decisionRoute } from '@/app/oauth/authorize/decision/route';
import { POST as introspectRoute } from '@/app/oauth/introspect/route';
import { POST as revokeRoute } from '@/app/oauth/revoke/route';
import { POST as tokenRoute } from '@/app/oauth/token/route';
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import { webHeaders } from './session';

/** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export type AppUnderTest = { client_id: string; client_secret: string | null; redirect_uris: string[] };

/** The query of an authorization request, as an app builds it; `params` adds or overrides (undefined removes). */
export function authorizationQuery(app: AppUnderTest, challenge: string, params: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: app.redirect_uris[0],
    scope: 'tickets:read tickets:write',
    state: 'xyz-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(all)) if (value !== undefined) query.append(name, value);
  return query;
}

/** The consent page's Approve or Deny, as the signed-in agent's browser posts it: where the browser is sent next. */
export async function decide(agentId: number, query: URLSearchParams, approve = true) {
  const headers = { ...(await webHeaders(agentId)), 'content-type': 'application/json' };
  const response = await decisionRoute(
    new Request('http://localhost:3000/oauth/authorize/decision', { method: 'POST', headers, body: JSON.stringify({ query: query.toString(), approve }) }),
  );
  const body = (await response.json()) as { redirect_to?: string };
  return { status: response.status, body, location: body.redirect_to ? new URL(body.redirect_to) : null };
}

type FormResult = { status: number; headers: Headers; body: Record<string, unknown> };

async function postForm(route: (req: Request) => Promise<Response>, path: string, form: Record<string, string | undefined>, basic?: [string, string]) {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', [CLIENT_IP_HEADER]: '127.0.0.1' });
  if (basic) headers.set('authorization', `Basic ${Buffer.from(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`).toString('base64')}`);
  const body = new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined));
  const response = await route(new Request(`http://localhost:3000${path}`, { method: 'POST', headers, body }));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> } satisfies FormResult;
}

/** The client's own credentials as form parameters: client_id, and client_secret for a confidential app. */
const credentials = (app: AppUnderTest) => ({ client_id: app.client_id, ...(app.client_secret ? { client_secret: app.client_secret } : {}) });

export const tokenRequest = (app: AppUnderTest, form: Record<string, string | undefined>) =>
  postForm(tokenRoute, '/oauth/token', { ...credentials(app), ...form });
export const revokeRequest = (app: AppUnderTest, form: Record<string, string | undefined>) =>
  postForm(revokeRoute, '/oauth/revoke', { ...credentials(app), ...form });
export const introspectRequest = (app: AppUnderTest, token: string) => postForm(introspectRoute, '/oauth/introspect', { ...credentials(app), token });
export const rawTokenRequest = (form: Record<string, string | undefined>, basic?: [string, string]) => postForm(tokenRoute, '/oauth/token', form, basic);

export type Tokens = { access_token: string; refresh_token: string; scope: string; expires_in: number; token_type: string };

/** The whole flow for an agent: consent, then the code exchanged with its verifier. */
export async function obtainTokens(app: AppUnderTest, agentId: number, params: Record<string, string | undefined> = {}): Promise<Tokens> {
  const { verifier, challenge } = pkce();
  const query = authorizationQuery(app, challenge, params);
  const { location } = await decide(agentId, query);
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`No code in ${location}`);
  const res = await tokenRequest(app, { grant_type: 'authorization_code', code, redirect_uri: query.get('redirect_uri')!, code_verifier: verifier });
  if (res.status !== 200) throw new Error(`Token request failed: ${JSON.stringify(res.body)}`);
  return res.body as Tokens;
}
