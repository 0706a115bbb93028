import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { id, timestamps } from './columns';
import { mailboxes } from './mailboxes';
import { replies, tickets } from './tickets';

export const inboundOutcome = pgEnum('inbound_outcome', ['ticket', 'reply', 'auto_reply', 'bounce', 'refused']);

/**
 * Every message received, by its Message-ID (one made from the message's hash when it has none).
 * The unique Message-ID is what makes receiving idempotent: a re-fetch after a crash, a duplicate
 * delivery or the same message in two mailboxes finds its row and makes nothing new.
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: id(),
    messageId: text().notNull().unique(),
    mailboxId: integer().references(() => mailboxes.id, { onDelete: 'set null' }),
    fromAddress: text(),
    subject: text(),
    size: integer().notNull(),
    outcome: inboundOutcome().notNull(),
    // Why a message made no ticket or reply, or was not answered (a refused size, an auto-reply).
    reason: text(),
    ticketId: integer().references(() => tickets.id, { onDelete: 'set null' }),
    replyId: integer().references(() => replies.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  // reply_id and mailbox_id: deleting a reply or a mailbox sets them null without a scan.
  (t) => [index().on(t.ticketId), index().on(t.fromAddress, t.createdAt), index().on(t.replyId), index().on(t.mailboxId)],
);

export const outboundKind = pgEnum('outbound_kind', ['reply', 'notification', 'acknowledgement']);
export const outboundStatus = pgEnum('outbound_status', ['queued', 'sent', 'failed']);

/**
 * One email Loopdesk sends, written in the transaction of what caused it (a reply, an assignment, a
 * new ticket) with its queued job. Its Message-ID is fixed then, so a send retried after a crash
 * carries the same one and threads as a duplicate, never as a new message.
 */
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: id(),
    kind: outboundKind().notNull(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    replyId: integer().references(() => replies.id, { onDelete: 'cascade' }),
    // The agent notified, and why (kind notification): ticket_assigned, customer_replied, new_ticket_in_department.
    reason: text().$type<'ticket_assigned' | 'customer_replied' | 'new_ticket_in_department'>(),
    agentId: integer().references(() => agents.id, { onDelete: 'cascade' }),
    toAddresses: text().array().notNull(),
    ccAddresses: text().array().notNull().default(sql`'{}'::text[]`),
    messageId: text().notNull().unique(),
    inReplyTo: text(),
    references: text().array().notNull().default(sql`'{}'::text[]`),
    status: outboundStatus().notNull().default('queued'),
    error: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index().on(t.replyId),
    index().on(t.ticketId),
    index().on(t.status, t.nextAttemptAt),
    index().on(t.agentId),
    // The acknowledgement's "one per sender per hour": acknowledgements by recipient and time.
    index('outbound_emails_acknowledgement_idx').on(sql`lower(${t.toAddresses}[1])`, t.createdAt).where(sql`${t.kind} = 'acknowledgement'`),
  ],
);

export type InboundEmail = typeof inboundEmails.$inferSelect;
export type OutboundEmail = typeof outboundEmails.$inferSelect;
