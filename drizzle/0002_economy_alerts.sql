CREATE INDEX "idx_alert_event_open" ON "alert_event" USING btree ("acknowledged","id");--> statement-breakpoint
CREATE INDEX "idx_simrun_user_id" ON "simulation_run" USING btree ("user_id","id");