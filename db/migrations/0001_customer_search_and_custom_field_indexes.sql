CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "events_type_id_index";--> statement-breakpoint
CREATE INDEX "customers_search_trgm_idx" ON "customers" USING gin (("first_name" || ' ' || "last_name" || ' ' || "email" || ' ' || coalesce("organization", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "events_type_created_at_index" ON "events" USING btree ("type","created_at");--> statement-breakpoint
CREATE INDEX "tickets_custom_fields_idx" ON "tickets" USING gin ("custom_fields" jsonb_path_ops);