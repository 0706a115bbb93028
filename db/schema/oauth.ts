import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { id, timestamps } from './columns';

/**
 * Third-party applications that act for an agent through OAuth 2.0. A confidential app keeps a
 * secret (only its SHA-256 hash is stored); a public one (a SPA or a native app) has none and
 * relies on PKCE alone. `native` apps may use a loopback redirect on any port (RFC 8252 §7.3).
 */
export const oauthApps = pgTable('oauth_apps', {
  id: id(),
  clientId: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull().default(''),
  logoUrl: text(),
  confidential: boolean().notNull(),
  native: boolean().notNull().default(false),
  secretHash: text(),
  redirectUris: text().array().notNull(),
  scopes: text().array().notNull(),
  createdByAgentId: integer().references(() => agents.id, { onDelete: 'set null' }),
  ...timestamps(),
});

/** Authorization codes: single use (`usedAt`), bound to app, agent, redirect URI and PKCE challenge. */
export const oauthCodes = pgTable(
  'oauth_codes',
  {
    id: id(),
    codeHash: text().notNull().unique(),
    appId: integer()
      .notNull()
      .references(() => oauthApps.id, { onDelete: 'cascade' }),
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    redirectUri: text().notNull(),
    codeChallenge: text().notNull(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    // Set when the family was revoked (a reused code or a replayed refresh token): no token may join it after.
    familyRevokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.appId), index().on(t.agentId), index().on(t.expiresAt)],
);

/**
 * One row per token response: an access token and the refresh token issued with it, both kept only
 * as hashes. Every row descends from one code (`codeId`, the family): a replayed refresh token or
 * a reused code revokes the whole family.
 */
export const oauthTokens = pgTable(
  'oauth_tokens',
  {
    id: id(),
    appId: integer()
      .notNull()
      .references(() => oauthApps.id, { onDelete: 'cascade' }),
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    codeId: integer()
      .notNull()
      .references(() => oauthCodes.id, { onDelete: 'cascade' }),
    accessHash: text().notNull().unique(),
    accessExpiresAt: timestamp({ withTimezone: true }).notNull(),
    refreshHash: text().unique(),
    refreshExpiresAt: timestamp({ withTimezone: true }),
    scopes: text().array().notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.codeId),
    // An agent's authorized apps, and an app's grants: the live rows of each.
    index().on(t.agentId, t.appId).where(sql`${t.revokedAt} is null`),
    index().on(t.appId, t.agentId).where(sql`${t.revokedAt} is null`),
  ],
);

export type OAuthApp = typeof oauthApps.$inferSelect;
export type OAuthCode = typeof oauthCodes.$inferSelect;
export type OAuthTokenRow = typeof oauthTokens.$inferSelect;
