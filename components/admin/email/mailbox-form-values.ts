import type { MailboxChange, NewMailbox } from '@/components/data/email';
import type { FieldError } from '@/lib/errors';
import type { MailboxJson } from '@/lib/email/schema';

/** What the mailbox form holds: text as typed, the department as the select's value ('' for none). */
export type MailboxFormValues = {
  name: string;
  address: string;
  from_name: string;
  department_id: string;
  imap_host: string;
  imap_port: string;
  imap_tls: boolean;
  imap_user: string;
  imap_password: string;
  imap_folder: string;
  active: boolean;
};

export function initialMailboxValues(mailbox?: MailboxJson): MailboxFormValues {
  return {
    name: mailbox?.name ?? '',
    address: mailbox?.address ?? '',
    from_name: mailbox?.from_name ?? '',
    department_id: mailbox?.department ? String(mailbox.department.id) : '',
    imap_host: mailbox?.imap_host ?? '',
    imap_port: String(mailbox?.imap_port ?? 993),
    imap_tls: mailbox?.imap_tls ?? true,
    imap_user: mailbox?.imap_user ?? '',
    // Never shown: the API only says whether one is set. Empty keeps the current one.
    imap_password: '',
    imap_folder: mailbox?.imap_folder ?? 'INBOX',
    active: mailbox?.active ?? true,
  };
}

/** The form's fields, in the order an error should take the focus to. */
export const mailboxFormFields = [
  'name',
  'address',
  'from_name',
  'department_id',
  'imap_host',
  'imap_port',
  'imap_tls',
  'imap_user',
  'imap_password',
  'imap_folder',
  'active',
] as const;

const blankToNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The port as a number, or the browser-side error the API would give for it. */
function portOf(text: string): number | FieldError {
  const port = Number(text.trim());
  return /^\d+$/.test(text.trim()) && port >= 1 && port <= 65_535 ? port : { field: 'imap_port', message: 'Must be a port number from 1 to 65535' };
}

/**
 * The request body, or the field errors that keep it from being sent. Blank optional text is null
 * (no From name, no department, relay only); a blank password is left out, so an edit keeps the
 * stored one.
 */
export function mailboxBody(values: MailboxFormValues): { ok: true; body: NewMailbox & MailboxChange } | { ok: false; details: FieldError[] } {
  const port = portOf(values.imap_port);
  if (typeof port !== 'number') return { ok: false, details: [port] };
  const body: NewMailbox & MailboxChange = {
    name: values.name.trim(),
    address: values.address.trim(),
    from_name: blankToNull(values.from_name),
    department_id: values.department_id === '' ? null : Number(values.department_id),
    imap_host: blankToNull(values.imap_host),
    imap_port: port,
    imap_tls: values.imap_tls,
    imap_user: blankToNull(values.imap_user),
    imap_folder: values.imap_folder.trim() || 'INBOX',
    active: values.active,
  };
  if (values.imap_password !== '') body.imap_password = values.imap_password;
  return { ok: true, body };
}
