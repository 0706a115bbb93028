DROP INDEX "events_type_created_at_index";--> statement-breakpoint
DROP INDEX "events_created_at_index";