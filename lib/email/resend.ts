import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { outboundEmails, replies, tickets, type OutboundEmail } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { recordEvents, resourceEvent } from '@/lib/events';
import { queueEmail, queueEmailJobs, replyRecipients, toReplyEmailJson } from './outbound';
import type { ReplyEmailJson } from './schema';
import { emailConfigured } from './transport';

/**
 * POST /tickets/{id}/replies/{reply_id}/email: sends a reply's email again. A failed email is
 * queued again as it was, under the same Message-ID, with a new day of retries; a public reply
 * saved while no SMTP server was configured gets its first email.
 */
export async function resendReplyEmail(ctx: ServiceContext, ticketId: number, replyId: number): Promise<ReplyEmailJson> {
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!ticket) throw new NotFoundError('Ticket');
    const [reply] = await tx
      .select({ type: replies.type, authorType: replies.authorType })
      .from(replies)
      .where(and(eq(replies.id, replyId), eq(replies.ticketId, ticketId)));
    if (!reply) throw new NotFoundError('Reply');
    if (reply.type === 'internal') throw new ConflictError('This reply is an internal note: internal notes are never emailed');
    if (reply.authorType === 'customer') throw new ConflictError("This reply is the customer's own: it is not emailed back to them");
    if (!emailConfigured()) throw new ConflictError('Email is not configured: set LOOPDESK_SMTP_URL to send replies by email');

    const [existing] = await tx
      .select()
      .from(outboundEmails)
      .where(and(eq(outboundEmails.replyId, replyId), eq(outboundEmails.kind, 'reply')))
      .orderBy(desc(outboundEmails.id))
      .limit(1)
      .for('update');
    if (existing && existing.status !== 'failed') throw new ConflictError(`This reply's email is already ${existing.status}`);
    // A customer who has since turned email off, or whose address bounced, gets nothing more.
    const recipients = (await replyRecipients(tx, [ticketId])).get(ticketId)!;
    if ('unreachable' in recipients) throw new ConflictError(`${recipients.unreachable}: the reply cannot be emailed`);
    let email: OutboundEmail | null | undefined;
    if (existing) {
      [email] = await tx
        .update(outboundEmails)
        // To the customer's address as it is now: one corrected since the failure gets the email.
        .set({
          status: 'queued',
          error: null,
          attempts: 0,
          nextAttemptAt: new Date(),
          sentAt: null,
          toAddresses: recipients.to,
          ccAddresses: recipients.cc,
          updatedAt: new Date(),
        })
        .where(eq(outboundEmails.id, existing.id))
        .returning();
      await queueEmailJobs(tx, [{ outboundEmailId: existing.id }]);
    } else {
      email = await queueEmail(tx, { kind: 'reply', ticketId, replyId, to: recipients.to, cc: recipients.cc });
    }
    const json = toReplyEmailJson(email!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('ticket.email_resent', ticketId, { reply_id: replyId, email: json })]);
    return json;
  });
}
