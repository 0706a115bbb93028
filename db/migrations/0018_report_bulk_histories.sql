-- Bulk loads (the seed) write whole ticket histories at once: a batch's tickets with all their
-- replies, events and ratings, in one transaction with loopdesk.bulk_load on. For those the
-- report triggers on inserts of events, replies and ratings step aside (their WHEN), and
-- report_add_new_tickets() writes the batch's rollup rows in one set-based pass: the rows the
-- report_sync_* functions would have written, without their per-id probes for rollup rows that
-- cannot exist yet. The rollups' own triggers still add them to the day sums. A test compares a
-- seeded desk's rollups with report_rebuild()'s (lib/seed/desk.test.ts).
CREATE FUNCTION report_add_new_tickets(lo int, hi int) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  -- The batch's events and replies, each read once through its ticket index.
  WITH ev AS MATERIALIZED (
    SELECT e.id, e.type, e.resource_id::int AS ticket_id, e.created_at,
           (e.payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int AS agent_id, (e.payload -> 'ticket' ->> 'created_at')::timestamptz AS opened_at
      FROM events e WHERE e.resource_type = 'ticket' AND e.resource_id BETWEEN lo AND hi
  ), rp AS MATERIALIZED (
    SELECT r.id, r.ticket_id, r.agent_id, r.created_at, r.author_type = 'agent' AS by_agent, r.type = 'public' AS public
      FROM replies r WHERE r.ticket_id BETWEEN lo AND hi
  ), activities AS (
    INSERT INTO report_activities (kind, source_id, agent_id, ticket_id, at, handles, public_reply, prev_at)
    SELECT kind, source_id, agent_id, ticket_id, at, handles, public_reply,
           CASE WHEN handles THEN lag(at) OVER (PARTITION BY agent_id, ticket_id, handles ORDER BY at, kind, source_id) END
      FROM (SELECT 'assigned'::text AS kind, id AS source_id, agent_id, ticket_id, created_at AS at, true AS handles, false AS public_reply
              FROM ev WHERE type = 'ticket.assigned' AND agent_id IS NOT NULL
            UNION ALL
            SELECT 'reply', id, agent_id, ticket_id, created_at, by_agent, public FROM rp WHERE agent_id IS NOT NULL) a
     ORDER BY ticket_id, agent_id, at, kind, source_id
  ), resolutions AS (
    INSERT INTO report_resolutions
           (event_id, ticket_id, agent_id, resolved_at, opened_at, public_replies, prev_at, next_at, prev_same_agent_at, next_same_agent_at)
    SELECT x.id, x.ticket_id, x.agent_id, x.created_at, x.opened_at,
           (SELECT count(*) FROM replies r
             WHERE r.ticket_id = x.ticket_id AND r.type = 'public' AND r.author_type = 'agent' AND r.created_at <= x.created_at),
           lag(x.created_at) OVER by_ticket, lead(x.created_at) OVER by_ticket,
           lag(x.created_at) OVER by_ticket_agent, lead(x.created_at) OVER by_ticket_agent
      FROM ev x WHERE x.type = 'ticket.resolved'
    WINDOW by_ticket AS (PARTITION BY x.ticket_id ORDER BY x.created_at, x.id),
           by_ticket_agent AS (PARTITION BY x.ticket_id, x.agent_id ORDER BY x.created_at, x.id)
     ORDER BY x.ticket_id, x.created_at, x.id
  ), first_responses AS (
    INSERT INTO report_first_responses (ticket_id, reply_id, agent_id, replied_at, ticket_created_at)
    SELECT DISTINCT ON (rp.ticket_id) rp.ticket_id, rp.id, rp.agent_id, rp.created_at, t.created_at
      FROM rp JOIN tickets t ON t.id = rp.ticket_id
     WHERE t.id BETWEEN lo AND hi AND rp.public AND rp.by_agent
     ORDER BY rp.ticket_id, rp.created_at, rp.id
  ), ratings AS (
    INSERT INTO report_ratings (rating_id, agent_id, rating, rated_at)
    SELECT s.id, s.agent_id, s.rating, s.updated_at FROM satisfaction_ratings s WHERE s.ticket_id BETWEEN lo AND hi ORDER BY s.id
  )
  INSERT INTO report_reopens (event_id, agent_id, at)
  SELECT id, agent_id, created_at FROM ev WHERE type = 'ticket.reopened' AND agent_id IS NOT NULL ORDER BY id;
END $$;
--> statement-breakpoint
DROP TRIGGER report_on_insert ON events;
--> statement-breakpoint
CREATE TRIGGER report_on_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('loopdesk.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION report_events_changed();
--> statement-breakpoint
DROP TRIGGER report_on_insert ON replies;
--> statement-breakpoint
CREATE TRIGGER report_on_insert AFTER INSERT ON replies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('loopdesk.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION report_replies_changed();
--> statement-breakpoint
DROP TRIGGER report_on_insert ON satisfaction_ratings;
--> statement-breakpoint
CREATE TRIGGER report_on_insert AFTER INSERT ON satisfaction_ratings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('loopdesk.bulk_load', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION report_ratings_changed();
