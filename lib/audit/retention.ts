import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events } from '@/db/schema';

/**
 * Deletes audit entries older than `days` (0: none), in batches. Ticket events stay: they are each
 * ticket's history and the source the reports were built from, and they go with their ticket.
 * The batches read the small index of non-ticket events (events_audit_type_index).
 */
export async function deleteExpiredAuditEntries(db: Db, days: number): Promise<number> {
  if (days === 0) return 0;
  let total = 0;
  for (;;) {
    const deleted = await db.execute(sql`
      delete from ${events} where ${events.id} in (
        select id from ${events}
        where ${events.resourceType} <> 'ticket' and ${events.createdAt} < now() - make_interval(days => ${days})
        limit 5000)`);
    total += deleted.count;
    if (deleted.count < 5000) return total;
  }
}
