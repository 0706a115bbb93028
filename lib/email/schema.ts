import { z } from 'zod';
import { atLeastOneField, namedRef, nothingToUpdate, plainText, queryInt, rowId, timestamp } from '@/lib/schema-helpers';

/** An email address as a mailbox or a From header carries it; stored as given, compared lower-cased. */
export const emailAddress = plainText(3, 254).pipe(z.email({ message: 'Must be an email address, e.g. support@example.com' }));

export const outboundStatuses = ['queued', 'sent', 'failed'] as const;

/** A reply's email to the customer: `email` on a reply (null when none was sent: notes, opted-out customers, no SMTP). */
export const replyEmailJson = z.strictObject({
  status: z.enum(outboundStatuses),
  message_id: z.string(),
  // Why the last attempt failed (the SMTP server's answer), while queued for a retry or once failed.
  error: z.string().nullable(),
  sent_at: timestamp.nullable(),
});

const imapFields = {
  imap_host: plainText(1, 255).nullable(),
  imap_port: z.int().min(1).max(65_535),
  imap_tls: z.boolean(),
  imap_user: plainText(1, 255).nullable(),
  imap_password: plainText(1, 1024).nullable(),
  imap_folder: plainText(1, 255),
};

export const createMailboxSchema = z.object({
  name: plainText(1, 100),
  address: emailAddress,
  from_name: plainText(1, 100).nullish(),
  department_id: rowId.nullish(),
  imap_host: imapFields.imap_host.optional(),
  imap_port: imapFields.imap_port.default(993),
  imap_tls: imapFields.imap_tls.default(true),
  imap_user: imapFields.imap_user.optional(),
  imap_password: imapFields.imap_password.optional(),
  imap_folder: imapFields.imap_folder.default('INBOX'),
  active: z.boolean().default(true),
});

export const updateMailboxSchema = z
  .object({
    name: plainText(1, 100),
    address: emailAddress,
    from_name: plainText(1, 100).nullable(),
    department_id: rowId.nullable(),
    ...imapFields,
    active: z.boolean(),
  })
  .partial()
  .refine(atLeastOneField, nothingToUpdate);

export const listMailboxesQuery = z.object({
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

/** A mailbox as the admin API shows it: never its IMAP password (only whether one is set), and its relay token only once. */
export const mailboxJson = z.strictObject({
  id: z.int(),
  name: z.string(),
  address: z.string(),
  from_name: z.string().nullable(),
  department: namedRef.nullable(),
  imap_host: z.string().nullable(),
  imap_port: z.int(),
  imap_tls: z.boolean(),
  imap_user: z.string().nullable(),
  has_imap_password: z.boolean(),
  imap_folder: z.string(),
  // The first characters of the relay token, to tell tokens apart.
  inbound_token_prefix: z.string(),
  active: z.boolean(),
  last_checked_at: timestamp.nullable(),
  // The last IMAP error (wrong password, host unreachable), null once a fetch succeeds.
  last_error: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** On create and on token rotation: the relay token for POST /api/v1/inbound/email, shown this once. */
export const mailboxWithTokenJson = mailboxJson.extend({ inbound_token: z.string() });

export const mailboxTestJson = z.strictObject({ ok: z.boolean(), error: z.string().nullable(), idle: z.boolean().nullable() });

/** What the inbound endpoint did with one message. */
export const inboundResultJson = z.strictObject({
  outcome: z.enum(['ticket', 'reply', 'auto_reply', 'bounce', 'refused']),
  // True when the message had been received before: nothing new was made.
  duplicate: z.boolean(),
  ticket_id: z.int().nullable(),
  reply_id: z.int().nullable(),
  reason: z.string().nullable(),
});

/** Instance-wide email settings (Admin → Settings → Email). SMTP itself is configured by environment. */
export const emailSettingsJson = z.strictObject({
  smtp_configured: z.boolean(),
  mail_from: z.string(),
  acknowledgement: z.boolean(),
  tickets_per_sender_per_hour: z.int(),
});

export const updateEmailSettingsSchema = z
  .object({ acknowledgement: z.boolean(), tickets_per_sender_per_hour: z.int().min(1).max(10_000) })
  .partial()
  .refine(atLeastOneField, nothingToUpdate);

/** What the desk's notification center (the bell) shows an agent; each kind switchable in their profile. */
export const inAppNotificationsJson = z.strictObject({
  mention: z.boolean(),
  assigned: z.boolean(),
  customer_replied: z.boolean(),
  sla_warning: z.boolean(),
  sla_breached: z.boolean(),
});

/** The emails an agent gets, and under `in_app` what their notification center shows; each one switchable in their profile. */
export const notificationPreferencesJson = z.strictObject({
  ticket_assigned: z.boolean(),
  customer_replied: z.boolean(),
  new_ticket_in_department: z.boolean(),
  in_app: inAppNotificationsJson,
});

export const notificationDefaults = {
  ticket_assigned: true,
  customer_replied: true,
  new_ticket_in_department: false,
  in_app: { mention: true, assigned: true, customer_replied: true, sla_warning: true, sla_breached: true },
} as const;

export const updateNotificationsSchema = notificationPreferencesJson.extend({ in_app: inAppNotificationsJson.partial() }).partial();

export type ReplyEmailJson = z.infer<typeof replyEmailJson>;
export type CreateMailboxInput = z.infer<typeof createMailboxSchema>;
export type UpdateMailboxInput = z.infer<typeof updateMailboxSchema>;
export type MailboxJson = z.infer<typeof mailboxJson>;
export type MailboxWithTokenJson = z.infer<typeof mailboxWithTokenJson>;
export type MailboxTestJson = z.infer<typeof mailboxTestJson>;
export type InboundResultJson = z.infer<typeof inboundResultJson>;
export type EmailSettingsJson = z.infer<typeof emailSettingsJson>;
export type NotificationPreferencesJson = z.infer<typeof notificationPreferencesJson>;
export type InAppNotificationsJson = z.infer<typeof inAppNotificationsJson>;
