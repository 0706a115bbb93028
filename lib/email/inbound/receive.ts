import 'server-only';
import { eq } from 'drizzle-orm';
import mime from 'mime-types';
import type { Attachment } from 'mailparser';
import type { Db } from '@/db/client';
import { inboundEmails, type InboundEmail, type Mailbox } from '@/db/schema';
import { config } from '@/lib/config';
import { systemContext, type ServiceContext } from '@/lib/context';
import type { InboundResultJson } from '@/lib/email/schema';
import { decodeBase64File } from '@/lib/files/attachments';
import { log } from '@/lib/log';
import { addAttachments, addReply } from '@/lib/tickets/replies';
import { createTicket, updateTicket } from '@/lib/tickets/service';
import { type AcknowledgementCase, queueAcknowledgementIfDue } from './acknowledgement';
import { applyBounce, readDeliveryReport } from './bounce';
import { autoSubmittedReason, isOwnAddress, ownAddresses, peekHeaders } from './guards';
import { type InboundMessage, parseEmail, storedMessageId, syntheticMessageId } from './parse';
import { isCustomerEmail, senderCustomerId, ticketsInLastHour } from './sender';
import { findThread, type ThreadedTicket } from './threading';
import { getSetting } from '@/lib/settings/service';

/** Where a message came from, for its events: the relay request, or (unset) the IMAP fetcher. */
export type ReceiveOrigin = { requestId: string; ip: string | null };

type Outcome = InboundResultJson['outcome'];
/**
 * An attachment as the reply and attachment services take one from the API: base64, so that its
 * name and type are made safe by the same code (control characters out, type from the name).
 */
type EncodedFile = { filename: string; content: string };
type Made = {
  outcome: Outcome;
  ticketId: number | null;
  replyId: number | null;
  notes: string[];
  acknowledge?: AcknowledgementCase & { ctx: ServiceContext };
};

const toResult = (row: Pick<InboundEmail, 'outcome' | 'ticketId' | 'replyId' | 'reason'>, duplicate: boolean): InboundResultJson => ({
  outcome: row.outcome,
  duplicate,
  ticket_id: row.ticketId,
  reply_id: row.replyId,
  reason: row.reason,
});

async function findReceived(db: Db, messageId: string): Promise<InboundEmail | null> {
  const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
  return row ?? null;
}

type Claim = {
  messageId: string;
  mailboxId: number | null;
  fromAddress: string | null;
  subject: string | null;
  size: number;
  outcome: Outcome;
  reason?: string;
};

/**
 * Takes the message's id for this delivery, or returns null when another delivery has it. Of two
 * concurrent deliveries the second waits on the unique index until the first commits, then finds
 * the id taken: that, not the check before, is what makes receiving idempotent.
 */
async function claimMessageId(db: Db, claim: Claim): Promise<number | null> {
  const [row] = await db.insert(inboundEmails).values(claim).onConflictDoNothing({ target: inboundEmails.messageId }).returning({ id: inboundEmails.id });
  return row?.id ?? null;
}

/** The longest address there is (RFC 5321 §4.5.3.1.3): a longer From would not fit the sender index. */
const MAX_ADDRESS_LENGTH = 254;

/**
 * Receives one raw RFC 5322 message: the IMAP fetcher calls this for every message, the relay
 * endpoint for every POST. Everything it makes (the inbound_emails row, the customer, the ticket
 * or reply, its attachments and events) commits in one transaction, so a message is either wholly
 * received or can be received again; one received before answers `duplicate: true`.
 *
 * `size` is the message's whole size when `raw` is only its header block: the IMAP fetcher reads
 * no more of a message it already knows to be over the limit.
 */
