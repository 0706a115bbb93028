import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { id } from './columns';
import { replies, tickets } from './tickets';

export const agentNotificationKind = pgEnum('agent_notification_kind', ['mention', 'assigned', 'customer_replied', 'sla_warning', 'sla_breached']);

/** Who caused a notification, as it was named then (the name stays readable if the agent is deleted). */
export type NotificationActor = { type: 'agent' | 'customer' | 'api_key' | 'system'; id: number | null; name: string | null };

/** The desk's notification center: what happened to an agent's tickets, read or not yet read. */
export const agentNotifications = pgTable(
  'agent_notifications',
  {
    id: id(),
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    kind: agentNotificationKind().notNull(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    replyId: integer().references(() => replies.id, { onDelete: 'cascade' }),
    actor: jsonb().$type<NotificationActor>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // The center lists an agent's own newest first; the bell counts the unread ones.
    index().on(t.agentId, t.id.desc()),
    index('agent_notifications_unread_idx').on(t.agentId).where(sql`${t.readAt} is null`),
    index().on(t.ticketId),
  ],
);

export type AgentNotification = typeof agentNotifications.$inferSelect;
