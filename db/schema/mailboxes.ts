import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { departments } from './departments';
import { encryptedText } from './encrypted-text';

/**
 * A support address customers write to: an IMAP account Loopdesk fetches from, and/or a relay
 * (a Postfix pipe, a provider's raw-MIME forward) posting to /api/v1/inbound/email with the
 * mailbox's token. Its address is the From and Reply-To of what is sent on its tickets.
 */
export const mailboxes = pgTable(
  'mailboxes',
  {
    id: id(),
    name: text().notNull(),
    address: text().notNull(),
    // Overrides LOOPDESK_MAIL_FROM's display name on mail sent from this mailbox.
    fromName: text(),
    departmentId: integer().references(() => departments.id, { onDelete: 'set null' }),
    // No IMAP host: a relay-only mailbox.
    imapHost: text(),
    imapPort: integer().notNull().default(993),
    imapTls: boolean().notNull().default(true),
    imapUser: text(),
    imapPassword: encryptedText(),
    imapFolder: text().notNull().default('INBOX'),
    // The relay token, as for API keys: a SHA-256 hash and a short visible prefix.
    inboundTokenHash: text().notNull().unique(),
    inboundTokenPrefix: text().notNull(),
    active: boolean().notNull().default(true),
    lastCheckedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('mailboxes_address_lower_idx').on(sql`lower(${t.address})`)],
);

export type Mailbox = typeof mailboxes.$inferSelect;
