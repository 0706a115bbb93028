import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { events } from './events';

export const webhooks = pgTable('webhooks', {
  id: id(),
  url: text().notNull(),
  events: text().array().notNull().default(sql`'{}'::text[]`),
  secret: text().notNull(),
  previousSecret: text(),
  previousSecretExpiresAt: timestamp({ withTimezone: true }),
  active: boolean().notNull().default(true),
  description: text(),
  disabledReason: text(),
  ...timestamps(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' }).references(() => events.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    requestBody: text(),
    responseCode: integer(),
    responseBody: text(),
    durationMs: integer(),
    nextAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [index().on(t.webhookId, t.createdAt), index().on(t.eventId)],
);

export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
