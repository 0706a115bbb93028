import 'server-only';
import type { OAuthRequest } from '@jmondi/oauth2-server';
import type { Db } from '@/db/client';
import { authenticateClient, clientCredentialsOf, useCredentials } from './endpoint';
import { authorizationServer, OAuthException } from './server';
import { REFRESH_PREFIX } from './token-values';

type Form = Record<string, string>;
type Answer = { status: number; body: unknown; headers: Record<string, unknown> };

// Only the two grants of a user-context app: no implicit, password or client-credentials grant (RFC 9700 §2.4).
const grants = new Set(['authorization_code', 'refresh_token']);

/** POST /oauth/token: a code (with its PKCE verifier) exchanged, or a refresh token rotated. */
export async function requestTokens(db: Db, request: OAuthRequest, form: Form): Promise<Answer> {
  if (!form.grant_type) throw OAuthException.invalidParameter('grant_type');
  if (!grants.has(form.grant_type)) throw OAuthException.unsupportedGrantType();
  const { id, secret } = clientCredentialsOf(form, request.headers.authorization);
  if (!id) throw OAuthException.invalidParameter('client_id');
  useCredentials(request, id, secret);
  return authorizationServer(db).respondToAccessTokenRequest(request);
}

// RFC 7009 §2.1: the hint is only a hint, and our tokens say what they are.
const hintFor = (token: string) => (token.startsWith(REFRESH_PREFIX) ? 'refresh_token' : 'access_token');

/** POST /oauth/revoke (RFC 7009): the client's own token ends; an unknown one is no error. */
export async function revokeToken(db: Db, request: OAuthRequest, form: Form): Promise<Answer> {
  await authenticateClient(db, request, form);
  if (!form.token) throw OAuthException.invalidParameter('token');
  request.body.token_type_hint = hintFor(form.token);
  await authorizationServer(db).revoke(request);
  return { status: 200, body: {}, headers: {} };
}

const introspectionFields = ['active', 'scope', 'client_id', 'username', 'token_type', 'exp', 'iat', 'sub', 'iss'] as const;

/** POST /oauth/introspect (RFC 7662): for confidential clients, about their own tokens only. */
export async function introspectToken(db: Db, request: OAuthRequest, form: Form): Promise<Answer> {
  const { app, id: clientId } = await authenticateClient(db, request, form);
  // RFC 7662 §2.1: the caller authenticates; a public client cannot.
  if (!app.confidential) throw OAuthException.invalidClient('Only confidential clients may introspect tokens');
  if (!form.token) throw OAuthException.invalidParameter('token');
  request.body.token_type_hint = hintFor(form.token);
  const body = (await authorizationServer(db).introspect(request)).body as Record<string, unknown>;
  // Another app's token is none of this one's business: it is reported inactive.
  const active = body.active === true && body.client_id === clientId;
  const known = Object.fromEntries(introspectionFields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
  return { status: 200, body: active ? known : { active: false }, headers: {} };
}
