import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import {
  OAuthException,
  type GrantIdentifier,
  type OAuthAuthCode,
  type OAuthAuthCodeRepository,
  type OAuthClient,
  type OAuthClientRepository,
  type OAuthScope,
  type OAuthScopeRepository,
  type OAuthToken,
  type OAuthTokenRepository,
  type OAuthUser,
  type OAuthUserRepository,
} from '@jmondi/oauth2-server';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, oauthApps, oauthCodes, oauthTokens, type OAuthApp } from '@/db/schema';
import { isScope, scopesOfRole } from './scopes';
import { ACCESS_PREFIX, CODE_PREFIX, hashToken, randomToken, REFRESH_PREFIX } from './token-values';

/** The authorization server's storage (@jmondi/oauth2-server's repositories) on our tables. */

/** RFC 9700 §2.1.1 and the issue: a code lives at most 10 minutes. */
const CODE_LIFETIME_MS = 10 * 60_000;
/** A refresh token lives 30 days from its issue; each use rotates it. */
const REFRESH_LIFETIME_MS = 30 * 24 * 3600_000;
/** A consent lasts 90 days at most, however often its refresh token is used: then the agent is asked again. */
const FAMILY_LIFETIME_MS = 90 * 24 * 3600_000;

/** The library's client, with the row it came from. */
export type Client = OAuthClient & { app: OAuthApp };
/** The library's token, with its row (absent until persisted) and the code it descends from. */
type Token = OAuthToken & { rowId?: number; codeId?: number; revokedAt?: Date | null };

export function clientOf(app: OAuthApp): Client {
  return {
    id: app.clientId,
    name: app.name,
    // The library treats a client with a secret as confidential; the hash stands for it.
    secret: app.confidential ? app.secretHash : null,
    redirectUris: app.redirectUris,
    allowedGrants: ['authorization_code', 'refresh_token'],
    scopes: app.scopes.map((name) => ({ name })),
    app,
  };
}

const appOf = (client: OAuthClient) => (client as Client).app;

/** The code a token descends from: a raw code on first exchange, `code:<id>` for a refreshed one. */
async function codeIdOf(db: Db, originating: string | undefined): Promise<number> {
  if (originating?.startsWith('code:')) return Number(originating.slice(5));
  const [code] = originating
    ? await db
        .select({ id: oauthCodes.id })
        .from(oauthCodes)
        .where(eq(oauthCodes.codeHash, hashToken(originating)))
    : [];
  if (!code) throw OAuthException.invalidGrant('The authorization code is unknown');
  return code.id;
}

/**
 * Revokes every token of a family: a replayed refresh token or a reused code. The family is marked
 * first and a new token checks the mark after it is written, so a refresh racing this one cannot
 * slip a live token in between.
 */
async function revokeFamily(db: Db, codeId: number): Promise<void> {
  await db.update(oauthCodes).set({ familyRevokedAt: sql`now()` }).where(eq(oauthCodes.id, codeId));
  await db
    .update(oauthTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(oauthTokens.codeId, codeId), isNull(oauthTokens.revokedAt)));
}

export function clientRepository(db: Db): OAuthClientRepository {
  return {
    async getByIdentifier(clientId) {
      const [app] = typeof clientId === 'string' ? await db.select().from(oauthApps).where(eq(oauthApps.clientId, clientId)) : [];
      if (!app) throw OAuthException.invalidClient('Unknown client_id');
      return clientOf(app);
    },
    // Also asked for `client_credentials`: the library authenticates revocation and introspection
    // requests under that name. The token endpoint refuses that grant before the library sees it.
    async isClientValid(grantType: GrantIdentifier, client, clientSecret) {
      if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) return false;
      const app = appOf(client);
      if (!app.confidential) return true;
      if (typeof clientSecret !== 'string' || !app.secretHash) return false;
      return timingSafeEqual(Buffer.from(hashToken(clientSecret)), Buffer.from(app.secretHash));
    },
  };
}

