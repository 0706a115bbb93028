import { and, eq, gt, sql } from 'drizzle-orm';
import { outboundEmails } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { queueEmail } from '@/lib/email/outbound';
import { getSetting } from '@/lib/settings/service';

/** What the intake knows when a message made a new ticket. */
export type AcknowledgementCase = {
  ticketId: number;
  /** The sender, lower-cased. */
  address: string;
  /** Why the message must not be answered (auto-submitted, over the sender's limit), or null. */
  silenced: string | null;
};

/**
 * Queues the acknowledgement of a new emailed ticket, in the caller's transaction, when it is due:
 * the `email_acknowledgement` setting is on, the message may be answered, and that sender had no
 * acknowledgement in the last hour (a sender writing ten times gets one, and two auto-responders
 * answering each other stop at once). The outbound queue threads it under the message, whose
 * inbound_emails row is already written. Returns whether one was queued.
 */
export async function queueAcknowledgementIfDue(ctx: ServiceContext, due: AcknowledgementCase): Promise<boolean> {
  if (due.silenced !== null || ctx.notify === false) return false;
  if (!(await getSetting(ctx.db, 'email_acknowledgement'))) return false;
  const [recent] = await ctx.db
    .select({ id: outboundEmails.id })
    .from(outboundEmails)
    .where(
      and(
        eq(outboundEmails.kind, 'acknowledgement'),
        gt(outboundEmails.createdAt, sql`now() - interval '1 hour'`),
        // An acknowledgement has one recipient; outbound_emails_acknowledgement_idx serves this.
        sql`lower(${outboundEmails.toAddresses}[1]) = ${due.address}`,
      ),
    )
    .limit(1);
  if (recent) return false;
  // Null when no SMTP server is configured: then nothing is sent, and nothing was due.
  return (await queueEmail(ctx.db, { kind: 'acknowledgement', ticketId: due.ticketId, to: due.address })) !== null;
}
