ALTER TABLE "webhook_deliveries" DROP COLUMN "request_body";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "response_code";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "response_body";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "duration_ms";