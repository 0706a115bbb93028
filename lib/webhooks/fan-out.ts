import { sql, type SQL } from 'drizzle-orm';
import { webhookDeliveries, webhooks } from '@/db/schema';
import { ALL_EVENTS, webhookEvents } from '@/lib/events/catalogue';

// A constant of the catalogue's own names, written into the statement (a bound array would be a row of parameters).
const deliverable = sql.raw(`array[${webhookEvents.map((type) => `'${type}'`).join(', ')}]::text[]`);

/**
 * The deliveries of the events in `inserted` (a WITH query of events just written to the outbox,
 * with their id and type) to the active webhooks subscribed to them, as a data-modifying query for
 * the same WITH clause: the events and their deliveries are written in one statement of the
 * caller's transaction, and commit with the change or not at all. Returns the deliveries' ids.
 */
export function deliveriesOf(inserted: SQL): SQL {
  return sql`
    insert into ${webhookDeliveries} (webhook_id, event_id, event_type, next_attempt_at)
    select w.id, e.id, e.type, now()
    from ${inserted} e
    join ${webhooks} w on w.active and (w.events @> array[e.type] or w.events @> array[${ALL_EVENTS}::text])
    where e.type = any(${deliverable})
    returning id`;
}
