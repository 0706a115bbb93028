import { sql } from 'drizzle-orm';
import { getSqlClient, type Db } from '@/db/client';
import { backdateTicketOn } from './sla-backdate';

/** Runs a ticket's SLA clocks again now, in the caller's transaction (as a policy change does). */
export async function rerunSlaClocks(tx: Db, ticketId: number) {
  await tx.execute(sql`select set_config('loopdesk.sla_refresh', 'on', true)`);
  await tx.execute(sql`update tickets set sla_policy_id = sla_policy_id where id = ${ticketId}`);
}

/** backdateTicketOn() on the pool of this process. */
export const backdateTicket = (ticketId: number, seconds: number) => backdateTicketOn(getSqlClient(), ticketId, seconds);
