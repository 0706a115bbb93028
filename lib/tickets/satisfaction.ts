import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { satisfactionRatings, tickets } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { recordEvents, resourceEvent } from '@/lib/events';
import { plainText } from '@/lib/schema-helpers';
import { isoTime } from '@/lib/time';
import type { SatisfactionJson } from './schema';

export const satisfactionSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: plainText(0, 5000).nullish(),
});
export type SatisfactionInput = z.infer<typeof satisfactionSchema>;

/**
 * POST /tickets/{id}/satisfaction: the customer's rating of a resolved or closed ticket. One per
 * ticket: a second rating replaces the first. It is credited to the ticket's assignee at that moment.
 */
export async function recordSatisfaction(ctx: ServiceContext, ticketId: number, input: SatisfactionInput) {
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select({ status: tickets.status, agentId: tickets.assignedAgentId }).from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!ticket) throw new NotFoundError('Ticket');
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
      throw new ConflictError(`Only resolved or closed tickets can be rated; this one is ${ticket.status}`);
    }
    const [previous] = await tx.select({ id: satisfactionRatings.id }).from(satisfactionRatings).where(eq(satisfactionRatings.ticketId, ticketId));
    const values = { rating: input.rating, comment: input.comment ?? null, agentId: ticket.agentId, updatedAt: new Date() };
    const [rating] = await tx
      .insert(satisfactionRatings)
      .values({ ticketId, ...values })
      .onConflictDoUpdate({ target: satisfactionRatings.ticketId, set: values })
      .returning();
    const json: SatisfactionJson = {
      ticket_id: ticketId,
      rating: rating!.rating,
      comment: rating!.comment,
      agent_id: rating!.agentId,
      created_at: isoTime(rating!.createdAt),
      updated_at: isoTime(rating!.updatedAt),
    };
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('ticket.rated', ticketId, { satisfaction: json })]);
    return { rating: json, replaced: previous !== undefined };
  });
}
