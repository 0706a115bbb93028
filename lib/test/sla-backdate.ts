import type postgres from 'postgres';

/**
 * Moves a ticket's past back by `seconds` (its arrival, status history, first response and
 * resolution, as if it all happened that much earlier) and runs its clocks again: a hand-built
 * history for clocks that take minutes or hours to run out. Speaks postgres.js alone, without the
 * app's database module, so that the browser tests can use it too.
 */
export async function backdateTicketOn(client: postgres.Sql, ticketId: number, seconds: number) {
  await client.begin(async (tx) => {
    await tx`update ticket_status_history set changed_at = changed_at - make_interval(secs => ${seconds}) where ticket_id = ${ticketId}`;
    await tx`update tickets set created_at = created_at - make_interval(secs => ${seconds}),
      first_responded_at = first_responded_at - make_interval(secs => ${seconds}),
      resolved_at = resolved_at - make_interval(secs => ${seconds}) where id = ${ticketId}`;
    await tx`select set_config('loopdesk.sla_refresh', 'on', true)`;
    await tx`update tickets set sla_policy_id = sla_policy_id where id = ${ticketId}`;
  });
}
