CREATE INDEX "tickets_mailbox_idx" ON "tickets" USING btree ("mailbox_id") WHERE "tickets"."mailbox_id" is not null;--> statement-breakpoint
CREATE INDEX "inbound_emails_reply_id_index" ON "inbound_emails" USING btree ("reply_id");--> statement-breakpoint
CREATE INDEX "inbound_emails_mailbox_id_index" ON "inbound_emails" USING btree ("mailbox_id");--> statement-breakpoint
CREATE INDEX "outbound_emails_agent_id_index" ON "outbound_emails" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "outbound_emails_acknowledgement_idx" ON "outbound_emails" USING btree (lower("to_addresses"[1]),"created_at") WHERE "outbound_emails"."kind" = 'acknowledgement';