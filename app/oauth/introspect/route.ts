import { authenticateClient, fetchResponse, oauthEndpoint } from '@/lib/oauth/endpoint';
import { REFRESH_PREFIX } from '@/lib/oauth/token-values';
import { authorizationServer, OAuthException } from '@/lib/oauth/server';

const fields = ['active', 'scope', 'client_id', 'username', 'token_type', 'exp', 'iat', 'sub', 'iss'] as const;

// POST /oauth/introspect – is a token active, and for whom (RFC 7662); confidential clients, their own tokens
export const POST = oauthEndpoint(async (db, request, form) => {
  const { app, id: clientId } = await authenticateClient(db, request, form);
  // RFC 7662 §2.1: the caller authenticates; a public client cannot.
  if (!app.confidential) throw OAuthException.invalidClient('Only confidential clients may introspect tokens');
  if (!form.token) throw OAuthException.invalidParameter('token');
  request.body.token_type_hint = form.token.startsWith(REFRESH_PREFIX) ? 'refresh_token' : 'access_token';
  const answer = await authorizationServer(db).introspect(request);
  const body = answer.body as Record<string, unknown>;
  // Another app's token is none of this one's business: it is reported inactive.
  const active = body.active === true && body.client_id === clientId;
  const known = Object.fromEntries(fields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
  return fetchResponse({ status: 200, body: active ? known : { active: false }, headers: {} });
});
