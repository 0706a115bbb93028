import type { Mailbox } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { MailboxJson } from './schema';

/** A mailbox row without its secrets (the IMAP password and the token's hash), as the admin API reads it. */
export type MailboxRow = Omit<Mailbox, 'imapPassword' | 'inboundTokenHash'> & { hasImapPassword: boolean };

/** A mailbox as the admin API, its events and the UI show it: whether a password is set, never the password. */
export function toMailboxJson(mailbox: MailboxRow, department: { id: number; name: string } | null): MailboxJson {
  return {
    id: mailbox.id,
    name: mailbox.name,
    address: mailbox.address,
    from_name: mailbox.fromName,
    department,
    imap_host: mailbox.imapHost,
    imap_port: mailbox.imapPort,
    imap_tls: mailbox.imapTls,
    imap_user: mailbox.imapUser,
    has_imap_password: mailbox.hasImapPassword,
    imap_folder: mailbox.imapFolder,
    inbound_token_prefix: mailbox.inboundTokenPrefix,
    active: mailbox.active,
    last_checked_at: isoTime(mailbox.lastCheckedAt),
    last_error: mailbox.lastError,
    created_at: isoTime(mailbox.createdAt),
    updated_at: isoTime(mailbox.updatedAt),
  };
}
