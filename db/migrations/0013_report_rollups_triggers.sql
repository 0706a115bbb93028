-- Keeps the report rollups of 0012_report_rollups exact. Statement-level triggers on events,
-- replies, tickets and satisfaction_ratings hand the ids a statement touched to a report_sync_*
-- function, which re-derives the rollup rows of those ids (and of their tickets) from the tables
-- as they now are: one set-based statement per rollup, whatever the operation, so an INSERT of
-- 50,000 rows, a cascading DELETE and an UPDATE of a timestamp all take the same road. Triggers on
-- the rollups turn each changed rollup row into its part of the day sums. The backfill at the end
-- runs the same functions over everything. No dynamic SQL: every plan is cached per session.
-- Locks: a statement writes the rollup rows of the tickets it is about, which the services hold
-- locked (in id order) for the whole transaction, so writers of those rows queue as the tickets'
-- writers already do; and the day sums make nobody wait (report_add_agent_days).

-- The team report's duration buckets: under 1 hour, 1–4 hours, 4–24 hours, 1–3 days, over 3 days
-- (lib/reports/team.ts names them). A missing time falls in the last, as it always has.
CREATE FUNCTION report_duration_bucket(seconds numeric) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE WHEN seconds < 3600 THEN 0 WHEN seconds < 14400 THEN 1 WHEN seconds < 86400 THEN 2
               WHEN seconds < 259200 THEN 3 ELSE 4 END)::smallint
$$;
--> statement-breakpoint

-- Public agent replies on a ticket up to a time: exactly one makes a first-contact resolution.
-- A one-row table rather than a scalar, so that the planner inlines it into a LATERAL join.
CREATE FUNCTION report_public_replies(ticket int, until timestamptz) RETURNS TABLE (n int)
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM replies
   WHERE ticket_id = ticket AND type = 'public' AND author_type = 'agent' AND created_at <= until
$$;
--> statement-breakpoint

