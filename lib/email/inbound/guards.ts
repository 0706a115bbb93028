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

/** Mail servers' own senders: a bounce without a delivery status report comes from one of them. */
const MAIL_SYSTEM_SENDERS = new Set(['mailer-daemon', 'postmaster']);

/**
 * Why a message was sent by a machine and must never be answered, or null for a person's.
 * RFC 3834 `Auto-Submitted` (anything but `no`), `Precedence: bulk|junk|list` (mailing lists and
 * vacation responders), Microsoft's `X-Autoreply` / `X-Autorespond`, and a null sender
 * (`Return-Path: <>`, RFC 5321 §4.5.5) or a mailer-daemon/postmaster From: bounces that carry
 * no delivery status report, which must not be answered either.
 */
export function autoSubmittedReason(headers: ParsedMail['headers'], from: string | null = null): string | null {
  const autoSubmitted = headerText(headers, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerText(headers, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers.has('x-autoreply')) return 'X-Autoreply';
  if (headers.has('x-autorespond')) return 'X-Autorespond';
  // mailparser reads Return-Path as an address list: `<>` is one entry with an empty address.
  const returnPath = headers.get('return-path');
  if (returnPath && typeof returnPath === 'object' && 'value' in returnPath && Array.isArray(returnPath.value)) {
    if (returnPath.value.every((a) => !a.address)) return 'Return-Path: <>';
  }
  const local = from?.split('@')[0]?.toLowerCase();
  if (local && MAIL_SYSTEM_SENDERS.has(local)) return `From: ${from}`;
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
