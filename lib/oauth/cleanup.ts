import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { oauthCodes, oauthTokens } from '@/db/schema';

/**
 * The daily clean-up's share: codes never exchanged, a day past their expiry, and grants whose
 * every token has been revoked or has expired for a day, with those tokens (they cascade). A
 * replay of such a grant's refresh token then meets an unknown token: invalid_grant all the same.
 */
export async function deleteEndedOAuthGrants(db: Db): Promise<number> {
  const deleted = await db.execute(sql`
    delete from ${oauthCodes} c
    where c.expires_at < now() - interval '1 day'
      and not exists (
        select 1 from ${oauthTokens} t
        where t.code_id = c.id
          and (t.revoked_at > now() - interval '1 day'
            or (t.revoked_at is null and greatest(t.access_expires_at, coalesce(t.refresh_expires_at, t.access_expires_at)) > now() - interval '1 day')))`);
  return deleted.count;
}
