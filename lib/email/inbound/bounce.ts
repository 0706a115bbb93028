import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers, outboundEmails } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { getCustomerOrThrow } from '@/lib/customers/queries';
import { recordEvents, resourceEvent } from '@/lib/events';
import { bracketed } from './parse';

/**
 * A delivery status notification (RFC 3464): `multipart/report; report-type=delivery-status`.
 * mailparser folds the machine-readable part into the text, so the report is read from the raw
 * MIME here: its message/delivery-status part, and the returned message's headers for the
 * Message-ID of what bounced.
 */
export type DeliveryReport = {
  recipients: { address: string; action: string; status: string | null; diagnostic: string | null }[];
  /** The Message-ID of the message that bounced, when the report returns its headers. */
  originalMessageId: string | null;
};

type Part = { headers: string; body: string };

function splitHead(text: string): Part {
  const end = text.search(/\r?\n\r?\n/);
  if (end === -1) return { headers: text, body: '' };
  return { headers: text.slice(0, end).replace(/\r?\n[ \t]+/g, ' '), body: text.slice(end).replace(/^\r?\n\r?\n/, '') };
}

const field = (headers: string, name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? null;

function decodeBody(part: Part): string {
  const encoding = field(part.headers, 'content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('latin1');
  if (encoding === 'quoted-printable') {
    return part.body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return part.body;
}

/** The report, or null when the message is not a delivery status notification. */
export function readDeliveryReport(raw: Buffer): DeliveryReport | null {
  const top = splitHead(raw.toString('latin1'));
  const contentType = field(top.headers, 'content-type') ?? '';
  if (!/^multipart\/report\b/i.test(contentType) || !/report-type\s*=\s*"?delivery-status"?/i.test(contentType)) return null;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return null;
  const parts = top.body
    .split(`--${marker}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((p) => splitHead(p.replace(/^[ \t]*\r?\n/, '')));
  const typeOf = (p: Part) => (field(p.headers, 'content-type') ?? 'text/plain').toLowerCase();
  const status = parts.find((p) => /^message\/(global-)?delivery-status/.test(typeOf(p)));
  if (!status) return null;
  // Per-message fields, then one block per recipient, separated by blank lines.
  const blocks = decodeBody(status)
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n\s*\r?\n/);
  const recipients = blocks.flatMap((block) => {
    const recipient = field(block, 'final-recipient') ?? field(block, 'original-recipient');
    const address = recipient
      ?.replace(/^[^;]*;\s*/, '')
      .replace(/^<|>$/g, '')
      .trim()
      .toLowerCase();
    if (!address) return [];
    return [{ address, action: (field(block, 'action') ?? '').toLowerCase(), status: field(block, 'status'), diagnostic: field(block, 'diagnostic-code') }];
  });
  const returned = parts.find((p) => /^(message\/rfc822|text\/rfc822-headers|message\/global-headers)/.test(typeOf(p)));
  const returnedId = returned ? field(splitHead(decodeBody(returned)).headers, 'message-id') : null;
  return { recipients, originalMessageId: returnedId ? bracketed(returnedId) : null };
}

/** Failed for good: `Action: failed` with a 5.x.x status (a 4.x.x is only delayed and may still arrive). */
export const hardFailures = (report: DeliveryReport) => report.recipients.filter((r) => r.action === 'failed' && (r.status ?? '5').startsWith('5'));

/** What is recorded for a report that does not name an email of ours and one of its recipients. */
export const NOT_OURS = 'not a report about mail we sent';

/**
 * Anyone can send a delivery report, so one is believed only about mail we sent: the returned
 * message's Message-ID must be one of our emails, and each failed address one it went to (To or
 * Cc). A forged report naming a customer's address changes nothing.
 */
async function failuresOfOurEmail(db: Db, report: DeliveryReport, failed: DeliveryReport['recipients']) {
  if (!report.originalMessageId) return null;
  const bare = report.originalMessageId.replace(/^<|>$/g, '');
  const [email] = await db
    .select({ id: outboundEmails.id, to: outboundEmails.toAddresses, cc: outboundEmails.ccAddresses })
    .from(outboundEmails)
    .where(inArray(outboundEmails.messageId, [report.originalMessageId, bare]))
    .limit(1);
  if (!email) return null;
  const sentTo = new Set([...email.to, ...email.cc].map((a) => a.toLowerCase()));
  const ours = failed.filter((r) => sentTo.has(r.address));
  return ours.length === 0 ? null : { emailId: email.id, failed: ours };
}

/**
 * Marks each address that failed for good as bouncing, on its customer (so nothing more is sent
 * to it), and the email that bounced as failed, when the report is about an email of ours and
 * its recipients. Returns the reason recorded for the message.
 */
export async function applyBounce(ctx: ServiceContext, report: DeliveryReport): Promise<string> {
  const permanent = hardFailures(report);
  if (permanent.length === 0) return 'delivery status report without a permanent failure';
  const ours = await failuresOfOurEmail(ctx.db, report, permanent);
  if (!ours) return NOT_OURS;
  const now = new Date();
  const reasons: string[] = [];
  for (const r of ours.failed) {
    const reason = [r.status, r.diagnostic].filter(Boolean).join(' ') || 'delivery failed';
    reasons.push(`${r.address}: ${reason}`);
    const marked = await ctx.db
      .update(customers)
      .set({ emailBouncedAt: now, emailBounceReason: reason, updatedAt: now })
      .where(sql`lower(${customers.email}) = ${r.address}`)
      .returning({ id: customers.id });
    for (const { id } of marked) {
      const customer = await getCustomerOrThrow(ctx.db, id);
      await recordEvents(ctx, [
        resourceEvent('customer.updated', id, {
          customer,
          changes: ['email_bounced_at', 'email_bounce_reason'],
          after: { email_bounced_at: now.toISOString(), email_bounce_reason: reason },
        }),
      ]);
    }
  }
  const reason = `bounced: ${reasons.join('; ')}`;
  await ctx.db.update(outboundEmails).set({ status: 'failed', error: reason, updatedAt: now }).where(eq(outboundEmails.id, ours.emailId));
  return reason;
}
