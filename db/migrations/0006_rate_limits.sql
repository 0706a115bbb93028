-- UNLOGGED: counters need no crash safety, and skipping the WAL keeps the per-request write cheap.
CREATE UNLOGGED TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
