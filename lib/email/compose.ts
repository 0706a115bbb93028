import { asc, eq, sql } from 'drizzle-orm';
import type { SendMailOptions } from 'nodemailer';
import type { Db } from '@/db/client';
import { attachments, customers, departments, replies, tickets, type OutboundEmail } from '@/db/schema';
import { config, publicUrl } from '@/lib/config';
import { fileStore } from '@/lib/files/store';
import { fullName } from '@/lib/names';
import type { NotificationReason } from './notifications';

export type Sender = { name: string | null; address: string };

/** LOOPDESK_MAIL_FROM, read as a name and an address by lib/config. */
export function defaultSender(): Sender {
  return config().LOOPDESK_MAIL_FROM;
}

/**
 * Who sends mail on a ticket: the mailbox it came in through, else the first active mailbox of its
 * department, else LOOPDESK_MAIL_FROM. A mailbox without a display name of its own takes
 * LOOPDESK_MAIL_FROM's.
 */
export async function senderFor(db: Db, ticketId: number): Promise<Sender> {
  const fallback = defaultSender();
  const [mailbox] = await db.execute<{ address: string; from_name: string | null }>(sql`
    select m.address, m.from_name from tickets t
    join lateral (
      select address, from_name, 0 as rank, id from mailboxes where id = t.mailbox_id
      union all
      select address, from_name, 1 as rank, id from mailboxes where department_id = t.department_id and active
      order by rank, id limit 1
    ) m on true
    where t.id = ${ticketId}`);
  return mailbox ? { name: mailbox.from_name ?? fallback.name, address: mailbox.address } : fallback;
}

/** The domain our Message-IDs carry: the sending address's, so they are unique to this sender. */
export function messageIdDomain(sender: Sender): string {
  return sender.address.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Links in escaped text; trailing punctuation stays outside the link, as a reader means it. */
function linkify(escaped: string): string {
  return escaped.replace(/\bhttps?:\/\/[^\s<]+/g, (match) => {
    const url = match.replace(/[.,;:!?)]+$/, '');
    return `<a href="${url}">${url}</a>${match.slice(url.length)}`;
  });
}

/** The HTML part of a text: paragraphs at blank lines, line breaks kept, links made clickable. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${linkify(escapeHtml(p)).replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

const address = (sender: Sender) => (sender.name ? { name: sender.name, address: sender.address } : sender.address);

/** The message an outbound email row stands for, built afresh from the ticket at each attempt. */
export async function composeEmail(db: Db, email: OutboundEmail): Promise<SendMailOptions> {
  const [ticket] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      channel: tickets.channel,
      department: departments.name,
      customerFirstName: customers.firstName,
      customerLastName: customers.lastName,
    })
    .from(tickets)
    .leftJoin(departments, eq(departments.id, tickets.departmentId))
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .where(eq(tickets.id, email.ticketId));
  if (!ticket) throw new Error(`ticket ${email.ticketId} of outbound email ${email.id} is gone`);
  const reply = email.replyId ? (await db.select().from(replies).where(eq(replies.id, email.replyId)))[0] : undefined;
  const threading = {
    messageId: email.messageId,
    inReplyTo: email.inReplyTo ?? undefined,
    references: email.references.length > 0 ? email.references : undefined,
    to: email.toAddresses,
    cc: email.ccAddresses.length > 0 ? email.ccAddresses : undefined,
  };
  const tag = `[${ticket.number}]`;

  if (email.kind === 'notification') {
    const sender = defaultSender();
    const link = `${publicUrl()}/tickets/${ticket.id}`;
    const customer = ticket.customerFirstName === null ? 'The customer' : fullName(ticket.customerFirstName, ticket.customerLastName ?? '');
    const lines: Record<NotificationReason, { subject: string; text: string }> = {
      ticket_assigned: { subject: `${tag} Assigned to you: ${ticket.subject}`, text: `${ticket.number} “${ticket.subject}” was assigned to you.` },
      customer_replied: {
        subject: `${tag} Customer replied: ${ticket.subject}`,
        text: `${customer} replied on your ticket ${ticket.number} “${ticket.subject}”:\n\n${reply?.content ?? ''}`,
      },
      new_ticket_in_department: {
        subject: `${tag} New ticket in ${ticket.department ?? 'your department'}: ${ticket.subject}`,
        text: `A new ticket ${ticket.number} “${ticket.subject}” arrived in ${ticket.department ?? 'your department'}.`,
      },
    };
    const { subject, text } = lines[email.reason ?? 'ticket_assigned'];
    const body = `${text}\n\nOpen it: ${link}\n`;
    // RFC 3834: mail a program sends on its own, so that auto-responders leave it unanswered.
    return { ...threading, from: address(sender), subject, text: body, html: textToHtml(body), headers: { 'Auto-Submitted': 'auto-generated' } };
  }

  const sender = await senderFor(db, ticket.id);
  const from = { from: address(sender), replyTo: sender.address };
  if (email.kind === 'acknowledgement') {
    const text =
      `We received your request “${ticket.subject}” and opened ticket ${ticket.number}.\n\n` +
      `An agent will answer as soon as possible. To add anything, reply to this email and keep ${ticket.number} in the subject.\n`;
    return {
      ...threading,
      ...from,
      subject: `${tag} Request received: ${ticket.subject}`,
      text,
      html: textToHtml(text),
      headers: { 'Auto-Submitted': 'auto-replied' },
    };
  }

  if (!reply) throw new Error(`reply of outbound email ${email.id} is gone`);
  const files = await db.select().from(attachments).where(eq(attachments.replyId, reply.id)).orderBy(asc(attachments.id));
  const store = fileStore();
  return {
    ...threading,
    ...from,
    // A thread the customer started by email reads as the conversation it is in their mail client.
    subject: `${ticket.channel === 'email' ? 'Re: ' : ''}${tag} ${ticket.subject}`,
    text: reply.content,
    html: textToHtml(reply.content),
    attachments: await Promise.all(
      files.map(async (f) => ({ filename: f.filename, contentType: f.contentType, content: Buffer.from(await store.get(f.storageKey)) })),
    ),
  };
}
