import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { oauthCodes } from '@/db/schema';
import { createAgent } from '@/lib/test/factories';
import { createOAuthApp, grantOAuthApp, issueOAuthCode } from '@/lib/test/oauth-apps';
import { deleteEndedOAuthGrants } from './cleanup';

const DAY = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

async function codeOf(tokenCodeId: number, expiresAt: Date) {
  await getDb().update(oauthCodes).set({ expiresAt }).where(eq(oauthCodes.id, tokenCodeId));
  return tokenCodeId;
}

describe('the daily clean-up of OAuth grants', () => {
  it('deletes codes never exchanged and grants dead for a day, and keeps everything still in use', async () => {
    const app = await createOAuthApp();
    const { id: agentId } = await createAgent();
    const staleCode = await issueOAuthCode(app.id, agentId);
    await codeOf(staleCode.id, ago(2 * DAY));
    const freshCode = await issueOAuthCode(app.id, agentId);

    const live = await grantOAuthApp(app.id, agentId);
    const revokedLongAgo = await grantOAuthApp(app.id, agentId, { revokedAt: ago(2 * DAY) });
    const revokedToday = await grantOAuthApp(app.id, agentId, { revokedAt: ago(3600_000) });
    const expiredLongAgo = await grantOAuthApp(app.id, agentId, { accessExpiresAt: ago(40 * DAY), refreshExpiresAt: ago(2 * DAY) });
    for (const token of [live, revokedLongAgo, revokedToday, expiredLongAgo]) await codeOf(token.codeId, ago(60 * DAY));

    await deleteEndedOAuthGrants(getDb());

    const left = await getDb()
      .select({ id: oauthCodes.id })
      .from(oauthCodes)
      .where(inArray(oauthCodes.id, [staleCode.id, freshCode.id, live.codeId, revokedLongAgo.codeId, revokedToday.codeId, expiredLongAgo.codeId]));
    expect(left.map((c) => c.id).sort((a, b) => a - b)).toEqual([freshCode.id, live.codeId, revokedToday.codeId].sort((a, b) => a - b));
  });
});
