import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { encryptedText } from './encrypted-text';
import { events } from './events';

export const webhooks = pgTable('webhooks', {
  id: id(),
  url: text().notNull(),
  events: text().array().notNull().default(sql`'{}'::text[]`),
  // Encrypted at rest: signing needs the secret itself, so it cannot be a hash like an API key's.
  secret: encryptedText().notNull(),
  previousSecret: encryptedText(),
  previousSecretExpiresAt: timestamp({ withTimezone: true }),
  active: boolean().notNull().default(true),
  description: text(),
  disabledReason: text(),
  /** When the current run of failed deliveries began; cleared by a success. Three days of it disables the webhook. */
  failingSince: timestamp({ withTimezone: true }),
  ...timestamps(),
});

/** One event for one webhook: the unit that is retried, logged and redelivered. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    /** pending (not tried yet) | retrying | succeeded | failed (gave up) */
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    /** Set while an attempt is being made, so a second worker holding the same job leaves it alone. */
    lockedUntil: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index().on(t.webhookId, t.createdAt),
    index().on(t.webhookId, t.status, t.createdAt),
    index().on(t.eventId),
    index().on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'retrying')`),
    index().on(t.createdAt),
  ],
);

/** Each request made for a delivery, for the delivery log. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: integer()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: integer().notNull(),
    responseStatus: integer(),
    /** The first 2 KB of the response body. */
    responseBody: text(),
    /** Why the attempt failed: timeout, dns, connection_refused, tls, blocked_target, redirect, http_error… */
    error: text(),
    errorMessage: text(),
  },
  (t) => [index().on(t.deliveryId, t.id)],
);

export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttempt = typeof webhookDeliveryAttempts.$inferSelect;
