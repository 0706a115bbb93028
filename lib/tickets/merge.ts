import 'server-only';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agentNotifications, attachments, outboundEmails, replies, ticketMerges, tickets, type Ticket } from '@/db/schema';
import { actingAgentId, channelOf, type ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '@/lib/errors';
import { recordEvents, resourceEvent, type NewEvent } from '@/lib/events';
import { loadTickets } from './queries';
import { MERGE_UNDO_MINUTES, type TicketJson } from './schema';
import { toTicketEventJson } from './serialize';

type Locked = Pick<Ticket, 'id' | 'number' | 'subject' | 'description' | 'status' | 'resolvedAt' | 'closedAt' | 'mergedIntoId'>;

/**
 * Locks the tickets in id order, so two merges over the same tickets queue up instead of
 * deadlocking, and the one that waited sees what the first one left (a merged source).
 */
async function lockTickets(db: Db, ids: number[]): Promise<Map<number, Locked>> {
  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      description: tickets.description,
      status: tickets.status,
      resolvedAt: tickets.resolvedAt,
      closedAt: tickets.closedAt,
      mergedIntoId: tickets.mergedIntoId,
    })
    .from(tickets)
    .where(inArray(tickets.id, [...new Set(ids)]))
    .orderBy(asc(tickets.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

/** The reply triggers only append new replies' text to the search: moved ones rebuild both tickets' (migration 0017). */
async function rebuildSearch(db: Db, ids: number[]) {
  for (const id of ids) await db.execute(sql`select ticket_search_rebuild(${id})`);
}

async function numberOf(db: Db, id: number): Promise<string> {
  const [row] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, id));
  return row?.number ?? `#${id}`;
}

const ref = (t: Locked) => ({ id: t.id, number: t.number });

/** Where the source's merge rules fail: a missing source is a 404 for the single route and a field error in bulk. */
type SourceField = ((index: number) => string) | null;

/**
 * Merges each duplicate (source) into `into` (the target), all or nothing, in one transaction:
 * the sources' replies and files move to the target (keeping their authors and times), each
 * source's description becomes an internal note on the target, and each source is closed with a
 * note and a link to the target. What moved is recorded so that undoMerge can move it back.
 */
