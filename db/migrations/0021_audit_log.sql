ALTER TABLE "events" ALTER COLUMN "resource_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "request_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "ip" text;--> statement-breakpoint
CREATE INDEX "events_actor_index" ON "events" USING btree (("actor" ->> 'type'),(("actor" ->> 'id')::int),"id");--> statement-breakpoint
CREATE INDEX "events_audit_type_index" ON "events" USING btree ("type","id") WHERE "events"."resource_type" <> 'ticket';