-- Adding to the day sums. `deltas` is a JSON array of rows of the table's key and value columns
-- (values left out are 0), one per key: a few per statement, a few thousand for the largest. Each
-- key's change goes into a row of that key that no other transaction holds (SKIP LOCKED), else into
-- a new row: a writer never waits for another, so two cannot deadlock, and a key has about as many
-- rows as it had concurrent writers. Readers sum. Isolation levels above READ COMMITTED would fail
-- on a row changed meanwhile: there every change is a new row.
CREATE FUNCTION report_add_agent_days(deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE d report_agent_days;
BEGIN
  FOR d IN SELECT * FROM jsonb_populate_recordset(NULL::report_agent_days, deltas) LOOP
    UPDATE report_agent_days c
       SET handled = c.handled + coalesce(d.handled, 0), resolved = c.resolved + coalesce(d.resolved, 0),
           daily_resolved = c.daily_resolved + coalesce(d.daily_resolved, 0), public_replies = c.public_replies + coalesce(d.public_replies, 0),
           resolution_timed = c.resolution_timed + coalesce(d.resolution_timed, 0),
           resolution_seconds = c.resolution_seconds + coalesce(d.resolution_seconds, 0),
           first_contact = c.first_contact + coalesce(d.first_contact, 0), responses = c.responses + coalesce(d.responses, 0),
           response_seconds = c.response_seconds + coalesce(d.response_seconds, 0), ratings = c.ratings + coalesce(d.ratings, 0),
           rating_sum = c.rating_sum + coalesce(d.rating_sum, 0), reopened = c.reopened + coalesce(d.reopened, 0)
     WHERE c.id = (SELECT id FROM report_agent_days
                    WHERE agent_id = d.agent_id AND day = d.day AND current_setting('transaction_isolation') = 'read committed'
                    LIMIT 1 FOR UPDATE SKIP LOCKED);
    IF NOT FOUND THEN
      INSERT INTO report_agent_days (agent_id, day, handled, resolved, daily_resolved, public_replies, resolution_timed, resolution_seconds,
                                     first_contact, responses, response_seconds, ratings, rating_sum, reopened)
      VALUES (d.agent_id, d.day, coalesce(d.handled, 0), coalesce(d.resolved, 0), coalesce(d.daily_resolved, 0), coalesce(d.public_replies, 0),
              coalesce(d.resolution_timed, 0), coalesce(d.resolution_seconds, 0), coalesce(d.first_contact, 0), coalesce(d.responses, 0),
              coalesce(d.response_seconds, 0), coalesce(d.ratings, 0), coalesce(d.rating_sum, 0), coalesce(d.reopened, 0));
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_add_team_days(deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE d report_team_days;
BEGIN
  FOR d IN SELECT * FROM jsonb_populate_recordset(NULL::report_team_days, deltas) LOOP
    UPDATE report_team_days c
       SET created = c.created + coalesce(d.created, 0), resolved = c.resolved + coalesce(d.resolved, 0),
           ratings = c.ratings + coalesce(d.ratings, 0), rating_sum = c.rating_sum + coalesce(d.rating_sum, 0)
     WHERE c.id = (SELECT id FROM report_team_days
                    WHERE day = d.day AND current_setting('transaction_isolation') = 'read committed' LIMIT 1 FOR UPDATE SKIP LOCKED);
    IF NOT FOUND THEN
      INSERT INTO report_team_days (day, created, resolved, ratings, rating_sum)
      VALUES (d.day, coalesce(d.created, 0), coalesce(d.resolved, 0), coalesce(d.ratings, 0), coalesce(d.rating_sum, 0));
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_add_duration_days(deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE d report_duration_days;
BEGIN
  FOR d IN SELECT * FROM jsonb_populate_recordset(NULL::report_duration_days, deltas) LOOP
    UPDATE report_duration_days c
       SET first_responses = c.first_responses + coalesce(d.first_responses, 0), resolutions = c.resolutions + coalesce(d.resolutions, 0)
     WHERE c.id = (SELECT id FROM report_duration_days
                    WHERE day = d.day AND bucket = d.bucket AND current_setting('transaction_isolation') = 'read committed'
                    LIMIT 1 FOR UPDATE SKIP LOCKED);
    IF NOT FOUND THEN
      INSERT INTO report_duration_days (day, bucket, first_responses, resolutions)
      VALUES (d.day, d.bucket, coalesce(d.first_responses, 0), coalesce(d.resolutions, 0));
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint

-- The report_sync_* functions re-derive the rollup rows of the ids given, and of their tickets,
-- from the tables as they now are. Every row is read by a LATERAL lookup per id (OFFSET 0 keeps
-- the planner from turning it into a join that reads the whole table), so a statement costs index
-- probes for what it touched, never a scan of a table that grows with the desk, and one plan fits
-- every size: it is planned once per session (a generic plan). JIT is off: compiling (about a
-- second) is all it would bring such statements.

-- Handling activities of the given events and replies, with each (agent, ticket)'s chain of
-- prev_at. New rows are inserted and changed ones updated (unchanged ones are left alone), so a
-- reply appended to a thread writes one row.
CREATE FUNCTION report_sync_activities(assigned_ids bigint[], reply_ids int[]) RETURNS void
LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH fresh AS (
    SELECT 'assigned'::text AS kind, e.id AS source_id, (e.payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int AS agent_id,
           e.resource_id AS ticket_id, e.created_at AS at, true AS handles, false AS public_reply
      FROM (SELECT DISTINCT unnest(assigned_ids) AS id) ids CROSS JOIN LATERAL (SELECT * FROM events e WHERE e.id = ids.id OFFSET 0) e
     WHERE e.type = 'ticket.assigned' AND e.payload -> 'ticket' -> 'assigned_agent' ->> 'id' IS NOT NULL
    UNION ALL
    SELECT 'reply', r.id, r.agent_id, r.ticket_id, r.created_at, r.author_type = 'agent', r.type = 'public'
      FROM (SELECT DISTINCT unnest(reply_ids) AS id) ids CROSS JOIN LATERAL (SELECT * FROM replies r WHERE r.id = ids.id OFFSET 0) r
     WHERE r.agent_id IS NOT NULL
  ), stale AS (
    SELECT a.kind, a.source_id, a.agent_id, a.ticket_id
      FROM (SELECT DISTINCT unnest(assigned_ids) AS id) ids CROSS JOIN LATERAL (
        SELECT * FROM report_activities a WHERE a.kind = 'assigned' AND a.source_id = ids.id OFFSET 0) a
    UNION ALL
    SELECT a.kind, a.source_id, a.agent_id, a.ticket_id
      FROM (SELECT DISTINCT unnest(reply_ids) AS id) ids CROSS JOIN LATERAL (
        SELECT * FROM report_activities a WHERE a.kind = 'reply' AND a.source_id = ids.id OFFSET 0) a
  ), pairs AS (
    SELECT agent_id, ticket_id FROM fresh UNION SELECT agent_id, ticket_id FROM stale
  ), kept AS (
    SELECT a.* FROM pairs p CROSS JOIN LATERAL (
      SELECT a.kind, a.source_id, a.agent_id, a.ticket_id, a.at, a.handles, a.public_reply FROM report_activities a
       WHERE a.ticket_id = p.ticket_id AND a.agent_id = p.agent_id OFFSET 0) a
     WHERE NOT EXISTS (SELECT 1 FROM stale s WHERE s.kind = a.kind AND s.source_id = a.source_id)
  ), wanted AS (
    SELECT kind, source_id, agent_id, ticket_id, at, handles, public_reply, known,
           CASE WHEN handles THEN lag(at) OVER (PARTITION BY agent_id, ticket_id, handles ORDER BY at, kind, source_id) END AS prev_at
      FROM (SELECT f.*, EXISTS (SELECT 1 FROM stale s WHERE s.kind = f.kind AND s.source_id = f.source_id) AS known FROM fresh f
            UNION ALL
            SELECT k.*, true FROM kept k) touched
  ), removed AS (
    DELETE FROM report_activities a USING stale s
     WHERE a.kind = s.kind AND a.source_id = s.source_id
       AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.kind = s.kind AND f.source_id = s.source_id)
  ), changed AS (
    UPDATE report_activities a
       SET agent_id = w.agent_id, ticket_id = w.ticket_id, at = w.at, handles = w.handles, public_reply = w.public_reply, prev_at = w.prev_at
      FROM wanted w
     WHERE w.known AND a.kind = w.kind AND a.source_id = w.source_id
       AND (a.agent_id, a.ticket_id, a.at, a.handles, a.public_reply, a.prev_at)
           IS DISTINCT FROM (w.agent_id, w.ticket_id, w.at, w.handles, w.public_reply, w.prev_at)
  )
  INSERT INTO report_activities (kind, source_id, agent_id, ticket_id, at, handles, public_reply, prev_at)
  SELECT kind, source_id, agent_id, ticket_id, at, handles, public_reply, prev_at FROM wanted WHERE NOT known
   ORDER BY ticket_id, agent_id, at, kind, source_id;
END $$;
--> statement-breakpoint

-- Resolutions of the given events, and the chains (previous, next, next by the same agent) of
-- every resolution of their tickets.
CREATE FUNCTION report_sync_resolutions(event_ids bigint[]) RETURNS void
LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH fresh AS (
    SELECT e.id AS event_id, e.resource_id AS ticket_id, (e.payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int AS agent_id,
           e.created_at AS resolved_at, (e.payload -> 'ticket' ->> 'created_at')::timestamptz AS opened_at
      FROM (SELECT DISTINCT unnest(event_ids) AS id) ids CROSS JOIN LATERAL (SELECT * FROM events e WHERE e.id = ids.id OFFSET 0) e
     WHERE e.type = 'ticket.resolved'
  ), stale AS (
    SELECT x.event_id, x.ticket_id
      FROM (SELECT DISTINCT unnest(event_ids) AS id) ids CROSS JOIN LATERAL (SELECT * FROM report_resolutions x WHERE x.event_id = ids.id OFFSET 0) x
  ), touched_tickets AS (
    SELECT ticket_id FROM fresh UNION SELECT ticket_id FROM stale
  ), kept AS (
    SELECT x.* FROM touched_tickets t CROSS JOIN LATERAL (
      SELECT x.event_id, x.ticket_id, x.agent_id, x.resolved_at, x.opened_at, x.public_replies FROM report_resolutions x
       WHERE x.ticket_id = t.ticket_id OFFSET 0) x
     WHERE NOT EXISTS (SELECT 1 FROM stale s WHERE s.event_id = x.event_id)
  ), wanted AS (
    SELECT event_id, ticket_id, agent_id, resolved_at, opened_at, public_replies, known,
           lag(resolved_at) OVER by_ticket AS prev_at,
           lead(resolved_at) OVER by_ticket AS next_at,
           lag(resolved_at) OVER by_ticket_agent AS prev_same_agent_at,
           lead(resolved_at) OVER by_ticket_agent AS next_same_agent_at
      FROM (SELECT f.*, p.n AS public_replies, EXISTS (SELECT 1 FROM stale s WHERE s.event_id = f.event_id) AS known
              FROM fresh f CROSS JOIN LATERAL report_public_replies(f.ticket_id, f.resolved_at) p
            UNION ALL
            SELECT k.*, true FROM kept k) touched
    WINDOW by_ticket AS (PARTITION BY ticket_id ORDER BY resolved_at, event_id),
           by_ticket_agent AS (PARTITION BY ticket_id, agent_id ORDER BY resolved_at, event_id)
  ), removed AS (
    DELETE FROM report_resolutions x USING stale s
     WHERE x.event_id = s.event_id AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.event_id = s.event_id)
  ), changed AS (
    UPDATE report_resolutions x
       SET ticket_id = w.ticket_id, agent_id = w.agent_id, resolved_at = w.resolved_at, opened_at = w.opened_at,
           public_replies = w.public_replies, prev_at = w.prev_at, next_at = w.next_at, prev_same_agent_at = w.prev_same_agent_at,
           next_same_agent_at = w.next_same_agent_at
      FROM wanted w
     WHERE w.known AND x.event_id = w.event_id
       AND (x.ticket_id, x.agent_id, x.resolved_at, x.opened_at, x.public_replies, x.prev_at, x.next_at, x.prev_same_agent_at, x.next_same_agent_at)
           IS DISTINCT FROM (w.ticket_id, w.agent_id, w.resolved_at, w.opened_at, w.public_replies, w.prev_at, w.next_at,
                             w.prev_same_agent_at, w.next_same_agent_at)
  )
  INSERT INTO report_resolutions
         (event_id, ticket_id, agent_id, resolved_at, opened_at, public_replies, prev_at, next_at, prev_same_agent_at, next_same_agent_at)
  SELECT event_id, ticket_id, agent_id, resolved_at, opened_at, public_replies, prev_at, next_at, prev_same_agent_at, next_same_agent_at
    FROM wanted WHERE NOT known ORDER BY ticket_id, resolved_at, event_id;
END $$;
--> statement-breakpoint

-- After replies of these tickets changed: their resolutions' count of public agent replies.
CREATE FUNCTION report_sync_public_replies(ticket_ids int[]) RETURNS void
LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  UPDATE report_resolutions x SET public_replies = c.n
    FROM (SELECT x2.event_id, p.n FROM report_resolutions x2 CROSS JOIN LATERAL report_public_replies(x2.ticket_id, x2.resolved_at) p
           WHERE x2.ticket_id = ANY(ticket_ids) ORDER BY x2.ticket_id, x2.event_id) c
   WHERE x.event_id = c.event_id AND x.public_replies <> c.n;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_sync_first_responses(ticket_ids int[]) RETURNS void
LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH touched AS (
    SELECT DISTINCT unnest(ticket_ids) AS ticket_id
  ), wanted AS (
    SELECT f.*, EXISTS (SELECT 1 FROM report_first_responses x WHERE x.ticket_id = f.ticket_id) AS known
      FROM touched CROSS JOIN LATERAL (
        SELECT r.ticket_id, r.id AS reply_id, r.agent_id, r.created_at AS replied_at, t.created_at AS ticket_created_at
          FROM tickets t JOIN replies r ON r.ticket_id = t.id
         WHERE t.id = touched.ticket_id AND r.type = 'public' AND r.author_type = 'agent'
         ORDER BY r.created_at, r.id LIMIT 1) f
  ), removed AS (
    DELETE FROM report_first_responses x USING touched
     WHERE x.ticket_id = touched.ticket_id AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.ticket_id = x.ticket_id)
  ), changed AS (
    UPDATE report_first_responses x
       SET reply_id = w.reply_id, agent_id = w.agent_id, replied_at = w.replied_at, ticket_created_at = w.ticket_created_at
      FROM wanted w
     WHERE w.known AND x.ticket_id = w.ticket_id
       AND (x.reply_id, x.agent_id, x.replied_at, x.ticket_created_at) IS DISTINCT FROM (w.reply_id, w.agent_id, w.replied_at, w.ticket_created_at)
  )
  INSERT INTO report_first_responses (ticket_id, reply_id, agent_id, replied_at, ticket_created_at)
  SELECT ticket_id, reply_id, agent_id, replied_at, ticket_created_at FROM wanted WHERE NOT known ORDER BY ticket_id;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_sync_ratings(rating_ids int[]) RETURNS void
LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH wanted AS (
    SELECT s.id AS rating_id, s.agent_id, s.rating, s.updated_at AS rated_at
      FROM (SELECT DISTINCT unnest(rating_ids) AS id) ids CROSS JOIN LATERAL (SELECT * FROM satisfaction_ratings s WHERE s.id = ids.id OFFSET 0) s
  ), removed AS (
    DELETE FROM report_ratings x
     WHERE x.rating_id = ANY(rating_ids) AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.rating_id = x.rating_id)
  )
  INSERT INTO report_ratings AS x (rating_id, agent_id, rating, rated_at)
  SELECT * FROM wanted ORDER BY rating_id
  ON CONFLICT (rating_id) DO UPDATE SET agent_id = excluded.agent_id, rating = excluded.rating, rated_at = excluded.rated_at
   WHERE (x.agent_id, x.rating, x.rated_at) IS DISTINCT FROM (excluded.agent_id, excluded.rating, excluded.rated_at);
END $$;
--> statement-breakpoint

CREATE FUNCTION report_sync_reopens(event_ids bigint[]) RETURNS void
LANGUAGE plpgsql SET jit = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH wanted AS (
    SELECT e.id AS event_id, (e.payload -> 'ticket' -> 'assigned_agent' ->> 'id')::int AS agent_id, e.created_at AS at
      FROM (SELECT DISTINCT unnest(event_ids) AS id) ids CROSS JOIN LATERAL (SELECT * FROM events e WHERE e.id = ids.id OFFSET 0) e
     WHERE e.type = 'ticket.reopened' AND e.payload -> 'ticket' -> 'assigned_agent' ->> 'id' IS NOT NULL
  ), removed AS (
    DELETE FROM report_reopens x
     WHERE x.event_id = ANY(event_ids) AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.event_id = x.event_id)
  )
  INSERT INTO report_reopens AS x (event_id, agent_id, at)
  SELECT * FROM wanted ORDER BY event_id
  ON CONFLICT (event_id) DO UPDATE SET agent_id = excluded.agent_id, at = excluded.at
   WHERE (x.agent_id, x.at) IS DISTINCT FROM (excluded.agent_id, excluded.at);
