CREATE TABLE "custody_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" varchar(20) NOT NULL,
	"actor" varchar(100) NOT NULL,
	"at_ms" bigint NOT NULL,
	"to_custodian" varchar(200),
	"content_sha256" varchar(64),
	"note" text,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL,
	CONSTRAINT "custody_item_seq" UNIQUE("item_id","seq")
);
--> statement-breakpoint
CREATE TABLE "evidence_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"title" varchar(500) NOT NULL,
	"media_type" varchar(200) NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"collected_by" varchar(100) NOT NULL,
	"collected_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "litigation_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" varchar(300) NOT NULL,
	"stage" varchar(20) NOT NULL,
	"state" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cron" varchar(120) NOT NULL,
	"kind" varchar(40) NOT NULL,
	"format" varchar(10) NOT NULL,
	"input" jsonb NOT NULL,
	"audience" varchar(50) NOT NULL,
	"reader_role" varchar(50) NOT NULL,
	"created_by" uuid NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_error" varchar(200),
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(40) NOT NULL,
	"format" varchar(10) NOT NULL,
	"audience" varchar(50) NOT NULL,
	"reader_role" varchar(50) NOT NULL,
	"created_by" uuid NOT NULL,
	"schedule_id" uuid,
	"path" varchar(300) NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"media_type" varchar(100) NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"size_bytes" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_item_id_evidence_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."evidence_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_items" ADD CONSTRAINT "evidence_items_case_id_litigation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."litigation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "litigation_cases" ADD CONSTRAINT "litigation_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_schedule_id_report_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."report_schedules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_evidence_case" ON "evidence_items" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "idx_cases_stage" ON "litigation_cases" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "idx_cases_updated" ON "litigation_cases" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "idx_report_schedules_next" ON "report_schedules" USING btree ("next_run_at");--> statement-breakpoint
CREATE INDEX "idx_reports_created" ON "reports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_reports_creator" ON "reports" USING btree ("created_by");