import { createHash } from 'node:crypto';
import { type AddressObject, type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import { sanitizeHtml } from './html';

export type Sender = { address: string; name: string | null };

/** A received message as the intake reads it: addresses lower-cased, ids in angle brackets. */
export type InboundMessage = {
  messageId: string;
  from: Sender | null;
  to: string[];
  cc: string[];
  subject: string;
  /** The text as the customer wrote it; for HTML-only mail, mailparser's conversion of the HTML. */
  text: string;
  /** The sanitized HTML for display, null for plain-text mail. */
  html: string | null;
  /** The messages this one answers, nearest first: In-Reply-To, then References from the last. */
  parents: string[];
  headers: ParsedMail['headers'];
  attachments: Attachment[];
};

/** `<id@host>`, whether the header gave the brackets or not. */
export function bracketed(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}

/** Longer ids than this are stored hashed: a btree index entry holds at most about 2.7 KB. */
const MAX_MESSAGE_ID_BYTES = 500;
/** References kept besides the first: RFC 5322 §3.6.4 lets a writer trim the middle, and so may a reader. */
const LAST_REFERENCES = 20;

/**
 * A message id as it is stored and looked up: `<id@host>`, or for an id over 500 bytes the hash
 * of it (the same id always gives the same hash, so a duplicate and a reply to it still match).
 */
export function storedMessageId(id: string): string {
  const value = bracketed(id);
  if (Buffer.byteLength(value) <= MAX_MESSAGE_ID_BYTES) return value;
  return `<${createHash('sha256').update(value).digest('hex')}@loopdesk.invalid>`;
}

/** The id a message without a Message-ID is known by: the same bytes always give the same one. */
export function syntheticMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex')}@loopdesk.invalid>`;
}

function addresses(field: AddressObject | AddressObject[] | undefined): Sender[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  // A group ("Team: a@x, b@x;") lists its members under `group`.
  const flat = list.flatMap((o) => o.value).flatMap((a) => (a.group ? a.group : [a]));
  return flat.filter((a) => a.address).map((a) => ({ address: a.address!.toLowerCase(), name: a.name?.trim() || null }));
}

function idList(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? value.split(/\s+/) : [];
  return list.filter((id) => id.includes('@')).map(storedMessageId);
}

/** The thread's root and the nearest ancestors: tens of thousands of ids would make the threading query unbounded. */
const trimmed = (ids: string[]) => (ids.length <= LAST_REFERENCES + 1 ? ids : [ids[0]!, ...ids.slice(-LAST_REFERENCES)]);

// PostgreSQL text holds no NUL; a stray one in a broken message would fail the whole insert.
const storable = (s: string) => s.replaceAll('\0', '');

export async function parseEmail(raw: Buffer): Promise<InboundMessage> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const parents = [...trimmed(idList(mail.inReplyTo)), ...trimmed(idList(mail.references)).reverse()];
  return {
    messageId: mail.messageId ? storedMessageId(mail.messageId) : syntheticMessageId(raw),
    from: addresses(mail.from)[0] ?? null,
    to: addresses(mail.to).map((a) => a.address),
    cc: addresses(mail.cc).map((a) => a.address),
    subject: storable(mail.subject?.trim() ?? ''),
    text: storable(mail.text?.trim() ?? ''),
    html: typeof mail.html === 'string' && mail.html.trim() !== '' ? storable(sanitizeHtml(mail.html)) || null : null,
    parents: [...new Set(parents)],
    headers: mail.headers,
    attachments: mail.attachments,
  };
}

/** One header's value as text: mailparser gives some as structured values (`{ value, params }`). */
export function headerText(headers: ParsedMail['headers'], name: string): string | null {
  const value = headers.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
}
