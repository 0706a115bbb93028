import { and, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers, inboundEmails, outboundEmails, tickets } from '@/db/schema';

export type ThreadedTicket = { id: number; status: typeof tickets.$inferSelect.status; customerId: number | null; mergedIntoId: number | null };

const threaded = { id: tickets.id, status: tickets.status, customerId: tickets.customerId, mergedIntoId: tickets.mergedIntoId };
// A merge into a ticket that was itself merged is refused, so a chain is short; this only bounds a broken one.
const MAX_MERGE_HOPS = 10;

// Ticket numbers are TKT-<year>-<6 digits>; in a subject they stand in brackets, as our own mail writes them.
const SUBJECT_TOKEN = /\[(TKT-\d{4}-\d{6})\]/gi;

/** Both spellings of each id: ours are stored in angle brackets, but a row written by hand may lack them. */
const spellings = (ids: string[]) => ids.flatMap((id) => [id, id.replace(/^<|>$/g, '')]);

/**
 * The ticket a message continues: one whose email (ours, but not an agent's notification, or one
 * we received) its In-Reply-To or References names, nearest parent first; else a ticket whose
 * number the subject carries, if the sender belongs to it (its customer, or a Cc'd address), so a
 * guessed number opens nothing of someone else's.
 */
export async function findThread(db: Db, parents: string[], subject: string, sender: string): Promise<ThreadedTicket | null> {
  const found = (await byHeaders(db, parents)) ?? (await bySubjectToken(db, subject, sender));
  return found && keptTicket(db, found);
}

/**
 * A duplicate merged into another ticket continues there: the customer answering an email of the
 * duplicate (its acknowledgement, a reply, its number in the subject) reaches the ticket kept.
 */
async function keptTicket(db: Db, ticket: ThreadedTicket): Promise<ThreadedTicket> {
  let current = ticket;
  for (let hops = 0; current.mergedIntoId !== null && hops < MAX_MERGE_HOPS; hops++) {
    const next = await ticketById(db, current.mergedIntoId);
    if (!next) break;
    current = next;
  }
  return current;
}

async function byHeaders(db: Db, parents: string[]): Promise<ThreadedTicket | null> {
  if (parents.length === 0) return null;
  const ids = spellings(parents);
  const [ours, received] = await Promise.all([
    // Not a notification: the one answering it is the agent, whose answer is no public customer reply.
    db
      .select({ messageId: outboundEmails.messageId, ticketId: outboundEmails.ticketId })
      .from(outboundEmails)
      .where(and(inArray(outboundEmails.messageId, ids), ne(outboundEmails.kind, 'notification'))),
    db
      .select({ messageId: inboundEmails.messageId, ticketId: inboundEmails.ticketId })
      .from(inboundEmails)
      .where(and(inArray(inboundEmails.messageId, ids), isNotNull(inboundEmails.ticketId))),
  ]);
  const ticketOf = new Map<string, number>();
  for (const row of [...ours, ...received]) if (row.ticketId !== null) ticketOf.set(row.messageId.replace(/^<|>$/g, ''), row.ticketId);
  const nearest = parents.map((p) => ticketOf.get(p.replace(/^<|>$/g, ''))).find((id) => id !== undefined);
  return nearest === undefined ? null : ticketById(db, nearest);
}

async function bySubjectToken(db: Db, subject: string, sender: string): Promise<ThreadedTicket | null> {
  const numbers = [...subject.matchAll(SUBJECT_TOKEN)].map((m) => m[1]!.toUpperCase());
  if (numbers.length === 0) return null;
  const [found] = await db
    .select(threaded)
    .from(tickets)
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .where(
      and(
        inArray(tickets.number, numbers),
        sql`(lower(${customers.email}) = ${sender} or exists (select 1 from unnest(${tickets.cc}) as cc(address) where lower(cc.address) = ${sender}))`,
      ),
    )
    .limit(1);
  return found ?? null;
}

async function ticketById(db: Db, id: number): Promise<ThreadedTicket | null> {
  const [found] = await db.select(threaded).from(tickets).where(eq(tickets.id, id));
  return found ?? null;
}
