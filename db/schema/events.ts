import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per change of any resource, written in the same transaction as the change: the audit log,
 * each ticket's history and the webhook outbox.
 */
export const events = pgTable(
  'events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text().notNull(),
    resourceType: text().notNull(),
    // Null only where there is no row to name: a failed sign-in with an unknown email, a setting.
    resourceId: integer(),
    // `app_id`: the OAuth app an agent acted through.
    actor: jsonb().$type<{ type: 'agent' | 'api_key' | 'system'; id: number | null; app_id?: number }>().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    // Where the change came from: the request's X-Request-Id and the client's address (null for Loopdesk's own work).
    requestId: text(),
    ip: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // A ticket's history is read by resource. Reports read their rollups, not events by type or time,
  // so migration 0019 dropped those two indexes (322 MB at 3.7M events, and writes that nothing read).
  // The audit log filters by actor and by action, newest first. Ticket events are most of the table
  // and their types are dense, so the index by action leaves them out and stays small.
  (t) => [
    index().on(t.resourceType, t.resourceId, t.id),
    index('events_actor_index').on(sql`(${t.actor} ->> 'type')`, sql`((${t.actor} ->> 'id')::int)`, t.id),
    index('events_audit_type_index').on(t.type, t.id).where(sql`${t.resourceType} <> 'ticket'`),
  ],
);

export type DomainEvent = typeof events.$inferSelect;
