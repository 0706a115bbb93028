-- PostgreSQL refuses a tsvector over 1 MB. The API keeps a description and a reply to 100,000
-- characters, but an email can carry megabytes of text, stored as written: the search vector is
-- built from the first 100,000 characters of each, so that no text is too long to store.
CREATE OR REPLACE FUNCTION ticket_search_vector(subject text, description text, replies text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', left(coalesce(subject, ''), 100000)), 'A')
      || setweight(to_tsvector('english', left(coalesce(description, ''), 100000)), 'B')
      || setweight(to_tsvector('english', left(coalesce(replies, ''), 300000)), 'C')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_rebuild(ticket integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  vector tsvector;
  reply record;
BEGIN
  SELECT ticket_search_vector(t.subject, t.description, '') INTO vector FROM tickets t WHERE t.id = ticket;
  FOR reply IN SELECT setweight(to_tsvector('english', left(r.content, 100000)), 'C') AS words
                 FROM replies r WHERE r.ticket_id = ticket ORDER BY r.id LOOP
    IF pg_column_size(vector) + pg_column_size(reply.words) < 900000 THEN vector := vector || reply.words; END IF;
  END LOOP;
  UPDATE ticket_search SET search_vector = vector WHERE ticket_id = ticket;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_on_reply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('loopdesk.bulk_load', true) = 'on' THEN RETURN NULL; END IF;
  UPDATE ticket_search s
     SET search_vector = s.search_vector || added.vector
    FROM (SELECT ticket_id, setweight(to_tsvector('english', left(string_agg(left(content, 100000), ' ' ORDER BY id), 300000)), 'C') AS vector
            FROM new_rows GROUP BY ticket_id) added
   WHERE s.ticket_id = added.ticket_id
     AND pg_column_size(s.search_vector) + pg_column_size(added.vector) < 900000;
  RETURN NULL;
END $$;
