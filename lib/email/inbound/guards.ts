import { inArray, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { config } from '@/lib/config';
import { headerText } from './parse';

/** The address inside `Name <address>`, or the value itself when it is a bare address. */
export function addressOf(value: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  return (angle?.[1] ?? value).trim().toLowerCase();
}

/**
 * Whether a message is from Loopdesk itself: one of the mailboxes, or the address mail is sent
 * from. Answering it would make a loop (our acknowledgement answering our acknowledgement).
 */
export async function isOwnAddress(db: Db, address: string): Promise<boolean> {
  if (address === config().LOOPDESK_MAIL_FROM.address.toLowerCase()) return true;
  const [found] = await db.select({ id: mailboxes.id }).from(mailboxes).where(sql`lower(${mailboxes.address}) = ${address}`).limit(1);
  return found !== undefined;
}

/** Our mailbox addresses among `list`, lower-cased, to leave them out of a ticket's Cc. */
export async function ownAddresses(db: Db, list: string[]): Promise<Set<string>> {
  const own = new Set([config().LOOPDESK_MAIL_FROM.address.toLowerCase()]);
  if (list.length === 0) return own;
  const rows = await db
    .select({ address: sql<string>`lower(${mailboxes.address})` })
    .from(mailboxes)
    .where(inArray(sql`lower(${mailboxes.address})`, list));
  for (const row of rows) own.add(row.address);
  return own;
}

/**
 * Why a message was sent by a machine and must never be answered, or null for a person's.
 * RFC 3834 `Auto-Submitted` (anything but `no`), `Precedence: bulk|junk|list` (mailing lists and
 * vacation responders), and Microsoft's `X-Autoreply` / `X-Autorespond`.
 */
export function autoSubmittedReason(headers: ParsedMail['headers']): string | null {
  const autoSubmitted = headerText(headers, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerText(headers, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers.has('x-autoreply')) return 'X-Autoreply';
  if (headers.has('x-autorespond')) return 'X-Autorespond';
  return null;
}

/**
 * The Message-ID and From of a message too large to parse, read from its header block alone, so
 * a refused message is still recorded once and by its own id.
 */
export function peekHeaders(raw: Buffer): { messageId: string | null; from: string | null } {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? null;
  const id = field('message-id');
  const from = field('from');
  return { messageId: id ? (/<[^<>\s]+>/.exec(id)?.[0] ?? null) : null, from: from ? addressOf(from) : null };
}