END $$;
--> statement-breakpoint

-- What each rollup row adds to the day sums: the report_count_* functions take a statement's rows
-- as they were (gone, taken away) and as they are (came, added).
CREATE FUNCTION report_count_activities(gone report_activities[], came report_activities[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF gone IS NULL AND came IS NULL THEN RETURN; END IF;
  PERFORM report_add_agent_days((
    SELECT jsonb_agg(d) FROM (
      SELECT agent_id, (at AT TIME ZONE 'UTC')::date AS day,
             coalesce(sum(sign) FILTER (WHERE handles AND prev_at IS NULL), 0) AS handled,
             coalesce(sum(sign) FILTER (WHERE public_reply), 0) AS public_replies
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       GROUP BY 1, 2) d
     WHERE (handled, public_replies) <> (0, 0)));
END $$;
--> statement-breakpoint

CREATE FUNCTION report_count_resolutions(gone report_resolutions[], came report_resolutions[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF gone IS NULL AND came IS NULL THEN RETURN; END IF;
  -- An agent's resolutions of a ticket count once per period, at the last: the day sums hold
  -- those not followed by another credited to the same agent. Their daily series counts a ticket
  -- once a day, at its first resolution of the day; so does the team's.
  PERFORM report_add_agent_days((
    SELECT jsonb_agg(d) FROM (
      SELECT agent_id, day, coalesce(sum(sign) FILTER (WHERE last), 0) AS resolved,
             coalesce(sum(sign) FILTER (WHERE last AND seconds IS NOT NULL), 0) AS resolution_timed,
             coalesce(sum(sign * seconds) FILTER (WHERE last), 0) AS resolution_seconds,
             coalesce(sum(sign) FILTER (WHERE last AND public_replies = 1), 0) AS first_contact,
             coalesce(sum(sign) FILTER (WHERE first_of_day), 0) AS daily_resolved
        FROM (SELECT sign, agent_id, (resolved_at AT TIME ZONE 'UTC')::date AS day, extract(epoch FROM resolved_at - opened_at) AS seconds,
                     public_replies, next_same_agent_at IS NULL AS last,
                     prev_same_agent_at IS NULL OR (prev_same_agent_at AT TIME ZONE 'UTC')::date < (resolved_at AT TIME ZONE 'UTC')::date AS first_of_day
                FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
               WHERE agent_id IS NOT NULL) c
       GROUP BY 1, 2) d
     WHERE (resolved, resolution_timed, resolution_seconds, first_contact, daily_resolved) <> (0, 0, 0, 0, 0)));
  PERFORM report_add_team_days((
    SELECT jsonb_agg(d) FROM (
      SELECT (resolved_at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS resolved
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       WHERE prev_at IS NULL OR (prev_at AT TIME ZONE 'UTC')::date < (resolved_at AT TIME ZONE 'UTC')::date
       GROUP BY 1 HAVING sum(sign) <> 0) d));
  -- The team's resolution times: of resolutions not followed by another of the ticket.
  PERFORM report_add_duration_days((
    SELECT jsonb_agg(d) FROM (
      SELECT (resolved_at AT TIME ZONE 'UTC')::date AS day, report_duration_bucket(extract(epoch FROM resolved_at - opened_at)) AS bucket,
             sum(sign) AS resolutions
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       WHERE next_at IS NULL GROUP BY 1, 2 HAVING sum(sign) <> 0) d));
END $$;
--> statement-breakpoint

CREATE FUNCTION report_count_first_responses(gone report_first_responses[], came report_first_responses[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF gone IS NULL AND came IS NULL THEN RETURN; END IF;
  PERFORM report_add_agent_days((
    SELECT jsonb_agg(d) FROM (
      SELECT agent_id, (replied_at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS responses,
             sum(sign * extract(epoch FROM replied_at - ticket_created_at)) AS response_seconds
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       WHERE agent_id IS NOT NULL GROUP BY 1, 2) d
     WHERE (responses, response_seconds) <> (0, 0)));
  -- The team's waits for a first response, by the day the ticket was created.
  PERFORM report_add_duration_days((
    SELECT jsonb_agg(d) FROM (
      SELECT (ticket_created_at AT TIME ZONE 'UTC')::date AS day,
             report_duration_bucket(extract(epoch FROM replied_at - ticket_created_at)) AS bucket, sum(sign) AS first_responses
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       GROUP BY 1, 2 HAVING sum(sign) <> 0) d));
END $$;
--> statement-breakpoint

CREATE FUNCTION report_count_ratings(gone report_ratings[], came report_ratings[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF gone IS NULL AND came IS NULL THEN RETURN; END IF;
  PERFORM report_add_agent_days((
    SELECT jsonb_agg(d) FROM (
      SELECT agent_id, (rated_at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS ratings, sum(sign * rating) AS rating_sum
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       WHERE agent_id IS NOT NULL GROUP BY 1, 2) d
     WHERE (ratings, rating_sum) <> (0, 0)));
  PERFORM report_add_team_days((
    SELECT jsonb_agg(d) FROM (
      SELECT (rated_at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS ratings, sum(sign * rating) AS rating_sum
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       GROUP BY 1) d
     WHERE (ratings, rating_sum) <> (0, 0)));
END $$;
--> statement-breakpoint

CREATE FUNCTION report_count_reopens(gone report_reopens[], came report_reopens[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF gone IS NULL AND came IS NULL THEN RETURN; END IF;
  PERFORM report_add_agent_days((
    SELECT jsonb_agg(d) FROM (
      SELECT agent_id, (at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS reopened
        FROM (SELECT -1 AS sign, * FROM unnest(gone) UNION ALL SELECT 1, * FROM unnest(came)) c
       GROUP BY 1, 2 HAVING sum(sign) <> 0) d));
END $$;
--> statement-breakpoint

CREATE FUNCTION report_count_created(gone timestamptz[], came timestamptz[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF gone IS NULL AND came IS NULL THEN RETURN; END IF;
  PERFORM report_add_team_days((
    SELECT jsonb_agg(d) FROM (
      SELECT (at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS created
        FROM (SELECT -1 AS sign, at FROM unnest(gone) AS g(at) UNION ALL SELECT 1, at FROM unnest(came) AS c(at)) c
       GROUP BY 1 HAVING sum(sign) <> 0) d));
END $$;
--> statement-breakpoint

-- The base tables' triggers: which ids the statement touched, in its rows old or new.
CREATE FUNCTION report_events_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  assigned bigint[] := '{}';
  resolved bigint[] := '{}';
  reopened bigint[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT assigned || coalesce(array_agg(id) FILTER (WHERE type = 'ticket.assigned'), '{}'),
           resolved || coalesce(array_agg(id) FILTER (WHERE type = 'ticket.resolved'), '{}'),
           reopened || coalesce(array_agg(id) FILTER (WHERE type = 'ticket.reopened'), '{}')
      INTO assigned, resolved, reopened FROM new_rows;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT assigned || coalesce(array_agg(id) FILTER (WHERE type = 'ticket.assigned'), '{}'),
           resolved || coalesce(array_agg(id) FILTER (WHERE type = 'ticket.resolved'), '{}'),
           reopened || coalesce(array_agg(id) FILTER (WHERE type = 'ticket.reopened'), '{}')
      INTO assigned, resolved, reopened FROM old_rows;
  END IF;
  IF cardinality(assigned) > 0 THEN PERFORM report_sync_activities(assigned, NULL); END IF;
  IF cardinality(resolved) > 0 THEN PERFORM report_sync_resolutions(resolved); END IF;
  IF cardinality(reopened) > 0 THEN PERFORM report_sync_reopens(reopened); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_replies_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  by_agents int[] := '{}';
  answered int[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT by_agents || coalesce(array_agg(id) FILTER (WHERE agent_id IS NOT NULL), '{}'),
           answered || coalesce(array_agg(DISTINCT ticket_id) FILTER (WHERE type = 'public' AND author_type = 'agent'), '{}')
      INTO by_agents, answered FROM new_rows;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT by_agents || coalesce(array_agg(id) FILTER (WHERE agent_id IS NOT NULL), '{}'),
           answered || coalesce(array_agg(DISTINCT ticket_id) FILTER (WHERE type = 'public' AND author_type = 'agent'), '{}')
      INTO by_agents, answered FROM old_rows;
  END IF;
  IF cardinality(by_agents) > 0 THEN PERFORM report_sync_activities(NULL, by_agents); END IF;
  IF cardinality(answered) > 0 THEN
    PERFORM report_sync_public_replies(answered);
    PERFORM report_sync_first_responses(answered);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_tickets_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  gone timestamptz[];
  came timestamptz[];
  moved int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(created_at) INTO came FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(created_at), array_agg(id) INTO gone, moved FROM old_rows;
  ELSE
    -- Most updates (a reply's updated_at, a status) leave the creation time alone: nothing to do.
    SELECT array_agg(o.created_at), array_agg(n.created_at), array_agg(n.id) INTO gone, came, moved
      FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.created_at <> o.created_at;
  END IF;
  IF gone IS NOT NULL OR came IS NOT NULL THEN PERFORM report_count_created(gone, came); END IF;
  -- First responses carry their ticket's creation time.
  IF moved IS NOT NULL THEN PERFORM report_sync_first_responses(moved); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_ratings_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE ids int[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN SELECT ids || coalesce(array_agg(id), '{}') INTO ids FROM new_rows; END IF;
  IF TG_OP <> 'INSERT' THEN SELECT ids || coalesce(array_agg(id), '{}') INTO ids FROM old_rows; END IF;
  IF cardinality(ids) > 0 THEN PERFORM report_sync_ratings(ids); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

-- The rollups' triggers: their changed rows, to the report_count_* functions. The arrays are built
-- in the call, typed: a PL/pgSQL variable would convert a large one element by element.
CREATE FUNCTION report_activities_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM report_count_activities(NULL, (SELECT array_agg(n::report_activities) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN PERFORM report_count_activities((SELECT array_agg(o::report_activities) FROM old_rows o), NULL);
  ELSE PERFORM report_count_activities((SELECT array_agg(o::report_activities) FROM old_rows o),
                                  (SELECT array_agg(n::report_activities) FROM new_rows n));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_resolutions_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM report_count_resolutions(NULL, (SELECT array_agg(n::report_resolutions) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN PERFORM report_count_resolutions((SELECT array_agg(o::report_resolutions) FROM old_rows o), NULL);
  ELSE PERFORM report_count_resolutions((SELECT array_agg(o::report_resolutions) FROM old_rows o),
                                  (SELECT array_agg(n::report_resolutions) FROM new_rows n));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_first_responses_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM report_count_first_responses(NULL, (SELECT array_agg(n::report_first_responses) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN PERFORM report_count_first_responses((SELECT array_agg(o::report_first_responses) FROM old_rows o), NULL);
  ELSE PERFORM report_count_first_responses((SELECT array_agg(o::report_first_responses) FROM old_rows o),
                                  (SELECT array_agg(n::report_first_responses) FROM new_rows n));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_ratings_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM report_count_ratings(NULL, (SELECT array_agg(n::report_ratings) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN PERFORM report_count_ratings((SELECT array_agg(o::report_ratings) FROM old_rows o), NULL);
  ELSE PERFORM report_count_ratings((SELECT array_agg(o::report_ratings) FROM old_rows o),
                                  (SELECT array_agg(n::report_ratings) FROM new_rows n));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_reopens_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM report_count_reopens(NULL, (SELECT array_agg(n::report_reopens) FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN PERFORM report_count_reopens((SELECT array_agg(o::report_reopens) FROM old_rows o), NULL);
  ELSE PERFORM report_count_reopens((SELECT array_agg(o::report_reopens) FROM old_rows o),
                                  (SELECT array_agg(n::report_reopens) FROM new_rows n));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint

-- Everything from scratch, by the same functions in slices of 50,000 rows: the backfill below,
-- and after a TRUNCATE of a table the rollups read.
CREATE FUNCTION report_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  slice constant int := 50000;
  lo bigint;
BEGIN
  TRUNCATE report_activities, report_resolutions, report_first_responses, report_ratings, report_reopens,
           report_agent_days, report_team_days, report_duration_days;
  PERFORM report_count_created(NULL, array(SELECT created_at FROM tickets));
  FOR lo IN SELECT generate_series(min(id), max(id), slice) FROM events LOOP
    PERFORM report_sync_activities(array(SELECT id FROM events WHERE id >= lo AND id < lo + slice AND type = 'ticket.assigned'), NULL);
    PERFORM report_sync_resolutions(array(SELECT id FROM events WHERE id >= lo AND id < lo + slice AND type = 'ticket.resolved'));
    PERFORM report_sync_reopens(array(SELECT id FROM events WHERE id >= lo AND id < lo + slice AND type = 'ticket.reopened'));
  END LOOP;
  FOR lo IN SELECT generate_series(min(id), max(id), slice) FROM replies LOOP
    PERFORM report_sync_activities(NULL, array(SELECT id FROM replies WHERE id >= lo AND id < lo + slice AND agent_id IS NOT NULL));
  END LOOP;
  FOR lo IN SELECT generate_series(min(id), max(id), slice) FROM tickets LOOP
    PERFORM report_sync_first_responses(array(SELECT id FROM tickets WHERE id >= lo AND id < lo + slice));
  END LOOP;
  FOR lo IN SELECT generate_series(min(id), max(id), slice) FROM satisfaction_ratings LOOP
    PERFORM report_sync_ratings(array(SELECT id FROM satisfaction_ratings WHERE id >= lo AND id < lo + slice));
  END LOOP;
  -- Every slice added to most days' sums: write them out again as one row a key, in a new file.
  CREATE TEMP TABLE report_agent_sums ON COMMIT DROP AS
    SELECT agent_id, day, sum(handled) AS handled, sum(resolved) AS resolved, sum(daily_resolved) AS daily_resolved,
           sum(public_replies) AS public_replies, sum(resolution_timed) AS resolution_timed, sum(resolution_seconds) AS resolution_seconds,
           sum(first_contact) AS first_contact, sum(responses) AS responses, sum(response_seconds) AS response_seconds,
           sum(ratings) AS ratings, sum(rating_sum) AS rating_sum, sum(reopened) AS reopened
      FROM report_agent_days GROUP BY agent_id, day;
  CREATE TEMP TABLE report_team_sums ON COMMIT DROP AS
    SELECT day, sum(created) AS created, sum(resolved) AS resolved, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum
      FROM report_team_days GROUP BY day;
  CREATE TEMP TABLE report_duration_sums ON COMMIT DROP AS
    SELECT day, bucket, sum(first_responses) AS first_responses, sum(resolutions) AS resolutions
      FROM report_duration_days GROUP BY day, bucket;
  TRUNCATE report_agent_days, report_team_days, report_duration_days;
  INSERT INTO report_agent_days (agent_id, day, handled, resolved, daily_resolved, public_replies, resolution_timed, resolution_seconds,
                                 first_contact, responses, response_seconds, ratings, rating_sum, reopened)
  SELECT * FROM report_agent_sums;
  INSERT INTO report_team_days (day, created, resolved, ratings, rating_sum) SELECT * FROM report_team_sums;
  INSERT INTO report_duration_days (day, bucket, first_responses, resolutions) SELECT * FROM report_duration_sums;
  DROP TABLE report_agent_sums, report_team_sums, report_duration_sums;
END $$;
--> statement-breakpoint

CREATE FUNCTION report_rebuild_after_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rebuild();
  RETURN NULL;
END $$;
--> statement-breakpoint

CREATE TRIGGER report_on_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_events_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_truncate AFTER TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION report_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER report_on_insert AFTER INSERT ON replies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_replies_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_update AFTER UPDATE ON replies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_replies_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_delete AFTER DELETE ON replies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_replies_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_truncate AFTER TRUNCATE ON replies FOR EACH STATEMENT EXECUTE FUNCTION report_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER report_on_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_tickets_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_tickets_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_tickets_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_truncate AFTER TRUNCATE ON tickets FOR EACH STATEMENT EXECUTE FUNCTION report_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER report_on_insert AFTER INSERT ON satisfaction_ratings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ratings_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_update AFTER UPDATE ON satisfaction_ratings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ratings_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_delete AFTER DELETE ON satisfaction_ratings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ratings_changed();
--> statement-breakpoint
CREATE TRIGGER report_on_truncate AFTER TRUNCATE ON satisfaction_ratings FOR EACH STATEMENT EXECUTE FUNCTION report_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_insert AFTER INSERT ON report_activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_activities_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_update AFTER UPDATE ON report_activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_activities_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_delete AFTER DELETE ON report_activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_activities_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_insert AFTER INSERT ON report_resolutions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_resolutions_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_update AFTER UPDATE ON report_resolutions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_resolutions_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_delete AFTER DELETE ON report_resolutions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_resolutions_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_insert AFTER INSERT ON report_first_responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_first_responses_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_update AFTER UPDATE ON report_first_responses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_first_responses_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_delete AFTER DELETE ON report_first_responses
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_first_responses_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_insert AFTER INSERT ON report_ratings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ratings_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_update AFTER UPDATE ON report_ratings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ratings_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_delete AFTER DELETE ON report_ratings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_ratings_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_insert AFTER INSERT ON report_reopens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_reopens_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_update AFTER UPDATE ON report_reopens
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_reopens_counted();
--> statement-breakpoint
CREATE TRIGGER report_counted_on_delete AFTER DELETE ON report_reopens
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_reopens_counted();
--> statement-breakpoint
SELECT report_rebuild();