export function scopeRepository(db: Db): OAuthScopeRepository {
  return {
    async getAllByIdentifiers(names) {
      return names.filter(isScope).map((name) => ({ name }));
    },
    /**
     * What the app may have: none asked → all the app is registered for; one it is not registered
     * for → invalid_scope. Once the user is known (token and refresh), what their role cannot use
     * or the app is no longer registered for is dropped, so a demoted admin's next refresh loses `admin`.
     */
    async finalize(requested, _grant, client, userId) {
      const allowed = client.scopes.map((s) => s.name);
      const outside = requested.filter((s) => !allowed.includes(s.name));
      if (outside.length > 0 && userId === undefined) throw OAuthException.invalidScope(outside.map((s) => s.name).join(' '));
      // Past consent (a code or a refresh), scopes the app has since lost are dropped, not refused.
      const chosen: OAuthScope[] = requested.length > 0 ? requested.filter((s) => allowed.includes(s.name)) : client.scopes;
      if (userId === undefined) return chosen;
      const [agent] = await db
        .select({ role: agents.role })
        .from(agents)
        .where(eq(agents.id, Number(userId)));
      const grantable: string[] = agent ? scopesOfRole(agent.role) : [];
      const kept = chosen.filter((s) => grantable.includes(s.name));
      if (kept.length === 0) throw OAuthException.invalidScope(undefined);
      return kept;
    },
  };
}

export function userRepository(db: Db): OAuthUserRepository {
  return {
    // Only ever asked by id (no password grant): an agent who is still active.
    async getUserByCredentials(id) {
      const [agent] = await db
        .select({ id: agents.id })
        .from(agents)
        .where(and(eq(agents.id, Number(id)), eq(agents.status, 'active')));
      return agent ? { id: agent.id } : undefined;
    },
  };
}

export function authCodeRepository(db: Db): OAuthAuthCodeRepository {
  return {
    issueAuthCode(client, user, scopes) {
      return { code: randomToken(CODE_PREFIX), client, user, scopes, expiresAt: new Date(Date.now() + CODE_LIFETIME_MS) };
    },
    async persist(code) {
      if (!code.user || !code.redirectUri || !code.codeChallenge) throw OAuthException.badRequest('A code needs a user, a redirect URI and a PKCE challenge');
      await db.insert(oauthCodes).values({
        codeHash: hashToken(code.code),
        appId: appOf(code.client).id,
        agentId: Number(code.user.id),
        redirectUri: code.redirectUri,
        codeChallenge: code.codeChallenge,
        scopes: code.scopes.map((s) => s.name),
        expiresAt: new Date(Math.min(code.expiresAt.getTime(), Date.now() + CODE_LIFETIME_MS)),
      });
    },
    async getByIdentifier(raw): Promise<OAuthAuthCode> {
      const [row] =
        typeof raw === 'string'
          ? await db
              .select()
              .from(oauthCodes)
              .innerJoin(oauthApps, eq(oauthApps.id, oauthCodes.appId))
              .where(eq(oauthCodes.codeHash, hashToken(raw)))
          : [];
      if (!row) throw OAuthException.invalidGrant('The authorization code is unknown');
      const { oauth_codes: code, oauth_apps: app } = row;
      return {
        code: raw,
        redirectUri: code.redirectUri,
        codeChallenge: code.codeChallenge,
        codeChallengeMethod: 'S256',
        expiresAt: code.expiresAt,
        user: { id: code.agentId },
        client: clientOf(app),
        scopes: code.scopes.map((name) => ({ name })),
      };
    },
    async isRevoked(raw) {
      const [code] = await db
        .select({ usedAt: oauthCodes.usedAt })
        .from(oauthCodes)
        .where(eq(oauthCodes.codeHash, hashToken(raw)));
      return !code || code.usedAt !== null;
    },
    /** Marks the code used. Two exchanges racing past isRevoked both end here; the loser revokes them all. */
    async revoke(raw) {
      const [used] = await db
        .update(oauthCodes)
        .set({ usedAt: sql`now()` })
        .where(and(eq(oauthCodes.codeHash, hashToken(raw)), isNull(oauthCodes.usedAt)))
        .returning({ id: oauthCodes.id });
      if (used) return;
      await revokeFamily(db, await codeIdOf(db, raw));
      throw OAuthException.invalidGrant('The authorization code was already used');
    },
  };
}

type TokenRow = { token: typeof oauthTokens.$inferSelect; app: OAuthApp };

function tokenOf({ token, app }: TokenRow, raw: { access?: string; refresh?: string }): Token {
  return {
    accessToken: raw.access ?? `id:${token.id}`,
    accessTokenExpiresAt: token.accessExpiresAt,
    refreshToken: raw.refresh ?? null,
    refreshTokenExpiresAt: token.refreshExpiresAt,
    client: clientOf(app),
    user: { id: token.agentId } satisfies OAuthUser,
    // What the app is still registered for: an app narrowed by an admin has its tokens narrowed with it.
    scopes: token.scopes.filter((name) => app.scopes.includes(name)).map((name) => ({ name })),
    originatingAuthCodeId: `code:${token.codeId}`,
    rowId: token.id,
    codeId: token.codeId,
    revokedAt: token.revokedAt,
  };
}

