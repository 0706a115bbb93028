import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { id, timestamps } from './columns';
import { tickets } from './tickets';

/**
 * Who has a ticket open in the desk right now, and whether they are typing a reply: a heartbeat
 * row per agent and ticket, read by the others for the collision notice. UNLOGGED (see the
 * migration): it is seconds old and worthless after a crash.
 */
export const ticketPresence = pgTable(
  'ticket_presence',
  {
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    typing: boolean().notNull().default(false),
    seenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.agentId] })],
);

/** An agent's own inbox views: a name and the inbox's query string. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    query: text().notNull(),
    ...timestamps(),
  },
  (t) => [index().on(t.agentId, t.name)],
);

export type SavedView = typeof savedViews.$inferSelect;
