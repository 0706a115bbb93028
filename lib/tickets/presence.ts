import 'server-only';
import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, ticketPresence } from '@/db/schema';
import { ValidationError } from '@/lib/errors';
import { announceChanges } from '@/lib/live/changes';
import { isoTime } from '@/lib/time';
import { getTicketOrThrow } from './queries';
import { fullName } from '@/lib/names';
import type { PresenceJson } from './schema';

/**
 * Presence not renewed for this long means the agent has left the ticket. An agent whose desk is
 * connected has it renewed by the server (keepPresenceAlive); an integration renews it by reporting again.
 */
const PRESENCE_SECONDS = 30;
const recent = sql`now() - make_interval(secs => ${PRESENCE_SECONDS})`;

/**
 * PUT /tickets/{id}/presence: the calling agent has the ticket open (typing or not); answers with
 * the other agents who have it open now, for the collision notice. Only agents have presence.
 * Arriving, and starting or stopping typing, are announced to the open desks; a renewal is not.
 */
export async function reportPresence(db: Db, ticketId: number, agentId: number | null, typing: boolean): Promise<PresenceJson[]> {
  if (!agentId) throw new ValidationError([{ field: 'agent', message: 'Presence is reported by a signed-in agent or a key created by one' }]);
  await getTicketOrThrow(db, ticketId);
  const [before] = await db
    .select({ typing: ticketPresence.typing, current: sql<boolean>`${ticketPresence.seenAt} > ${recent}` })
    .from(ticketPresence)
    .where(and(eq(ticketPresence.ticketId, ticketId), eq(ticketPresence.agentId, agentId)));
  await db
    .insert(ticketPresence)
    .values({ ticketId, agentId, typing })
    .onConflictDoUpdate({ target: [ticketPresence.ticketId, ticketPresence.agentId], set: { typing, seenAt: sql`now()` } });
  if (!before?.current || before.typing !== typing) await announceChanges(db, [{ resource: 'presence', id: ticketId }]);
  const others = await db
    .select({ id: agents.id, first: agents.firstName, last: agents.lastName, typing: ticketPresence.typing, seenAt: ticketPresence.seenAt })
    .from(ticketPresence)
    .innerJoin(agents, eq(agents.id, ticketPresence.agentId))
    .where(and(eq(ticketPresence.ticketId, ticketId), ne(ticketPresence.agentId, agentId), gt(ticketPresence.seenAt, recent)));
  return others.map((o) => ({ agent: { id: o.id, name: fullName(o.first, o.last) }, typing: o.typing, seen_at: isoTime(o.seenAt) }));
}

/** DELETE /tickets/{id}/presence: the agent closed the ticket. */
export async function leaveTicket(db: Db, ticketId: number, agentId: number | null) {
  if (!agentId) return;
  const left = await db
    .delete(ticketPresence)
    .where(and(eq(ticketPresence.ticketId, ticketId), eq(ticketPresence.agentId, agentId)))
    .returning({ ticketId: ticketPresence.ticketId });
  if (left.length > 0) await announceChanges(db, [{ resource: 'presence', id: ticketId }]);
}

/**
 * Renews the presence of agents whose desk is connected, so an open ticket needs no heartbeat
 * from the browser. Typing is not renewed: a tab that stops saying so stops being shown typing.
 */
export async function keepPresenceAlive(db: Db, agentIds: number[]): Promise<void> {
  if (agentIds.length === 0) return;
  await db
    .update(ticketPresence)
    .set({ seenAt: sql`now()` })
    .where(and(inArray(ticketPresence.agentId, agentIds), eq(ticketPresence.typing, false), gt(ticketPresence.seenAt, recent)));
}
