import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { systemContext } from '@/lib/context';
import { recordEvents, resourceEvent } from '@/lib/events';
import { notifySlaWarnings } from '@/lib/notifications/service';
import { loadTickets } from '@/lib/tickets/queries';
import { toTicketEventJson } from '@/lib/tickets/serialize';
import { isoTime } from '@/lib/time';

/** The assignee hears of a deadline this long before it (once per deadline). */
export const SLA_WARNING_MINUTES = 30;
/** Tickets taken per transaction: the sweep loops until none are left. */
const BATCH = 200;

export type SlaMeasure = 'first_response' | 'resolution';

/**
 * The tickets with a breach to record, each kind found through its own partial index (an OR of the
 * four made the planner scan every ticket).
 */
const candidates = sql`
  (select id from tickets where sla_first_response_due_at is not null and sla_first_response_breached_at is null
      and sla_first_response_due_at <= now() order by sla_first_response_due_at limit ${BATCH})
  union (select id from tickets where sla_resolution_due_at is not null and sla_resolution_breached_at is null
      and sla_resolution_due_at <= now() order by sla_resolution_due_at limit ${BATCH})
  union (select id from tickets where sla_first_response_met = false and sla_first_response_breached_at is null limit ${BATCH})
  union (select id from tickets where sla_resolution_met = false and sla_resolution_breached_at is null limit ${BATCH})`;

/** The deadlines the assignee has not been warned of (tickets_sla_warn_idx holds just those). */
const unwarned = sql`sla_due_at is not null and assigned_agent_id is not null and sla_warned_due_at is distinct from sla_due_at`;

type Breach = { id: number; measure: SlaMeasure; dueAt: string | null };

/**
 * Records the breaches that have happened and not been recorded: a clock past its deadline, or a
 * goal reached late before the sweep saw the deadline pass. Each is marked on its ticket and
 * written as a `ticket.sla_breached` event (webhooks, the notification center, the audit log) in
 * one transaction, with the rows locked SKIP LOCKED: app instances sweeping at once never record
 * a breach twice. Returns how many it recorded.
 */
export async function recordSlaBreaches(db: Db): Promise<number> {
  let recorded = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.execute<{ id: number; fr: boolean; res: boolean; fr_due: string | null; res_due: string | null }>(sql`
        select id,
               sla_first_response_breached_at is null and (sla_first_response_due_at <= now() or sla_first_response_met = false) as fr,
               sla_resolution_breached_at is null and (sla_resolution_due_at <= now() or sla_resolution_met = false) as res,
               sla_first_response_due_at as fr_due, sla_resolution_due_at as res_due
          from tickets
         where id in (${candidates})
         order by id limit ${BATCH} for update skip locked`);
      const breaches: Breach[] = Array.from(rows).flatMap((r) => [
        ...(r.fr ? [{ id: r.id, measure: 'first_response' as const, dueAt: r.fr_due }] : []),
        ...(r.res ? [{ id: r.id, measure: 'resolution' as const, dueAt: r.res_due }] : []),
      ]);
      if (breaches.length === 0) return 0;
      // A deadline that passed is when the breach happened; a goal reached late without one seen, now.
      await tx.execute(sql`
        update tickets t set
          sla_first_response_breached_at = case when b.fr then coalesce(t.sla_first_response_due_at, now()) else t.sla_first_response_breached_at end,
          sla_resolution_breached_at = case when b.res then coalesce(t.sla_resolution_due_at, now()) else t.sla_resolution_breached_at end
          from (select (x ->> 'id')::int as id, (x ->> 'fr')::boolean as fr, (x ->> 'res')::boolean as res
                  from jsonb_array_elements(${JSON.stringify(Array.from(rows, (r) => ({ id: r.id, fr: r.fr, res: r.res })))}::jsonb) x) b
         where t.id = b.id`);
      const ticketsById = new Map(
        (
          await loadTickets(
            tx,
            Array.from(rows, (r) => r.id),
          )
        ).map((t) => [t.id, t]),
      );
      await recordEvents(
        systemContext(tx, `sla-${randomUUID()}`),
        breaches.map((b) => {
          const ticket = ticketsById.get(b.id)!;
          const breachedAt = b.measure === 'first_response' ? ticket.sla?.first_response?.breached_at : ticket.sla?.resolution?.breached_at;
          return resourceEvent('ticket.sla_breached', b.id, {
            ticket: toTicketEventJson(ticket),
            sla: { measure: b.measure, due_at: b.dueAt === null ? null : isoTime(new Date(b.dueAt)), breached_at: breachedAt ?? null },
          });
        }),
      );
      return breaches.length;
    });
    recorded += n;
    if (n === 0) return recorded;
  }
}

/**
 * Tells each assignee of a deadline of theirs coming within SLA_WARNING_MINUTES, once per
 * deadline (a deadline moved by a pause or a new priority is warned of again).
 */
export async function warnOfSlaDeadlines(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: number; agent_id: number }>(sql`
      update tickets set sla_warned_due_at = sla_due_at
       where id in (
         select id from tickets
          where ${unwarned} and sla_due_at > now() and sla_due_at <= now() + make_interval(mins => ${SLA_WARNING_MINUTES})
          order by id limit 1000 for update skip locked)
       returning id, assigned_agent_id as agent_id`);
    const warned = Array.from(rows, (r) => ({ ticketId: r.id, agentId: r.agent_id }));
    await notifySlaWarnings(systemContext(tx, `sla-${randomUUID()}`), warned);
    return warned.length;
  });
}

/** The next instant the sweep has work: the earliest unrecorded deadline or warning, if any. */
export async function nextSlaWake(db: Db): Promise<Date | null> {
  // Each the first row of one of the partial deadline indexes.
  const [row] = await db.execute<{ at: string | null }>(sql`
    select least(
      (select min(sla_first_response_due_at) from tickets where sla_first_response_due_at is not null and sla_first_response_breached_at is null),
      (select min(sla_resolution_due_at) from tickets where sla_resolution_due_at is not null and sla_resolution_breached_at is null),
      (select min(sla_due_at) - make_interval(mins => ${SLA_WARNING_MINUTES}) from tickets where ${unwarned} and sla_due_at > now())) as at`);
  return row?.at ? new Date(row.at) : null;
}
