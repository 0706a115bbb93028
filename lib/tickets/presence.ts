import 'server-only';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, ticketPresence } from '@/db/schema';
import { ValidationError } from '@/lib/errors';
import { isoTime } from '@/lib/time';
import { getTicketOrThrow } from './queries';
import { fullName } from '@/lib/names';
import type { PresenceJson } from './schema';

/** A heartbeat older than this means the agent has left the ticket. */
const PRESENCE_SECONDS = 30;

/**
 * PUT /tickets/{id}/presence: the calling agent has the ticket open (typing or not); answers with
 * the other agents who have it open now, for the collision notice. Only agents have presence.
 */
export async function reportPresence(db: Db, ticketId: number, agentId: number | null, typing: boolean): Promise<PresenceJson[]> {
  if (!agentId) throw new ValidationError([{ field: 'agent', message: 'Presence is reported by a signed-in agent or a key created by one' }]);
  await getTicketOrThrow(db, ticketId);
  await db
    .insert(ticketPresence)
    .values({ ticketId, agentId, typing })
    .onConflictDoUpdate({ target: [ticketPresence.ticketId, ticketPresence.agentId], set: { typing, seenAt: sql`now()` } });
  const others = await db
    .select({ id: agents.id, first: agents.firstName, last: agents.lastName, typing: ticketPresence.typing, seenAt: ticketPresence.seenAt })
    .from(ticketPresence)
    .innerJoin(agents, eq(agents.id, ticketPresence.agentId))
    .where(
      and(
        eq(ticketPresence.ticketId, ticketId),
        ne(ticketPresence.agentId, agentId),
        gt(ticketPresence.seenAt, sql`now() - make_interval(secs => ${PRESENCE_SECONDS})`),
      ),
    );
  return others.map((o) => ({ agent: { id: o.id, name: fullName(o.first, o.last) }, typing: o.typing, seen_at: isoTime(o.seenAt) }));
}

/** DELETE /tickets/{id}/presence: the agent closed the ticket. */
export async function leaveTicket(db: Db, ticketId: number, agentId: number | null) {
  if (!agentId) return;
  await db.delete(ticketPresence).where(and(eq(ticketPresence.ticketId, ticketId), eq(ticketPresence.agentId, agentId)));
}
