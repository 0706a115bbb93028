import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, attachments, customers, replies, tickets } from '@/db/schema';
import { actingAgentId, channelOf, type Actor, type ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '@/lib/errors';
import { loadReplyEmail } from '@/lib/email/outbound';
import { emailConfigured } from '@/lib/email/transport';
import { recordEvents, resourceEvent } from '@/lib/events';
import { decodeBase64File, discardFiles, storeFiles, type IncomingFile } from '@/lib/files/attachments';
import { loadTickets, referenceColumns, withAuthor } from './queries';
import type { ReplyInput } from './schema';
import { toAttachmentJson, toReplyJson, toTicketEventJson, type ReplyRow } from './serialize';

/**
 * Locks the ticket for the rest of the transaction and marks it updated, in one statement: every
 * caller adds to it. A merged duplicate's conversation continues on the ticket it was merged into
 * (email answers follow it there too); the caller's transaction rolls back.
 */
async function touchTicketOrThrow(db: Db, id: number) {
  const [ticket] = await db
    .update(tickets)
    .set({ updatedAt: new Date() })
    .where(eq(tickets.id, id))
    .returning({ id: tickets.id, number: tickets.number, customerId: tickets.customerId, mergedIntoId: tickets.mergedIntoId });
  if (!ticket) throw new NotFoundError('Ticket');
  if (ticket.mergedIntoId !== null) {
    const [kept] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticket.mergedIntoId));
    throw new ConflictError(`${ticket.number} is merged into ${kept?.number ?? 'another ticket'}: work on that ticket, or undo the merge`);
  }
  return ticket;
}

/** Inserts a reply and reads it back with its author, in one statement. */
async function insertReply(db: Db, values: typeof replies.$inferInsert): Promise<ReplyRow> {
  const inserted = db.$with('inserted').as(db.insert(replies).values(values).returning());
  const [row] = await db
    .with(inserted)
    .select({
      id: inserted.id,
      content: inserted.content,
      html: inserted.html,
      type: inserted.type,
      channel: inserted.channel,
      authorType: inserted.authorType,
      createdAt: inserted.createdAt,
      agent: referenceColumns.assigned_agent_id,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email },
    })
    .from(inserted)
    .leftJoin(agents, eq(agents.id, inserted.agentId))
    .leftJoin(customers, eq(customers.id, inserted.customerId));
  const { agent, customer, ...reply } = row!;
  return withAuthor(reply, agent, customer);
}

type Author = { authorType: 'agent' | 'customer' | 'system'; agentId: number | null; customerId: number | null };

/**
 * Only an admin API key (an integration importing history) may write as someone else: another
 * agent, a customer or Loopdesk itself. Everyone else writes as themselves, so a reply's author is
 * who wrote it. Loopdesk's own code (the demo seed) acts as `system` and may too.
 */
function checkAuthorIsCaller(actor: Actor, input: ReplyInput): void {
  if (actor.type === 'system' || (actor.type === 'api_key' && actor.permission === 'admin')) return;
  const message = 'Only admin API keys may write as another author';
  const errors: FieldError[] = [];
  if (input.author_type !== 'agent') errors.push({ field: 'author_type', message });
  if (input.author_id !== undefined && input.author_id !== actingAgentId(actor)) errors.push({ field: 'author_id', message });
  if (errors.length > 0) throw new ValidationError(errors);
}

async function resolveAuthor(ctx: ServiceContext, input: ReplyInput, ticketCustomerId: number | null): Promise<Author> {
  if (input.author_type === 'system') return { authorType: 'system', agentId: null, customerId: null };
  if (input.author_type === 'customer') {
    const customerId = input.author_id ?? ticketCustomerId;
    if (customerId === null) {
      throw new ValidationError([{ field: 'author_id', message: 'This ticket has no customer: give the author_id of the customer replying' }]);
    }
    if (input.author_id) {
      const [found] = await ctx.db.select({ id: customers.id }).from(customers).where(eq(customers.id, input.author_id));
      if (!found) throw new ValidationError([{ field: 'author_id', message: `Customer ${input.author_id} does not exist` }]);
    }
    return { authorType: 'customer', agentId: null, customerId };
  }
  const agentId = input.author_id ?? actingAgentId(ctx.actor);
  if (input.author_id) {
    const [found] = await ctx.db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.id, input.author_id), eq(agents.status, 'active')));
    if (!found) throw new ValidationError([{ field: 'author_id', message: `Agent ${input.author_id} does not exist or is not active` }]);
  }
  return { authorType: 'agent', agentId, customerId: null };
}

