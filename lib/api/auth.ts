import type { Db } from '@/db/client';
import { checkApiKey, touchApiKey } from '@/lib/api-keys/service';
import { authenticateAccessToken, isAccessToken } from '@/lib/oauth/tokens';
import type { Authenticated } from '@/lib/context';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { clientIp, ipAllowed } from './client-ip';
import { sessionAgent } from './session';

const refusals = {
  unknown: 'Invalid API key',
  revoked: 'API key has been revoked',
  expired: 'API key has expired',
  creator_inactive: 'API key no longer works: the agent who created it has been deactivated',
} as const;

/**
 * `Authorization: Bearer ld_live_...` → the acting key and its own rate limit; `Bearer ld_oat_...`
 * → the agent behind an OAuth access token; without that header, the signed-in agent of a browser
 * session; else a 401/403 domain error.
 */
export async function authenticate(db: Db, req: Request): Promise<Authenticated> {
  const header = req.headers.get('authorization');
  if (!header) {
    const session = await sessionAgent(db, req);
    if (session) return session;
    throw new UnauthorizedError('Authentication required: send Authorization: Bearer <API key>');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('Authorization header must be: Bearer <API key>');

  if (isAccessToken(match[1])) return authenticateAccessToken(db, match[1]);
  const check = await checkApiKey(db, match[1]);
  if (!check.ok) throw new UnauthorizedError(refusals[check.reason]);
  if (!ipAllowed(clientIp(req), check.key.ipWhitelist)) {
    throw new ForbiddenError('This API key may not be used from this IP address');
  }
  await touchApiKey(db, check.key);
  return {
    actor: { type: 'api_key', keyId: check.key.id, agentId: check.key.createdByAgentId, permission: check.permission },
    rateLimit: check.key.rateLimit,
  };
}