async function tokenBy(db: Db, column: 'accessHash' | 'refreshHash', raw: string): Promise<TokenRow | undefined> {
  const [row] = await db
    .select({ token: oauthTokens, app: oauthApps })
    .from(oauthTokens)
    .innerJoin(oauthApps, eq(oauthApps.id, oauthTokens.appId))
    .where(eq(oauthTokens[column], hashToken(raw)));
  return row;
}

export function tokenRepository(db: Db): OAuthTokenRepository {
  return {
    async issueToken(client, scopes, user) {
      return { accessToken: randomToken(ACCESS_PREFIX), accessTokenExpiresAt: new Date(), client, user, scopes };
    },
    async persist(token: Token) {
      if (!token.user) throw OAuthException.invalidGrant('The agent who authorized this app is no longer active');
      const codeId = await codeIdOf(db, token.originatingAuthCodeId);
      const [row] = await db
        .insert(oauthTokens)
        .values({
          appId: appOf(token.client).id,
          agentId: Number(token.user.id),
          codeId,
          accessHash: hashToken(token.accessToken),
          accessExpiresAt: token.accessTokenExpiresAt,
          scopes: token.scopes.map((s) => s.name),
        })
        .returning({ id: oauthTokens.id });
      token.rowId = row!.id;
      token.codeId = codeId;
      const [family] = await db.select({ revokedAt: oauthCodes.familyRevokedAt }).from(oauthCodes).where(eq(oauthCodes.id, codeId));
      if (family?.revokedAt) {
        await revokeFamily(db, codeId);
        throw OAuthException.invalidGrant('This grant was revoked: a code or refresh token was used twice');
      }
    },
    async issueRefreshToken(token: Token) {
      const [code] = await db.select({ createdAt: oauthCodes.createdAt }).from(oauthCodes).where(eq(oauthCodes.id, token.codeId!));
      // Each rotation gives 30 days more, but never past 90 days from the consent (RFC 9700 §4.14.2).
      const end = Math.min(Date.now() + REFRESH_LIFETIME_MS, (code?.createdAt.getTime() ?? Date.now()) + FAMILY_LIFETIME_MS);
      token.refreshToken = randomToken(REFRESH_PREFIX);
      token.refreshTokenExpiresAt = new Date(end);
      await db
        .update(oauthTokens)
        .set({ refreshHash: hashToken(token.refreshToken), refreshExpiresAt: token.refreshTokenExpiresAt })
        .where(eq(oauthTokens.id, token.rowId!));
      return token;
    },
    /**
     * Revokes the row (its access and refresh token together). A row already revoked means its
     * refresh token was used twice, by two racing refreshes or by a thief: the family goes.
     */
    async revoke(token: Token) {
      const [revoked] = await db
        .update(oauthTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(oauthTokens.id, token.rowId!), isNull(oauthTokens.revokedAt)))
        .returning({ id: oauthTokens.id });
      if (revoked) return;
      await revokeFamily(db, token.codeId!);
      throw OAuthException.invalidGrant('The refresh token was already used');
    },
    async revokeDescendantsOf(raw) {
      const [code] = await db
        .select({ id: oauthCodes.id })
        .from(oauthCodes)
        .where(eq(oauthCodes.codeHash, hashToken(raw)));
      if (code) await revokeFamily(db, code.id);
    },
    /**
     * A revoked refresh token presented again is a replay (RFC 9700 §4.14.2): the whole family is
     * revoked. So is a deactivated agent's.
     */
    async isRefreshTokenRevoked(token: Token) {
      const [agent] = await db
        .select({ status: agents.status })
        .from(agents)
        .where(eq(agents.id, Number(token.user!.id)));
      if (!token.revokedAt && agent?.status === 'active') return false;
      await revokeFamily(db, token.codeId!);
      return true;
    },
    async getByRefreshToken(raw) {
      const row = typeof raw === 'string' ? await tokenBy(db, 'refreshHash', raw) : undefined;
      if (!row) throw OAuthException.invalidGrant('The refresh token is unknown');
      return tokenOf(row, { refresh: raw });
    },
    // For revocation and introspection: a revoked token is unknown, so it is inactive.
    async getByAccessToken(raw) {
      const row = await tokenBy(db, 'accessHash', raw);
      if (!row || row.token.revokedAt) throw OAuthException.invalidGrant('The access token is unknown');
      return tokenOf(row, { access: raw });
    },
  };
}
