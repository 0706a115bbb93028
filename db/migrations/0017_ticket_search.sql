-- Tickets' search vectors move to their own table, so that scans of tickets read narrow rows.
-- Existing rows keep the dropped columns' bytes until they are rewritten; `VACUUM FULL tickets`
-- in a quiet hour reclaims them (README, "Search").
CREATE TABLE "ticket_search" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"search_vector" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_search" ADD CONSTRAINT "ticket_search_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "ticket_search" ("ticket_id", "search_vector") SELECT "id", "search_vector" FROM "tickets";--> statement-breakpoint
DROP INDEX "tickets_search_idx";--> statement-breakpoint
CREATE INDEX "ticket_search_idx" ON "ticket_search" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "search_vector";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "replies_text";--> statement-breakpoint
-- The vector of a ticket's text: the same expression the dropped generated column had.
CREATE FUNCTION ticket_search_vector(subject text, description text, replies text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(subject, '')), 'A')
      || setweight(to_tsvector('english', coalesce(description, '')), 'B')
      || setweight(to_tsvector('english', coalesce(replies, '')), 'C')
$$;
--> statement-breakpoint
-- PostgreSQL refuses a tsvector over 1 MB. The reply text a vector is built from is kept to its
-- first 300,000 characters, and a reply's words are appended only while the vector stays under
-- 900,000 bytes (a reply is at most 100,000 characters).
CREATE FUNCTION ticket_search_rebuild(ticket integer) RETURNS void LANGUAGE sql AS $$
  UPDATE ticket_search s
     SET search_vector = ticket_search_vector(t.subject, t.description, left(
           (SELECT string_agg(' ' || r.content, '' ORDER BY r.created_at, r.id) FROM replies r WHERE r.ticket_id = t.id), 300000))
    FROM tickets t
   WHERE t.id = ticket AND s.ticket_id = t.id
$$;
--> statement-breakpoint
CREATE FUNCTION ticket_search_on_ticket_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('loopdesk.bulk_load', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO ticket_search (ticket_id, search_vector)
  SELECT id, ticket_search_vector(subject, description, '') FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_on_ticket_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_on_ticket_insert();
--> statement-breakpoint
CREATE FUNCTION ticket_search_on_ticket_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ticket_search_rebuild(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_on_ticket_text AFTER UPDATE OF subject, description ON tickets
  FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description)
  EXECUTE FUNCTION ticket_search_on_ticket_text();
--> statement-breakpoint
CREATE FUNCTION ticket_search_on_reply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('loopdesk.bulk_load', true) = 'on' THEN RETURN NULL; END IF;
  UPDATE ticket_search s
     SET search_vector = s.search_vector || added.vector
    FROM (SELECT ticket_id, setweight(to_tsvector('english', string_agg(content, ' ' ORDER BY id)), 'C') AS vector
            FROM new_rows GROUP BY ticket_id) added
   WHERE s.ticket_id = added.ticket_id
     AND pg_column_size(s.search_vector) + pg_column_size(added.vector) < 900000;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_on_reply_insert AFTER INSERT ON replies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_on_reply_insert();
