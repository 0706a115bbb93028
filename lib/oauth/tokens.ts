import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, oauthApps, oauthTokens } from '@/db/schema';
import { permissionOfRole, type Authenticated } from '@/lib/context';
import { UnauthorizedError } from '@/lib/errors';
import { ACCESS_PREFIX, hashToken } from './token-values';

export const isAccessToken = (credential: string) => credential.startsWith(ACCESS_PREFIX);

/** A 401 for a bearer token that is not (or no longer) an access token: RFC 6750 §3.1's `invalid_token`. */
export class InvalidTokenError extends UnauthorizedError {
  readonly challenge = 'Bearer error="invalid_token"';

  /** `known`: a real token that has expired or been revoked, which an app meets in normal use; not a guess. */
  constructor(
    message: string,
    readonly known = false,
  ) {
    super(message);
  }
}

/**
 * The agent behind an OAuth access token, acting through its app. Checked on every request, so
 * revoking the grant, deleting the app or deactivating the agent ends the token at once; what it
 * may do is the agent's role and the token's scopes together (lib/api/route.ts checks both).
 */
export async function authenticateAccessToken(db: Db, raw: string): Promise<Authenticated> {
  const [row] = await db
    .select({ token: oauthTokens, role: agents.role, status: agents.status, appScopes: oauthApps.scopes })
    .from(oauthTokens)
    .innerJoin(agents, eq(agents.id, oauthTokens.agentId))
    .innerJoin(oauthApps, eq(oauthApps.id, oauthTokens.appId))
    .where(eq(oauthTokens.accessHash, hashToken(raw)));
  if (!row || row.token.revokedAt) throw new InvalidTokenError('The access token is invalid or has been revoked', Boolean(row));
  if (row.token.accessExpiresAt.getTime() <= Date.now()) throw new InvalidTokenError('The access token has expired: refresh it', true);
  if (row.status !== 'active') throw new InvalidTokenError('The agent who authorized this app has been deactivated', true);
  await touchToken(db, row.token);
  const { token } = row;
  // An app whose registered scopes were narrowed has its tokens narrowed with it, at once.
  const scopes = token.scopes.filter((s) => row.appScopes.includes(s));
  return {
    actor: { type: 'agent', agentId: token.agentId, permission: permissionOfRole(row.role), app: { id: token.appId, tokenId: token.id, scopes } },
    rateLimit: null,
  };
}

/** last_used_at at most once a minute: the authorized-apps page shows it, nothing needs it finer. */
async function touchToken(db: Db, token: typeof oauthTokens.$inferSelect): Promise<void> {
  if (token.lastUsedAt && Date.now() - token.lastUsedAt.getTime() < 60_000) return;
  await db
    .update(oauthTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(oauthTokens.id, token.id),
        isNull(oauthTokens.revokedAt),
        sql`(${oauthTokens.lastUsedAt} is null or ${oauthTokens.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
}
