import 'server-only';
import { OAuthRequest, type AuthorizationRequest } from '@jmondi/oauth2-server';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, oauthApps, type OAuthApp } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { recordEvents, resourceEvent } from '@/lib/events';
import { fullName } from '@/lib/names';
import { type Scope, isScope, scopesOfRole } from './scopes';
import { authorizationServer, issuer, OAuthException } from './server';
import { CLIENT_ID_FORMAT } from './token-values';

/**
 * What an authorization request (RFC 6749 §4.1.1) comes to:
 * - `refuse`: the client or its redirect URI cannot be trusted, so the user sees the error and
 *   nothing is sent anywhere (§4.1.2.1);
 * - `redirect`: an error for the app, sent to its redirect URI with `state` and `iss`;
 * - `consent`: a valid request, to show the signed-in agent.
 */
export type Authorization =
  | { kind: 'refuse'; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'consent'; app: OAuthApp; owner: string | null; request: AuthorizationRequest; scopes: Scope[] };

export async function checkAuthorization(db: Db, query: URLSearchParams): Promise<Authorization> {
  const once = (name: string) => (query.getAll(name).length > 1 ? null : (query.get(name) ?? undefined));
  const clientId = once('client_id');
  const redirectUri = once('redirect_uri');
  const [app] = clientId && CLIENT_ID_FORMAT.test(clientId) ? await db.select().from(oauthApps).where(eq(oauthApps.clientId, clientId)) : [];
  if (!app) return { kind: 'refuse', message: 'This link names no app registered on this desk (client_id).' };
  if (!redirectUri || !redirectUriRegistered(app, redirectUri)) {
    return { kind: 'refuse', message: `The redirect URI is not registered for ${app.name}; it must match one of the app’s redirect URIs exactly.` };
  }
  const state = once('state') ?? undefined;
  const fail = (error: string, description: string) => ({
    kind: 'redirect' as const,
    location: redirectWith(redirectUri, { error, error_description: description, state }),
  });
  const repeated = [...new Set(query.keys())].find((name) => query.getAll(name).length > 1);
  if (repeated) return fail('invalid_request', `${repeated} is given more than once`);
  if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported');
  // RFC 7636 §4.2: an S256 challenge is 43 base64url characters.
  const challenge = query.get('code_challenge');
  if (challenge !== null && !/^[A-Za-z0-9_-]{43}$/.test(challenge))
    return fail('invalid_request', 'code_challenge must be the 43-character base64url S256 hash of the verifier');
  try {
    const request = await authorizationServer(db).validateAuthorizationRequest(new OAuthRequest({ query: Object.fromEntries(query) }));
    const [owner] = app.createdByAgentId
      ? await db.select({ first: agents.firstName, last: agents.lastName }).from(agents).where(eq(agents.id, app.createdByAgentId))
      : [];
    return {
      kind: 'consent',
      app,
      owner: owner ? fullName(owner.first, owner.last) : null,
      request,
      scopes: request.scopes.map((s) => s.name).filter(isScope),
    };
  } catch (error) {
    if (error instanceof OAuthException) return fail(error.errorType, error.errorDescription ?? error.error);
    throw error;
  }
}

/**
 * The agent's answer on the consent page. Approve issues a code for the scopes the agent's role
 * can grant (an agent cannot hand an app `agents:write`); Deny sends `access_denied`. Either way
 * the answer goes back to the app's redirect URI with `state` and `iss`.
 */
export async function decideAuthorization(ctx: ServiceContext, query: URLSearchParams, agent: { id: number; role: 'agent' | 'admin' }, approve: boolean) {
  const checked = await checkAuthorization(ctx.db, query);
  if (checked.kind !== 'consent') return checked;
  const { request, app } = checked;
  const state = request.state;
  const redirectUri = request.redirectUri!;
  if (!approve)
    return {
      kind: 'redirect' as const,
      location: redirectWith(redirectUri, { error: 'access_denied', error_description: 'The user denied the request', state }),
    };
  const grantable: string[] = scopesOfRole(agent.role);
  request.scopes = request.scopes.filter((s) => grantable.includes(s.name));
  if (request.scopes.length === 0) {
    const description = 'Your role cannot grant any of the scopes this app asks for';
    return { kind: 'redirect' as const, location: redirectWith(redirectUri, { error: 'invalid_scope', error_description: description, state }) };
  }
  request.user = { id: agent.id };
  request.isAuthorizationApproved = true;
  try {
    return await ctx.db.transaction(async (tx) => {
      const answer = await authorizationServer(tx).completeAuthorizationRequest(request);
      const location = withIssuer(String(answer.headers.location));
      const scopes = request.scopes.map((s) => s.name);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('oauth_app.authorized', app.id, { app_id: app.id, agent_id: agent.id, scopes })]);
      return { kind: 'redirect' as const, location };
    });
  } catch (error) {
    // The agent was deactivated or the app deleted a moment ago: the app hears of it, nothing is issued.
    if (!(error instanceof OAuthException)) throw error;
    return {
      kind: 'redirect' as const,
      location: redirectWith(redirectUri, { error: 'access_denied', error_description: error.errorDescription ?? error.error, state }),
    };
  }
}

/**
 * Redirect URIs match exactly, character for character (RFC 9700 §2.1): no prefix, no wildcard.
 * The one exception is RFC 8252 §7.3: a native app registered with a loopback redirect may use
 * any port, since it listens on whichever port it is given.
 */
export function redirectUriRegistered(app: Pick<OAuthApp, 'redirectUris' | 'native'>, uri: string): boolean {
  if (app.redirectUris.includes(uri)) return true;
  if (!app.native) return false;
  const asked = parseUrl(uri);
  if (!asked || asked.protocol !== 'http:' || !LOOPBACK.has(asked.hostname) || asked.username || asked.password) return false;
  return app.redirectUris.some((registered) => {
    const r = parseUrl(registered);
    if (!r || r.protocol !== 'http:' || !LOOPBACK.has(r.hostname)) return false;
    // Everything but the port as registered: the URI without its port must be the registered one without its.
    return withoutPort(uri) === withoutPort(registered) && r.hostname === asked.hostname;
  });
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const withoutPort = (uri: string) => uri.replace(/^(http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost)):\d{1,5}(?=[/?]|$)/, '$1');

/** The app's redirect URI with parameters added to its own query, and `iss` (RFC 9207). */
function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return withIssuer(url.href);
}

function withIssuer(location: string): string {
  const url = new URL(location);
  url.searchParams.set('iss', issuer());
  return url.href;
}
