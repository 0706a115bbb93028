import { clientCredentialsOf, fetchResponse, oauthEndpoint, useCredentials } from '@/lib/oauth/endpoint';
import { authorizationServer, OAuthException } from '@/lib/oauth/server';

// Only the two grants of a user-context app: no implicit, password or client-credentials grant (RFC 9700 §2.4).
const grants = new Set(['authorization_code', 'refresh_token']);

// POST /oauth/token – exchange a code (with its PKCE verifier) or rotate a refresh token
export const POST = oauthEndpoint(async (db, request, form) => {
  if (!form.grant_type) throw OAuthException.invalidParameter('grant_type');
  if (!grants.has(form.grant_type)) throw OAuthException.unsupportedGrantType();
  const { id, secret } = clientCredentialsOf(form, request.headers.authorization);
  if (!id) throw OAuthException.invalidParameter('client_id');
  useCredentials(request, id, secret);
  return fetchResponse(await authorizationServer(db).respondToAccessTokenRequest(request));
});
