import { authenticateClient, fetchResponse, oauthEndpoint } from '@/lib/oauth/endpoint';
import { REFRESH_PREFIX } from '@/lib/oauth/token-values';
import { authorizationServer, OAuthException } from '@/lib/oauth/server';

// POST /oauth/revoke – revoke an access or refresh token (RFC 7009); unknown tokens answer 200 too
export const POST = oauthEndpoint(async (db, request, form) => {
  await authenticateClient(db, request, form);
  if (!form.token) throw OAuthException.invalidParameter('token');
  // RFC 7009 §2.1: the hint is only a hint, and our tokens say what they are.
  request.body.token_type_hint = form.token.startsWith(REFRESH_PREFIX) ? 'refresh_token' : 'access_token';
  await authorizationServer(db).revoke(request);
  return fetchResponse({ status: 200, body: {}, headers: {} });
});
