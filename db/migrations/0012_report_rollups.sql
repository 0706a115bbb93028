CREATE TABLE "report_activities" (
	"kind" text NOT NULL,
	"source_id" bigint NOT NULL,
	"agent_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"handles" boolean NOT NULL,
	"public_reply" boolean NOT NULL,
	"prev_at" timestamp with time zone,
	CONSTRAINT "report_activities_kind_source_id_pk" PRIMARY KEY("kind","source_id")
);
--> statement-breakpoint
CREATE TABLE "report_agent_days" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_agent_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agent_id" integer NOT NULL,
	"day" date NOT NULL,
	"handled" bigint DEFAULT 0 NOT NULL,
	"resolved" bigint DEFAULT 0 NOT NULL,
	"daily_resolved" bigint DEFAULT 0 NOT NULL,
	"public_replies" bigint DEFAULT 0 NOT NULL,
	"resolution_timed" bigint DEFAULT 0 NOT NULL,
	"resolution_seconds" numeric DEFAULT '0' NOT NULL,
	"first_contact" bigint DEFAULT 0 NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"response_seconds" numeric DEFAULT '0' NOT NULL,
	"ratings" bigint DEFAULT 0 NOT NULL,
	"rating_sum" bigint DEFAULT 0 NOT NULL,
	"reopened" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_duration_days" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_duration_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"bucket" smallint NOT NULL,
	"first_responses" bigint DEFAULT 0 NOT NULL,
	"resolutions" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_first_responses" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"reply_id" integer NOT NULL,
	"agent_id" integer,
	"replied_at" timestamp with time zone NOT NULL,
	"ticket_created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_ratings" (
	"rating_id" integer PRIMARY KEY NOT NULL,
	"agent_id" integer,
	"rating" integer NOT NULL,
	"rated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_reopens" (
	"event_id" bigint PRIMARY KEY NOT NULL,
	"agent_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_resolutions" (
	"event_id" bigint PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"agent_id" integer,
	"resolved_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"public_replies" integer DEFAULT 0 NOT NULL,
	"prev_at" timestamp with time zone,
	"next_at" timestamp with time zone,
	"prev_same_agent_at" timestamp with time zone,
	"next_same_agent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_team_days" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_team_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"created" bigint DEFAULT 0 NOT NULL,
	"resolved" bigint DEFAULT 0 NOT NULL,
	"ratings" bigint DEFAULT 0 NOT NULL,
	"rating_sum" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_activities_agent_id_at_index" ON "report_activities" USING btree ("agent_id","at");--> statement-breakpoint
CREATE INDEX "report_activities_ticket_id_agent_id_index" ON "report_activities" USING btree ("ticket_id","agent_id");--> statement-breakpoint
CREATE INDEX "report_activities_gap_idx" ON "report_activities" USING gist (tstzrange("prev_at", "at", '(]')) WHERE "report_activities"."handles" and "report_activities"."prev_at" is not null;--> statement-breakpoint
CREATE INDEX "report_agent_days_agent_id_day_index" ON "report_agent_days" USING btree ("agent_id","day");--> statement-breakpoint
CREATE INDEX "report_duration_days_day_bucket_index" ON "report_duration_days" USING btree ("day","bucket");--> statement-breakpoint
CREATE INDEX "report_first_responses_agent_id_replied_at_index" ON "report_first_responses" USING btree ("agent_id","replied_at");--> statement-breakpoint
CREATE INDEX "report_first_responses_ticket_created_at_index" ON "report_first_responses" USING btree ("ticket_created_at");--> statement-breakpoint
CREATE INDEX "report_ratings_agent_id_rated_at_index" ON "report_ratings" USING btree ("agent_id","rated_at");--> statement-breakpoint
CREATE INDEX "report_ratings_rated_at_index" ON "report_ratings" USING btree ("rated_at");--> statement-breakpoint
CREATE INDEX "report_reopens_agent_id_at_index" ON "report_reopens" USING btree ("agent_id","at");--> statement-breakpoint
CREATE INDEX "report_resolutions_ticket_id_index" ON "report_resolutions" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "report_resolutions_agent_id_resolved_at_index" ON "report_resolutions" USING btree ("agent_id","resolved_at");--> statement-breakpoint
CREATE INDEX "report_resolutions_resolved_at_index" ON "report_resolutions" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "report_resolutions_superseded_idx" ON "report_resolutions" USING gist (tstzrange("resolved_at", "next_at", '[)')) WHERE "report_resolutions"."next_at" is not null;--> statement-breakpoint
CREATE INDEX "report_resolutions_superseded_same_agent_idx" ON "report_resolutions" USING gist (tstzrange("resolved_at", "next_same_agent_at", '[)')) WHERE "report_resolutions"."next_same_agent_at" is not null;--> statement-breakpoint
CREATE INDEX "report_team_days_day_index" ON "report_team_days" USING btree ("day");