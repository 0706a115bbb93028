import 'server-only';
import { AuthorizationServer, DateInterval, OAuthException, type JwtInterface } from '@jmondi/oauth2-server';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, oauthApps, oauthTokens } from '@/db/schema';
import { publicUrl } from '@/lib/config';
import { authCodeRepository, clientRepository, scopeRepository, tokenRepository, userRepository } from './repositories';
import { ACCESS_PREFIX, hashToken, REFRESH_PREFIX } from './token-values';

/**
 * The authorization server: @jmondi/oauth2-server on our tables. It runs on Fetch-style requests
 * inside Next route handlers and brings the grants, PKCE, client authentication, revocation and
 * introspection; Loopdesk adds what RFC 9700 asks beyond it (exact redirect URIs, `iss`, refresh
 * reuse detection) in lib/oauth/authorize.ts and the repositories.
 */
export function authorizationServer(db: Db): AuthorizationServer {
  const server = new AuthorizationServer(clientRepository(db), tokenRepository(db), scopeRepository(db), opaqueTokens(db), {
    requiresPKCE: true,
    requiresS256: true,
    issuer: issuer(),
    useOpaqueAuthorizationCodes: true,
    useOpaqueRefreshTokens: true,
    authenticateIntrospect: true,
    authenticateRevoke: true,
  });
  server.enableGrantTypes(
    [{ grant: 'authorization_code', authCodeRepository: authCodeRepository(db), userRepository: userRepository(db) }, new DateInterval('1h')],
    ['refresh_token', new DateInterval('1h')],
  );
  return server;
}

/** RFC 8414 and RFC 9207: who issues codes and tokens, the `iss` an app checks. */
export function issuer(): string {
  return publicUrl();
}

/**
 * The library signs access tokens as JWTs through this interface. Ours are opaque instead: the
 * "signature" of an access token is its random value, and reading one (for revocation and
 * introspection) is a lookup of its hash. Only live tokens can be read: a revoked or expired one
 * is inactive.
 */
function opaqueTokens(db: Db): JwtInterface {
  return {
    async sign(payload) {
      if (typeof payload === 'object' && 'jti' in payload && typeof payload.jti === 'string' && payload.jti.startsWith(ACCESS_PREFIX)) return payload.jti;
      throw new Error('Only access tokens are issued through the token codec');
    },
    async verify(token) {
      const refresh = token.startsWith(REFRESH_PREFIX);
      if (!refresh && !token.startsWith(ACCESS_PREFIX)) throw new Error('Not a Loopdesk token');
      const hash = hashToken(token);
      const [row] = await db
        .select({ token: oauthTokens, clientId: oauthApps.clientId, email: agents.email })
        .from(oauthTokens)
        .innerJoin(oauthApps, eq(oauthApps.id, oauthTokens.appId))
        .innerJoin(agents, and(eq(agents.id, oauthTokens.agentId), eq(agents.status, 'active')))
        .where(
          and(
            refresh ? eq(oauthTokens.refreshHash, hash) : eq(oauthTokens.accessHash, hash),
            isNull(oauthTokens.revokedAt),
            gt(refresh ? oauthTokens.refreshExpiresAt : oauthTokens.accessExpiresAt, new Date()),
          ),
        );
      if (!row) throw new Error('Unknown or inactive token');
      const claims = {
        sub: String(row.token.agentId),
        username: row.email,
        scope: row.token.scopes.join(' '),
        iat: Math.floor(row.token.createdAt.getTime() / 1000),
        exp: Math.floor((refresh ? row.token.refreshExpiresAt! : row.token.accessExpiresAt).getTime() / 1000),
        iss: issuer(),
      };
      return refresh ? { ...claims, refresh_token_id: token, client_id: row.clientId } : { ...claims, jti: token, cid: row.clientId };
    },
    decode() {
      return null;
    },
  };
}

/**
 * The library reports several code and refresh-token failures as `invalid_request`; RFC 6749 §5.2
 * calls a code or refresh token that is expired, revoked, used, or issued for another client or
 * redirect URI `invalid_grant`.
 */
const grantFailures = new Set([
  'Authorization code is expired or revoked',
  'Authorization code was not issued to this client',
  'Invalid redirect URI',
  'Cannot verify scopes',
  'Token has expired',
  'Token has been revoked',
  'Token is not linked to client',
  'Token missing',
]);

/** An error of the token, revocation or introspection endpoint in RFC 6749 §5.2's JSON form. */
export function oauthErrorResponse(error: OAuthException): Response {
  const code = error.errorType === 'invalid_request' && grantFailures.has(error.errorDescription ?? '') ? 'invalid_grant' : error.errorType;
  const status = code === 'invalid_client' ? 401 : code === 'server_error' ? 500 : 400;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="loopdesk"';
  return Response.json({ error: code, error_description: error.errorDescription ?? error.error }, { status, headers });
}

export { OAuthException };
