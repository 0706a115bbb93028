-- A new reply re-counted the public replies of every resolution of its ticket and looked for the
-- ticket's first response again, on every reply: about 2 ms of each POST /tickets/{id}/replies. A
-- reply written now counts only towards resolutions at or after it, and is a ticket's first
-- response only when no known one comes before it: only such tickets are synced. Updates and
-- deletes (a reply's type or time changed, a reply removed) still sync every ticket they touch.
CREATE OR REPLACE FUNCTION report_replies_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  by_agents int[] := '{}';
  answered int[] := '{}';
  recounted int[] := '{}';
  first_answered int[] := '{}';
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT coalesce(array_agg(id) FILTER (WHERE agent_id IS NOT NULL), '{}') INTO by_agents FROM new_rows;
    WITH added AS (
      SELECT ticket_id, min(created_at) AS at, min(id) AS first_id
        FROM new_rows WHERE type = 'public' AND author_type = 'agent' GROUP BY ticket_id
    )
    SELECT coalesce(array_agg(a.ticket_id) FILTER (WHERE EXISTS (
             SELECT 1 FROM report_resolutions x WHERE x.ticket_id = a.ticket_id AND x.resolved_at >= a.at)), '{}'),
           coalesce(array_agg(a.ticket_id) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM report_first_responses f
              WHERE f.ticket_id = a.ticket_id AND (f.replied_at < a.at OR (f.replied_at = a.at AND f.reply_id < a.first_id)))), '{}')
      INTO recounted, first_answered FROM added a;
  ELSE
    IF TG_OP = 'UPDATE' THEN
      SELECT by_agents || coalesce(array_agg(id) FILTER (WHERE agent_id IS NOT NULL), '{}'),
             answered || coalesce(array_agg(DISTINCT ticket_id) FILTER (WHERE type = 'public' AND author_type = 'agent'), '{}')
        INTO by_agents, answered FROM new_rows;
    END IF;
    SELECT by_agents || coalesce(array_agg(id) FILTER (WHERE agent_id IS NOT NULL), '{}'),
           answered || coalesce(array_agg(DISTINCT ticket_id) FILTER (WHERE type = 'public' AND author_type = 'agent'), '{}')
      INTO by_agents, answered FROM old_rows;
    recounted := answered;
    first_answered := answered;
  END IF;
  IF cardinality(by_agents) > 0 THEN PERFORM report_sync_activities(NULL, by_agents); END IF;
  IF cardinality(recounted) > 0 THEN PERFORM report_sync_public_replies(recounted); END IF;
  IF cardinality(first_answered) > 0 THEN PERFORM report_sync_first_responses(first_answered); END IF;
  RETURN NULL;
END $$;