export async function mergeTickets(ctx: ServiceContext, sourceIds: number[], into: number, sourceField: SourceField = (i) => `tickets[${i}]`) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const locked = await lockTickets(tx, [...sourceIds, into]);
    const errors: FieldError[] = [];
    sourceIds.forEach((id, i) => {
      const field = sourceField ? sourceField(i) : 'into';
      if (id === into) errors.push({ field: 'into', message: 'A ticket cannot be merged into itself' });
      else if (!locked.has(id)) {
        if (!sourceField) throw new NotFoundError('Ticket');
        errors.push({ field, message: `Ticket ${id} does not exist` });
      } else if (sourceIds.indexOf(id) !== i) errors.push({ field, message: `Ticket ${id} appears more than once in this request` });
    });
    const target = locked.get(into);
    if (!target) errors.push({ field: 'into', message: `Ticket ${into} does not exist` });
    if (errors.length > 0) throw new ValidationError(errors);
    if (target!.mergedIntoId !== null) {
      const further = await numberOf(tx, target!.mergedIntoId);
      throw new ConflictError(`${target!.number} was itself merged into ${further}: merge into ${further} instead`);
    }
    const sources = sourceIds.map((id) => locked.get(id)!);
    for (const source of sources) {
      if (source.mergedIntoId !== null) throw new ConflictError(`${source.number} is already merged into ${await numberOf(tx, source.mergedIntoId)}`);
    }

    const now = new Date();
    const agentId = actingAgentId(ctx.actor);
    // Loopdesk writes the notes (the event names who merged): the duplicate's description is the customer's text,
    // never shown as an agent's own formatted writing.
    const noteAuthor = { type: 'internal' as const, authorType: 'system' as const, agentId: null, channel: channelOf(ctx) };
    const events: NewEvent[] = [];
    for (const source of sources) {
      const moved = await moveThread(tx, source.id, target!.id);
      const [targetNote, sourceNote] = await tx
        .insert(replies)
        .values([
          { ...noteAuthor, ticketId: target!.id, content: mergedFromNote(source), createdAt: now, updatedAt: now },
          { ...noteAuthor, ticketId: source.id, content: `Merged into ${target!.number}`, createdAt: now, updatedAt: now },
        ])
        .returning({ id: replies.id });
      await tx.insert(ticketMerges).values({
        sourceId: source.id,
        targetId: target!.id,
        agentId,
        replyIds: moved.replyIds,
        attachmentIds: moved.attachmentIds,
        targetNoteId: targetNote!.id,
        sourceNoteId: sourceNote!.id,
        previousStatus: source.status,
        previousResolvedAt: source.resolvedAt,
        previousClosedAt: source.closedAt,
        createdAt: now,
        updatedAt: now,
      });
      await tx
        .update(tickets)
        .set({ status: 'closed', closedAt: now, resolvedAt: source.resolvedAt ?? now, mergedIntoId: target!.id, updatedAt: now })
        .where(eq(tickets.id, source.id));
    }
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, target!.id));
    await rebuildSearch(tx, [target!.id, ...sourceIds]);

    const [merged, ...closed] = await loadTickets(tx, [target!.id, ...sourceIds]);
    closed.forEach((ticket, i) => {
      const source = sources[i]!;
      const closedTicket = toTicketEventJson(ticket);
      events.push(
        resourceEvent('ticket.merged', source.id, { ticket: closedTicket, merged_into: ref(target!), changes: ['merged_into'] }),
        // Integrations subscribed before ticket.merged existed hear of the duplicate closing as of any ticket
        // closing, as they hear of its reopening when the merge is undone.
        resourceEvent('ticket.updated', source.id, {
          ticket: closedTicket,
          changes: ['status', 'merged_into'],
          before: { status: source.status },
          after: { status: 'closed' },
          merged_into: ref(target!),
        }),
        ...(source.status === 'closed' ? [] : [resourceEvent('ticket.closed', source.id, { ticket: closedTicket })]),
        resourceEvent('ticket.updated', target!.id, { ticket: toTicketEventJson(merged!), changes: ['merged_from'], merged_from: ref(source) }),
      );
    });
    await recordEvents(txCtx, events);
    return merged!;
  });
}

/** POST /tickets/{id}/merge: the route's ticket is the duplicate; a missing one is a 404. */
export async function mergeTicket(ctx: ServiceContext, sourceId: number, into: number): Promise<TicketJson> {
  return mergeTickets(ctx, [sourceId], into, null);
}

function mergedFromNote(source: Locked): string {
  const description = source.description?.trim();
  return `Merged from ${source.number} «${source.subject}»${description ? `: ${description}` : ''}`;
}

/** What points at moved replies follows them: their emails, and the notifications (a mention) that open them. */
async function followReplies(db: Db, replyIds: number[], ticketId: number) {
  if (replyIds.length === 0) return;
  await db.update(outboundEmails).set({ ticketId }).where(inArray(outboundEmails.replyId, replyIds));
  await db.update(agentNotifications).set({ ticketId }).where(inArray(agentNotifications.replyId, replyIds));
}

/** Moves a ticket's replies and files (ticket-level and replies' own) and the replies' emails to another ticket. */
async function moveThread(db: Db, fromId: number, toId: number) {
  const movedReplies = await db.update(replies).set({ ticketId: toId }).where(eq(replies.ticketId, fromId)).returning({ id: replies.id });
  const movedFiles = await db.update(attachments).set({ ticketId: toId }).where(eq(attachments.ticketId, fromId)).returning({ id: attachments.id });
  const replyIds = movedReplies.map((r) => r.id);
  await followReplies(db, replyIds, toId);
  return { replyIds, attachmentIds: movedFiles.map((a) => a.id) };
}

/**
 * What moved must still be on the target: when the target was itself merged on since, its thread
 * (these replies with it) is elsewhere, and that merge must be undone first, or nothing would come back.
 */
