import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { customers, outboundEmails, tickets, type OutboundEmail } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { isoTime } from '@/lib/time';
import { EMAIL_QUEUE, EMAIL_WAKE_CHANNEL, queueJobs } from '@/lib/jobs/queue';
import { defaultSender, messageIdDomain, senderFor } from './compose';
import { planNotifications, ticketEventParts, type EmailableEvent, type NotificationReason } from './notifications';
import type { ReplyEmailJson } from './schema';
import { emailConfigured } from './transport';

/** A job names only its email: the row says whether an attempt is due, so a job run twice sends nothing extra. */
export type EmailJob = { outboundEmailId: number };

/**
 * One email to queue. `reply`: an agent's public reply to the ticket's customer; `acknowledgement`:
 * the automatic answer to a new emailed ticket; `notification`: an agent's email about a ticket,
 * with its reason.
 */
export type QueuedEmail =
  | { kind: 'reply'; ticketId: number; replyId: number; to: string[]; cc?: string[] }
  | { kind: 'acknowledgement'; ticketId: number; to: string }
  | { kind: 'notification'; ticketId: number; agentId: number; replyId: number | null; reason: NotificationReason; to: string };

/** Threads cited in References beyond this keep their first message and the newest ones (RFC 5322 §3.6.4 allows trimming). */
const MAX_REFERENCES = 20;

/**
 * The customer's thread on a ticket, oldest first: the Message-IDs of the emails they sent and of
 * those we sent them. A new message answers the newest one they sent (else the newest of ours).
 */
async function customerThread(db: Db, ticketId: number): Promise<{ inReplyTo: string | null; references: string[] }> {
  // Only what the headers cite leaves the database: the first message, the newest ones and the
  // customer's newest, however long the thread.
  const rows = await db.execute<{ message_id: string; inbound: boolean; created_at: string; id: number }>(sql`
    with thread as (
      select message_id, true as inbound, created_at, id from inbound_emails where ticket_id = ${ticketId} and outcome in ('ticket', 'reply')
      union all
      select message_id, false, created_at, id from outbound_emails where ticket_id = ${ticketId} and kind <> 'notification' and status <> 'failed'
    )
    (select * from thread order by created_at, id limit 1)
    union
    (select * from thread order by created_at desc, id desc limit ${MAX_REFERENCES - 1})
    union
    (select * from thread where inbound order by created_at desc, id desc limit 1)
    order by created_at, id`);
  const newest = Array.from(rows).slice(-(MAX_REFERENCES - 1));
  const first = Array.from(rows)[0];
  const references = first && !newest.includes(first) ? [first, ...newest] : newest;
  const newestInbound = Array.from(rows).findLast((r) => r.inbound)?.message_id;
  return { inReplyTo: newestInbound ?? references.at(-1)?.message_id ?? null, references: references.map((r) => r.message_id) };
}

function newMessageId(tag: string, ticketId: number, domain: string): string {
  return `<${tag}.${ticketId}.${randomUUID()}@${domain}>`;
}

/**
 * Writes emails and their jobs in the caller's transaction, so an email is sent exactly when what
 * caused it commits. Each gets its Message-ID now: every attempt, after a crash too, carries the
 * same one. Does nothing when no SMTP server is configured.
 */
export async function queueEmails(tx: Db, emails: QueuedEmail[]): Promise<OutboundEmail[]> {
  if (emails.length === 0 || !emailConfigured()) return [];
  const threads = new Map<number, Awaited<ReturnType<typeof customerThread>>>();
  const senders = new Map<number, string>();
  const values = [];
  for (const email of emails) {
    if (email.kind === 'notification') {
      values.push({
        kind: email.kind,
        ticketId: email.ticketId,
        replyId: email.replyId,
        agentId: email.agentId,
        reason: email.reason,
        toAddresses: [email.to],
        messageId: newMessageId(email.kind, email.ticketId, messageIdDomain(defaultSender())),
      });
      continue;
    }
    if (!threads.has(email.ticketId)) threads.set(email.ticketId, await customerThread(tx, email.ticketId));
    if (!senders.has(email.ticketId)) senders.set(email.ticketId, messageIdDomain(await senderFor(tx, email.ticketId)));
    const thread = threads.get(email.ticketId)!;
    values.push({
      kind: email.kind,
      ticketId: email.ticketId,
      replyId: email.kind === 'reply' ? email.replyId : null,
      toAddresses: email.kind === 'reply' ? email.to : [email.to],
      ccAddresses: email.kind === 'reply' ? (email.cc ?? []) : [],
      messageId: newMessageId(email.kind, email.ticketId, senders.get(email.ticketId)!),
      inReplyTo: thread.inReplyTo,
      references: thread.references,
    });
  }
  const rows = await tx.insert(outboundEmails).values(values).returning();
  await queueEmailJobs(
    tx,
    rows.map((row) => ({ outboundEmailId: row.id })),
  );
  return rows;
}

