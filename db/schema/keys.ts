import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { agents } from './agents';
import { id, timestamps } from './columns';

export const keyPermission = pgEnum('key_permission', ['read', 'write', 'admin']);

/** API keys: only a SHA-256 hash of the secret and a short visible prefix are kept. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    permission: keyPermission().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    ipWhitelist: text().array().notNull().default(sql`'{}'::text[]`),
    rateLimit: integer(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdByAgentId: integer().references(() => agents.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [index().on(t.createdAt)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
