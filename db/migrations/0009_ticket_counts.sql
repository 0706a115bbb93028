CREATE TABLE "ticket_counts" (
	"status" "ticket_status" NOT NULL,
	"priority" "ticket_priority" NOT NULL,
	"department_id" integer NOT NULL,
	"assigned_agent_id" integer NOT NULL,
	"slot" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "ticket_counts_status_priority_department_id_assigned_agent_id_slot_pk" PRIMARY KEY("status","priority","department_id","assigned_agent_id","slot")
);
--> statement-breakpoint
DROP INDEX "tickets_status_created_at_index";--> statement-breakpoint
DROP INDEX "tickets_priority_created_at_index";--> statement-breakpoint
DROP INDEX "tickets_department_id_index";--> statement-breakpoint
DROP INDEX "tickets_assigned_agent_id_index";--> statement-breakpoint
DROP INDEX "tickets_customer_id_index";--> statement-breakpoint
DROP INDEX "tickets_created_at_index";--> statement-breakpoint
DROP INDEX "tickets_updated_at_index";--> statement-breakpoint
CREATE INDEX "tickets_status_created_at_id_index" ON "tickets" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_priority_created_at_id_index" ON "tickets" USING btree ("priority","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_department_id_created_at_id_index" ON "tickets" USING btree ("department_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_assigned_agent_id_created_at_id_index" ON "tickets" USING btree ("assigned_agent_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_customer_id_created_at_id_index" ON "tickets" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_created_at_id_index" ON "tickets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_updated_at_id_index" ON "tickets" USING btree ("updated_at","id");