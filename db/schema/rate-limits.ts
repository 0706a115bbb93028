import { bigint, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Rate-limit counters, in the shape rate-limiter-flexible's PostgreSQL store reads and writes: one
 * row per budget (`key`), the points spent in its window and when the window ends (epoch ms).
 * Shared by every app instance on the database; created UNLOGGED (see the migration), as counters
 * need no crash safety.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: 'number' }),
});