/** Queues one email; the email intake's acknowledgement of a new ticket comes this way. Null when SMTP is not configured. */
export async function queueEmail(tx: Db, email: QueuedEmail): Promise<OutboundEmail | null> {
  const [row] = await queueEmails(tx, [email]);
  return row ?? null;
}

/** Queues send attempts inside the caller's transaction, and wakes the email workers when it commits. */
export async function queueEmailJobs(tx: Db, jobs: (EmailJob & { startAfter?: Date })[]): Promise<void> {
  await queueJobs(
    tx,
    EMAIL_QUEUE,
    EMAIL_WAKE_CHANNEL,
    jobs.map(({ outboundEmailId, startAfter }) => ({ data: { outboundEmailId }, startAfter })),
  );
}

const customerPreferences = z.object({ email_notifications: z.boolean().optional() });

/**
 * Where a reply to a ticket's customer goes, or why it goes nowhere: no customer, a customer who
 * turned email notifications off, an address that bounced.
 */
export type ReplyRecipients = { to: string[]; cc: string[] } | { unreachable: string };

export async function replyRecipients(db: Db, ticketIds: number[]): Promise<Map<number, ReplyRecipients>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: tickets.id,
      cc: tickets.cc,
      email: customers.email,
      preferences: customers.preferences,
      bouncedAt: customers.emailBouncedAt,
    })
    .from(tickets)
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .where(inArray(tickets.id, ticketIds));
  const recipients = (t: (typeof rows)[number]): ReplyRecipients => {
    if (!t.email) return { unreachable: 'The ticket has no customer to email' };
    if (customerPreferences.safeParse(t.preferences).data?.email_notifications === false) {
      return { unreachable: 'The customer turned email notifications off' };
    }
    if (t.bouncedAt) return { unreachable: `Mail to ${t.email} bounced` };
    const customer = t.email.toLowerCase();
    return { to: [t.email], cc: t.cc.filter((address) => address.toLowerCase() !== customer) };
  };
  return new Map(rows.map((t) => [t.id, recipients(t)]));
}

/**
 * The emails a batch of events calls for, queued in their transaction (recordEvents calls this):
 * a public reply by an agent (or Loopdesk) goes to the ticket's customer and Cc, and agents get
 * the notifications they asked for. Internal notes are never emailed.
 */
export async function queueEmailsForEvents(ctx: ServiceContext, list: EmailableEvent[]): Promise<void> {
  if (!emailConfigured() || !list.some((e) => e.type === 'ticket.updated' || e.type === 'ticket.assigned' || e.type === 'ticket.created')) return;
  const customerReplies = list.flatMap((event) => {
    const { ticket, reply } = ticketEventParts(event);
    return event.type === 'ticket.updated' && ticket && reply?.type === 'public' && reply.author.type !== 'customer'
      ? [{ ticketId: ticket.id, replyId: reply.id }]
      : [];
  });
  const recipients = await replyRecipients(
    ctx.db,
    customerReplies.map((r) => r.ticketId),
  );
  const emails: QueuedEmail[] = customerReplies.flatMap(({ ticketId, replyId }) => {
    const to = recipients.get(ticketId);
    return to && 'to' in to ? [{ kind: 'reply' as const, ticketId, replyId, to: to.to, cc: to.cc }] : [];
  });
  for (const n of await planNotifications(ctx, list)) {
    emails.push({ kind: 'notification', ticketId: n.ticketId, agentId: n.agentId, replyId: n.replyId, reason: n.reason, to: n.to });
  }
  await queueEmails(ctx.db, emails);
}

/** A reply's email as the API shows it. */
export function toReplyEmailJson(row: Pick<OutboundEmail, 'status' | 'messageId' | 'error' | 'sentAt'>): ReplyEmailJson {
  return { status: row.status, message_id: row.messageId, error: row.error, sent_at: isoTime(row.sentAt) };
}

/** A reply's email, or null when it has none. */
export async function loadReplyEmail(db: Db, replyId: number): Promise<ReplyEmailJson | null> {
  const [row] = await db
    .select()
    .from(outboundEmails)
    .where(and(eq(outboundEmails.replyId, replyId), eq(outboundEmails.kind, 'reply')))
    .orderBy(desc(outboundEmails.id))
    .limit(1);
  return row ? toReplyEmailJson(row) : null;
}