export async function receiveEmail(db: Db, mailbox: Mailbox | null, raw: Buffer, origin?: ReceiveOrigin, size = raw.length): Promise<InboundResultJson> {
  if (size > config().maxEmailBytes) return refuseOversize(db, mailbox, raw, size, origin);
  const message = await parseEmail(raw);
  const earlier = await findReceived(db, message.messageId);
  if (earlier) return toResult(earlier, true);
  const auto = autoSubmittedReason(message.headers, message.from?.address ?? null);
  return db.transaction(async (tx) => {
    const id = await claimMessageId(tx, {
      messageId: message.messageId,
      mailboxId: mailbox?.id ?? null,
      fromAddress: message.from?.address.slice(0, MAX_ADDRESS_LENGTH) ?? null,
      subject: message.subject,
      size: raw.length,
      outcome: auto ? 'auto_reply' : 'ticket',
    });
    if (id === null) return toResult((await findReceived(tx, message.messageId))!, true);
    const ctx: ServiceContext = { ...systemContext(tx, origin?.requestId ?? `email-${id}`), ip: origin?.ip ?? null, channel: 'email' };
    const made = await intake(ctx, mailbox, message, raw, auto);
    const reason = made.notes.length > 0 ? made.notes.join('; ') : null;
    const [row] = await tx
      .update(inboundEmails)
      .set({ outcome: made.outcome, reason, ticketId: made.ticketId, replyId: made.replyId, updatedAt: new Date() })
      .where(eq(inboundEmails.id, id))
      .returning();
    // After the row names its ticket: the acknowledgement threads under the message it answers.
    if (made.acknowledge) await queueAcknowledgementIfDue(made.acknowledge.ctx, made.acknowledge);
    log(made.outcome === 'refused' ? 'warn' : 'info', 'email received', {
      requestId: ctx.requestId,
      messageId: message.messageId,
      mailboxId: mailbox?.id ?? null,
      outcome: made.outcome,
      ticketId: made.ticketId,
      replyId: made.replyId,
      reason,
    });
    return toResult(row!, false);
  });
}

/** Too large to parse: recorded by what its header block says, with the reason, and nothing made. */
function refuseOversize(db: Db, mailbox: Mailbox | null, raw: Buffer, size: number, origin?: ReceiveOrigin): Promise<InboundResultJson> {
  const reason = `message of ${size} bytes is over the limit of ${config().maxEmailBytes} bytes (LOOPDESK_EMAIL_MAX_MB)`;
  return refuseEmail(db, mailbox, raw, reason, { origin, size });
}

/**
 * Records a message as refused, by what its header block says, in a statement of its own and
 * making nothing else: for one too large to parse, and for one the intake failed on, so that the
 * IMAP fetcher can mark it seen and go on. Received again, it answers `duplicate: true`.
 */
export async function refuseEmail(
  db: Db,
  mailbox: Mailbox | null,
  raw: Buffer,
  reason: string,
  options: { origin?: ReceiveOrigin; size?: number } = {},
): Promise<InboundResultJson> {
  const peeked = peekHeaders(raw);
  const messageId = peeked.messageId ? storedMessageId(peeked.messageId) : syntheticMessageId(raw);
  const fromAddress = peeked.from?.slice(0, MAX_ADDRESS_LENGTH) ?? null;
  log('warn', 'email refused', { requestId: options.origin?.requestId, messageId, mailboxId: mailbox?.id ?? null, from: fromAddress, reason });
  const size = options.size ?? raw.length;
  const claim = { messageId, mailboxId: mailbox?.id ?? null, fromAddress, subject: null, size, outcome: 'refused' as const, reason };
  const id = await claimMessageId(db, claim);
  if (id === null) return toResult((await findReceived(db, messageId))!, true);
  return { outcome: 'refused', duplicate: false, ticket_id: null, reply_id: null, reason };
}

const refused = (reason: string): Made => ({ outcome: 'refused', ticketId: null, replyId: null, notes: [reason] });

async function intake(ctx: ServiceContext, mailbox: Mailbox | null, message: InboundMessage, raw: Buffer, auto: string | null): Promise<Made> {
  const sender = message.from;
  // A delivery report is read whoever sent it: the postmaster of our own domain may be the one reporting.
  const report = readDeliveryReport(raw);
  if (report) return { outcome: 'bounce', ticketId: null, replyId: null, notes: [await applyBounce(ctx, report)] };
  if (!sender) return refused('no From address');
  if (sender.address.length > MAX_ADDRESS_LENGTH) return refused(`the From address is over ${MAX_ADDRESS_LENGTH} characters`);
  if (await isOwnAddress(ctx.db, sender.address)) return refused(`loop: sent from our own address ${sender.address}`);
  if (!isCustomerEmail(sender.address)) return refused(`the sender's address ${sender.address} is not one a customer can have`);

  const { files, notes } = attachmentsOf(message.attachments);
  if (auto) notes.unshift(`automatic message (${auto}): not answered`);
  const thread = await findThread(ctx.db, message.parents, message.subject, sender.address);
  if (thread && thread.status !== 'closed') return continueThread(auto ? { ...ctx, notify: false } : ctx, thread, message, files, notes, auto);
  if (thread) notes.push(`continues closed ticket ${thread.id}: a closed ticket is never reopened, so this opens a new one`);
  return openTicket(ctx, mailbox, message, files, notes, auto);
}

