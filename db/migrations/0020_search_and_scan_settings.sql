-- Settings that belong to the schema, so that they hold however the app connects (PgBouncer and
-- other poolers refuse unknown startup parameters) and travel with pg_dump.

-- New search words wait in the GIN index's pending list until it is merged into the index, and
-- every search reads the whole list: at PostgreSQL's default of 4 MB a search for a rare word took
-- 19 ms instead of 1. With 64 kB a write merges the list once it holds about 50 tickets' words
-- (about 2 ms). The seed raises it while it loads and sets it back (lib/seed/desk.ts).
ALTER INDEX ticket_search_idx SET (gin_pending_list_limit = 64);
--> statement-breakpoint
-- The app's statements on these tables are short and many run at once. A parallel worker is a new
-- process: starting one took about 20 ms under load, longer than the searches it was meant to
-- speed up (a rare word's page: 21.6 ms with one worker, 2.5 ms without).
ALTER TABLE tickets SET (parallel_workers = 0);
--> statement-breakpoint
ALTER TABLE ticket_search SET (parallel_workers = 0);
--> statement-breakpoint
ALTER TABLE customers SET (parallel_workers = 0);
--> statement-breakpoint
-- PostgreSQL refuses a tsvector over 1 MB, measured uncompressed, and the reply trigger's guard
-- reads pg_column_size(), which is the stored size: stored uncompressed, the two agree.
ALTER TABLE ticket_search ALTER COLUMN search_vector SET STORAGE EXTERNAL;
--> statement-breakpoint
-- A rebuild (after a subject or description changes) appends the replies one by one under the
-- same guard as new replies, so an edit keeps exactly the words the replies had added. Callers
-- hold the ticket's row locked, as every writer of a ticket does, so no reply is added meanwhile.
CREATE OR REPLACE FUNCTION ticket_search_rebuild(ticket integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  vector tsvector;
  reply record;
BEGIN
  SELECT ticket_search_vector(t.subject, t.description, '') INTO vector FROM tickets t WHERE t.id = ticket;
  FOR reply IN SELECT setweight(to_tsvector('english', r.content), 'C') AS words
                 FROM replies r WHERE r.ticket_id = ticket ORDER BY r.id LOOP
    IF pg_column_size(vector) + pg_column_size(reply.words) < 900000 THEN vector := vector || reply.words; END IF;
  END LOOP;
  UPDATE ticket_search SET search_vector = vector WHERE ticket_id = ticket;
END $$;
