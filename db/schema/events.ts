import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The outbox: one row per domain event, written in the same transaction as the change. */
export const events = pgTable(
  'events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text().notNull(),
    resourceType: text().notNull(),
    resourceId: integer().notNull(),
    actor: jsonb().$type<{ type: 'agent' | 'api_key' | 'system'; id: number | null }>().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // A ticket's history is read by resource. Reports read their rollups, not events by type or time,
  // so migration 0019 dropped those two indexes (322 MB at 3.7M events, and writes that nothing read).
  (t) => [index().on(t.resourceType, t.resourceId, t.id)],
);

export type DomainEvent = typeof events.$inferSelect;
