-- The rollup sync functions are called with a statement's ids (usually one or two). Their generic
-- plans could not see how few: report_sync_public_replies scanned every resolution (235 ms per
-- reply at 1M tickets). Planned for the ids at hand, a reply's triggers take 2-5 ms.
ALTER FUNCTION report_sync_activities(bigint[], int[]) SET plan_cache_mode = force_custom_plan;
--> statement-breakpoint
ALTER FUNCTION report_sync_resolutions(bigint[]) SET plan_cache_mode = force_custom_plan;
--> statement-breakpoint
ALTER FUNCTION report_sync_public_replies(int[]) SET plan_cache_mode = force_custom_plan;
--> statement-breakpoint
ALTER FUNCTION report_sync_first_responses(int[]) SET plan_cache_mode = force_custom_plan;
--> statement-breakpoint
ALTER FUNCTION report_sync_ratings(int[]) SET plan_cache_mode = force_custom_plan;
--> statement-breakpoint
ALTER FUNCTION report_sync_reopens(bigint[]) SET plan_cache_mode = force_custom_plan;