/** Runs `write` with the files stored; if the transaction fails, the stored files are removed again. */
async function withStoredFiles<T>(files: IncomingFile[], write: (stored: Awaited<ReturnType<typeof storeFiles>>) => Promise<T>) {
  const stored = await storeFiles(files);
  try {
    return await write(stored);
  } catch (error) {
    await discardFiles(stored.map((s) => s.storageKey));
    throw error;
  }
}

/** What the email intake adds to a reply: the sanitized HTML of the customer's message. */
export type NewReply = ReplyInput & { html?: string | null };

/** POST /tickets/{id}/replies (and /comments, as an internal reply). */
export async function addReply(ctx: ServiceContext, ticketId: number, input: NewReply) {
  checkAuthorIsCaller(ctx.actor, input);
  const files = (input.attachments ?? []).map((file, i) => decodeBase64File(file, `attachments[${i}].content`));
  return withStoredFiles(files, (stored) =>
    ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const ticket = await touchTicketOrThrow(tx, ticketId);
      const author = await resolveAuthor(txCtx, input, ticket.customerId);
      const values = { ticketId, content: input.content, html: input.html ?? null, type: input.type, channel: channelOf(ctx), ...author };
      const [reply, loaded] = await Promise.all([
        insertReply(tx, values),
        // Sent right behind the insert, in one flight: the read comes second on the connection, so it sees what the
        // reply's triggers changed (a first response met). A file names its reply: with files the read waits for them.
        stored.length === 0 ? loadTickets(tx, [ticketId], { thread: false }) : null,
      ]);
      const files =
        stored.length === 0
          ? []
          : await tx
              .insert(attachments)
              .values(
                stored.map((f) => ({
                  ticketId,
                  replyId: reply.id,
                  filename: f.filename,
                  contentType: f.contentType,
                  size: f.bytes.byteLength,
                  storageKey: f.storageKey,
                })),
              )
              .returning();
      const [full] = loaded ?? (await loadTickets(tx, [ticketId], { thread: false }));
      const json = toReplyJson(reply, files, null);
      await recordEvents(txCtx, [resourceEvent('ticket.updated', ticketId, { ticket: toTicketEventJson(full!), changes: ['replies'], reply: json })]);
      // The event queued the customer's email (lib/email/outbound.ts): the answer shows it as queued.
      // Without SMTP no email is queued, and there is none to read.
      return { ...json, email: emailConfigured() ? await loadReplyEmail(tx, reply.id) : null };
    }),
  );
}

/** POST /tickets/{id}/attachments: files added to the ticket itself, not to a reply. */
export async function addAttachments(ctx: ServiceContext, ticketId: number, files: IncomingFile[]) {
  return withStoredFiles(files, (stored) =>
    ctx.db.transaction(async (tx) => {
      await touchTicketOrThrow(tx, ticketId);
      const rows = await tx
        .insert(attachments)
        .values(
          stored.map((f) => ({
            ticketId,
            filename: f.filename,
            contentType: f.contentType,
            size: f.bytes.byteLength,
            storageKey: f.storageKey,
          })),
        )
        .returning();
      const [full] = await loadTickets(tx, [ticketId], { thread: false });
      const added = rows.map(toAttachmentJson);
      await recordEvents({ ...ctx, db: tx }, [
        resourceEvent('ticket.updated', ticketId, { ticket: toTicketEventJson(full!), changes: ['attachments'], after: { attachments: added } }),
      ]);
      return added;
    }),
  );
}