async function checkStillOn(db: Db, target: Locked, replyIds: number[], attachmentIds: number[]) {
  const elsewhere = (table: typeof replies | typeof attachments, ids: number[]) =>
    sql<number>`(select count(*)::int from ${table} where ${table.id} = any(${sql.param(ids)}::int[]) and ${table.ticketId} <> ${target.id})`;
  const [moved] = await db.select({ replies: elsewhere(replies, replyIds), files: elsewhere(attachments, attachmentIds) }).from(sql`(select 1) as one`);
  if (moved!.replies === 0 && moved!.files === 0) return;
  const onward = target.mergedIntoId === null ? 'another ticket' : await numberOf(db, target.mergedIntoId);
  throw new ConflictError(`Its conversation has moved on with ${target.number} to ${onward}: undo that merge first`);
}

/**
 * DELETE /tickets/{id}/merge: undoes the source's last merge within MERGE_UNDO_MINUTES. Exactly
 * the replies and files that moved go back (whatever was added to the target since stays), the
 * two merge notes are removed, and the source gets back the status it had.
 */
export async function undoMerge(ctx: ServiceContext, sourceId: number): Promise<TicketJson> {
  return ctx.db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: tickets.id, mergedIntoId: tickets.mergedIntoId }).from(tickets).where(eq(tickets.id, sourceId));
    if (!exists) throw new NotFoundError('Ticket');
    if (exists.mergedIntoId === null) throw new ConflictError('This ticket is not merged into another ticket');
    const locked = await lockTickets(tx, [sourceId, exists.mergedIntoId]);
    const source = locked.get(sourceId);
    const target = source?.mergedIntoId ? locked.get(source.mergedIntoId) : undefined;
    // Undone (or deleted) by someone else while this waited for the locks.
    if (!source || !target) throw new ConflictError('This ticket is not merged into another ticket');
    const [merge] = await tx
      .select()
      .from(ticketMerges)
      .where(and(eq(ticketMerges.sourceId, sourceId), eq(ticketMerges.targetId, target.id), isNull(ticketMerges.undoneAt)))
      .orderBy(desc(ticketMerges.createdAt))
      .limit(1);
    const now = new Date();
    if (!merge || now.getTime() - merge.createdAt.getTime() > MERGE_UNDO_MINUTES * 60_000) {
      throw new ConflictError(`A merge can be undone only within ${MERGE_UNDO_MINUTES} minutes of it`);
    }

    await checkStillOn(tx, target, merge.replyIds, merge.attachmentIds);
    if (merge.replyIds.length > 0) {
      await tx
        .update(replies)
        .set({ ticketId: sourceId })
        .where(and(eq(replies.ticketId, target.id), inArray(replies.id, merge.replyIds)));
      await followReplies(tx, merge.replyIds, sourceId);
    }
    if (merge.attachmentIds.length > 0) {
      await tx
        .update(attachments)
        .set({ ticketId: sourceId })
        .where(and(eq(attachments.ticketId, target.id), inArray(attachments.id, merge.attachmentIds)));
    }
    const notes = [merge.targetNoteId, merge.sourceNoteId].filter((id): id is number => id !== null);
    if (notes.length > 0) await tx.delete(replies).where(inArray(replies.id, notes));
    await tx.update(ticketMerges).set({ undoneAt: now, updatedAt: now }).where(eq(ticketMerges.id, merge.id));
    await tx
      .update(tickets)
      .set({ status: merge.previousStatus, resolvedAt: merge.previousResolvedAt, closedAt: merge.previousClosedAt, mergedIntoId: null, updatedAt: now })
      .where(eq(tickets.id, sourceId));
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, target.id));
    await rebuildSearch(tx, [sourceId, target.id]);

    const [reopened, kept] = await loadTickets(tx, [sourceId, target.id]);
    await recordEvents({ ...ctx, db: tx }, [
      resourceEvent('ticket.unmerged', sourceId, { ticket: toTicketEventJson(reopened!), merged_into: ref(target), changes: ['unmerged_into'] }),
      // Webhooks hear of the reopened duplicate as an update: ticket.unmerged is for the history and audit log.
      resourceEvent('ticket.updated', sourceId, {
        ticket: toTicketEventJson(reopened!),
        changes: ['status'],
        before: { status: source.status },
        after: { status: merge.previousStatus },
      }),
      resourceEvent('ticket.updated', target.id, { ticket: toTicketEventJson(kept!), changes: ['unmerged_from'], unmerged_from: ref(source) }),
    ]);
    return reopened!;
  });
}
