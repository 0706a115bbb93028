import 'server-only';
import { and, desc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, oauthApps, oauthCodes, oauthTokens } from '@/db/schema';
import type { Actor, ServiceContext } from '@/lib/context';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { recordEvents, resourceEvent } from '@/lib/events';
import { fullName } from '@/lib/names';
import { isoTime } from '@/lib/time';
import { getOAuthAppOrThrow } from './apps';
import type { AuthorizedAppJson, OAuthGrantJson } from './schema';
import { scopes as catalogueOrder } from './scopes';

/**
 * A grant is what an agent's consent left behind: their live tokens for an app. A token row lives
 * while it is not revoked and its access or refresh token has not expired; a grant is all of an
 * agent's live rows for one app, so it ends when the last of them does.
 */
const isLive = and(isNull(oauthTokens.revokedAt), or(gt(oauthTokens.accessExpiresAt, sql`now()`), gt(oauthTokens.refreshExpiresAt, sql`now()`)));

/** Scopes in the catalogue's order (as the consent page lists them), any the catalogue no longer has last. */
function inCatalogueOrder(list: readonly string[]): string[] {
  const rank = (scope: string) => {
    const i = catalogueOrder.indexOf(scope as (typeof catalogueOrder)[number]);
    return i === -1 ? catalogueOrder.length : i;
  };
  return [...new Set(list)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The grants `only` selects, one row per app and agent, newest first: the union of their live
 * tokens' scopes, when the first of them was issued and when any was last used. One query, on the
 * partial indexes over (app, agent) and (agent, app) of the live rows.
 */
async function liveGrants(db: Db, only: SQL) {
  // A refresh replaces the token row, so when the grant began is its consent's (the code's), and
  // when it was last used is over every row of the app and agent, the replaced ones included.
  const live = db
    .select({
      appId: oauthTokens.appId,
      agentId: oauthTokens.agentId,
      createdAt: sql<Date>`${oauthCodes.createdAt}`.as('consented_at'),
      lastUsedAt:
        sql<Date | null>`(select max(u.last_used_at) from ${oauthTokens} u where u.app_id = ${oauthTokens.appId} and u.agent_id = ${oauthTokens.agentId})`.as(
          'last_used',
        ),
      scope: sql<string>`unnest(${oauthTokens.scopes})`.as('scope'),
    })
    .from(oauthTokens)
    .innerJoin(oauthCodes, eq(oauthCodes.id, oauthTokens.codeId))
    .where(and(only, isLive))
    .as('live');
  const rows = await db
    .select({
      app: { id: oauthApps.id, name: oauthApps.name, description: oauthApps.description, logoUrl: oauthApps.logoUrl },
      agent: { id: agents.id, firstName: agents.firstName, lastName: agents.lastName, email: agents.email },
      // What the app is still registered for: tokens are narrowed with their app (tokens.ts).
      scopes: sql<string[]>`array_agg(distinct ${live.scope}) filter (where ${live.scope} = any(${oauthApps.scopes}))`,
      authorizedAt: sql<string>`min(${live.createdAt})`,
      lastUsedAt: sql<string | null>`max(${live.lastUsedAt})`,
    })
    .from(live)
    .innerJoin(oauthApps, eq(oauthApps.id, live.appId))
    .innerJoin(agents, eq(agents.id, live.agentId))
    .groupBy(oauthApps.id, agents.id)
    .orderBy(desc(sql`min(${live.createdAt})`), oauthApps.id, agents.id);
  return rows.map((row) => ({
    ...row,
    scopes: inCatalogueOrder(row.scopes ?? []),
    authorized_at: isoTime(new Date(row.authorizedAt)),
    last_used_at: row.lastUsedAt === null ? null : isoTime(new Date(row.lastUsedAt)),
  }));
}

/** GET /oauth-apps/{id}/grants: the agents who authorized the app and have not been cut off. */
export async function listOAuthAppGrants(ctx: ServiceContext, appId: number): Promise<OAuthGrantJson[]> {
  await getOAuthAppOrThrow(ctx.db, appId);
  const grants = await liveGrants(ctx.db, eq(oauthTokens.appId, appId));
  return grants.map(({ agent, scopes, authorized_at, last_used_at }) => ({
    agent: { id: agent.id, name: fullName(agent.firstName, agent.lastName), email: agent.email },
    scopes,
    authorized_at,
    last_used_at,
  }));
}

/** Authorized apps are the signed-in agent's own: an API key acts for nobody in particular. */
function signedInAgent(actor: Actor): number {
  if (actor.type !== 'agent') throw new ForbiddenError('Only a signed-in agent has authorized apps; API keys act for nobody in particular');
  return actor.agentId;
}

/** GET /me/authorized-apps: the apps the signed-in agent authorized and has not revoked. */
export async function listAuthorizedApps(ctx: ServiceContext): Promise<AuthorizedAppJson[]> {
  const grants = await liveGrants(ctx.db, eq(oauthTokens.agentId, signedInAgent(ctx.actor)));
  return grants.map(({ app, scopes, authorized_at, last_used_at }) => ({
    app: { id: app.id, name: app.name, description: app.description, logo_url: app.logoUrl },
    scopes,
    authorized_at,
    last_used_at,
  }));
}

/**
 * The signed-in agent withdraws an app's access: every live token of theirs for it is revoked at
 * once, and a code not yet exchanged is discarded, so a consent given a moment before cannot mint
 * a token after. The app and other agents' grants stay.
 */
export async function revokeAuthorizedApp(ctx: ServiceContext, appId: number): Promise<void> {
  const agentId = signedInAgent(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    // Marked first: a refresh racing this revocation sees the mark after writing its token (repositories.ts).
    await tx
      .update(oauthCodes)
      .set({ familyRevokedAt: sql`now()` })
      .where(and(eq(oauthCodes.appId, appId), eq(oauthCodes.agentId, agentId)));
    const revoked = await tx
      .update(oauthTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(oauthTokens.appId, appId), eq(oauthTokens.agentId, agentId), isLive))
      .returning({ scopes: oauthTokens.scopes });
    if (revoked.length === 0) throw new NotFoundError('Authorized app');
    await tx.delete(oauthCodes).where(and(eq(oauthCodes.appId, appId), eq(oauthCodes.agentId, agentId), isNull(oauthCodes.usedAt)));
    const [agent] = await tx.select({ firstName: agents.firstName, lastName: agents.lastName, email: agents.email }).from(agents).where(eq(agents.id, agentId));
    const payload = {
      agent: { id: agentId, name: agent ? fullName(agent.firstName, agent.lastName) : null, email: agent?.email ?? null },
      scopes: inCatalogueOrder(revoked.flatMap((r) => r.scopes)),
      revoked_tokens: revoked.length,
    };
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('oauth_app.revoked', appId, payload)]);
  });
}