async function continueThread(
  ctx: ServiceContext,
  thread: ThreadedTicket,
  message: InboundMessage,
  files: EncodedFile[],
  notes: string[],
  auto: string | null,
) {
  const customerId = await senderCustomerId(ctx, message.from!);
  const reply = await addReply(ctx, thread.id, {
    content: message.text || '(no text)',
    type: 'public',
    author_type: 'customer',
    author_id: customerId,
    attachments: files,
    html: message.html,
  });
  // A customer writing back about a resolved ticket wants it looked at again; a vacation notice does not.
  if (thread.status === 'resolved') {
    if (auto) notes.push('the ticket stays resolved');
    else await updateTicket(ctx, thread.id, { status: 'open' });
  }
  const made: Made = { outcome: auto ? 'auto_reply' : 'reply', ticketId: thread.id, replyId: reply.id, notes };
  return made;
}

async function openTicket(ctx: ServiceContext, mailbox: Mailbox | null, message: InboundMessage, files: EncodedFile[], notes: string[], auto: string | null) {
  const sender = message.from!;
  const limit = await getSetting(ctx.db, 'email_tickets_per_sender_per_hour');
  const overLimit = (await ticketsInLastHour(ctx, sender.address)) >= limit;
  if (overLimit) notes.push(`more than ${limit} new tickets from ${sender.address} in the last hour: stored, no one notified`);
  const writeCtx: ServiceContext = auto || overLimit ? { ...ctx, notify: false } : ctx;
  const customerId = await senderCustomerId(writeCtx, sender);
  const own = await ownAddresses(ctx.db, message.cc);
  const cc = message.cc.filter((address, i, all) => !own.has(address) && address !== sender.address && all.indexOf(address) === i);
  const ticket = await createTicket(writeCtx, {
    subject: (message.subject || '(no subject)').slice(0, 255),
    description: message.text || null,
    status: 'open',
    priority: 'normal',
    customer_id: customerId,
    department_id: mailbox?.departmentId ?? null,
    cc,
    mailboxId: mailbox?.id ?? null,
    descriptionHtml: message.html,
  });
  if (files.length > 0)
    await addAttachments(
      writeCtx,
      ticket.id,
      files.map((f, i) => decodeBase64File(f, `attachments[${i}].content`)),
    );
  const acknowledge = { ctx: writeCtx, ticketId: ticket.id, address: sender.address, silenced: auto ?? (overLimit ? 'over the sender limit' : null) };
  const made: Made = { outcome: auto ? 'auto_reply' : 'ticket', ticketId: ticket.id, replyId: null, notes, acknowledge };
  return made;
}

/**
 * The attachments and inline images to store, each within the upload limit: a larger one is left
 * out with a note, the rest of the message kept. A winmail.dat (Outlook's TNEF wrapping) is kept
 * as it is, a file like any other: decoding it is the agent's mail client's work.
 */
function attachmentsOf(list: Attachment[]): { files: EncodedFile[]; notes: string[] } {
  const limit = config().maxUploadBytes;
  const notes: string[] = [];
  const files: EncodedFile[] = [];
  list.forEach((a, i) => {
    const extension = mime.extension(a.contentType) || 'bin';
    const filename = a.filename?.trim() || `${a.related ? 'inline' : 'attachment'}-${i + 1}.${extension}`;
    if (a.size > limit) notes.push(`attachment ${filename} (${a.size} bytes) dropped: over the upload limit of ${limit} bytes`);
    else files.push({ filename, content: a.content.toString('base64') });
  });
  return { files, notes };
}
