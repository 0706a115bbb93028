import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agents } from './agents';

/**
 * Browser sessions, so that one can be ended on the server: the session cookie is a signed JWT
 * that names its row, and a request is admitted only while that row is live. Only a SHA-256 of
 * the session id is kept, so a copy of the database cannot mint cookies.
 */
export const agentSessions = pgTable(
  'agent_sessions',
  {
    idHash: text().primaryKey(),
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.agentId)],
);

/**
 * `Idempotency-Key` on POST: the first answer to a key, kept for 24 hours and replayed to a retry.
 * `scope` is who sent it (an API key or agent), so two clients' keys never meet; a row with no
 * `status` yet is a request still running.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: integer(),
    responseBody: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index().on(t.createdAt)],
);

export type AgentSession = typeof agentSessions.$inferSelect;
