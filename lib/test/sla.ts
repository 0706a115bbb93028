import { sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';

/** Runs a ticket's SLA clocks again now, in the caller's transaction (as a policy change does). */
export async function rerunSlaClocks(tx: Db, ticketId: number) {
  await tx.execute(sql`select set_config('loopdesk.sla_refresh', 'on', true)`);
  await tx.execute(sql`update tickets set sla_policy_id = sla_policy_id where id = ${ticketId}`);
}

/**
 * Moves a ticket's past back by `seconds` (its arrival, status history, first response and
 * resolution, as if it all happened that much earlier) and runs its clocks again: a hand-built
 * history for clocks that take minutes or hours to run out.
 */
export async function backdateTicket(ticketId: number, seconds: number) {
  await getDb().transaction(async (tx) => {
    const shift = sql`make_interval(secs => ${seconds})`;
    await tx.execute(sql`update ticket_status_history set changed_at = changed_at - ${shift} where ticket_id = ${ticketId}`);
    await tx.execute(sql`update tickets set created_at = created_at - ${shift},
      first_responded_at = first_responded_at - ${shift}, resolved_at = resolved_at - ${shift} where id = ${ticketId}`);
    await rerunSlaClocks(tx, ticketId);
  });
}
