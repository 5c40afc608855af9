CREATE TABLE "bank_csv_mappings" (
	"name" varchar(100) PRIMARY KEY NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_statements" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"account" varchar(100) NOT NULL,
	"date" date NOT NULL,
	"amount" numeric(24, 4) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"description" text NOT NULL,
	"reference" varchar(1000),
	"reconciliation_status" varchar(20) DEFAULT 'unmatched' NOT NULL,
	"import_batch_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expenses" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"amount" numeric(24, 4) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"vendor" varchar(1000) NOT NULL,
	"description" text NOT NULL,
	"category" varchar(1000),
	"reference" varchar(1000),
	"reconciliation_status" varchar(20) DEFAULT 'unmatched' NOT NULL,
	"import_batch_id" uuid,
	"pov_analysis" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_config" (
	"version" integer PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"adjustments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"transaction_id" varchar(64) NOT NULL,
	"risk_score" integer NOT NULL,
	"category" varchar(40),
	"priority" varchar(10) NOT NULL,
	"priority_rank" integer NOT NULL,
	"factors" jsonb NOT NULL,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"config_version" integer NOT NULL,
	"currency" varchar(3) NOT NULL,
	"transaction_count" integer NOT NULL,
	"flagged_count" integer NOT NULL,
	"by_priority" jsonb NOT NULL,
	"benford" jsonb NOT NULL,
	"figures" jsonb NOT NULL,
	"seed" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(20) NOT NULL,
	"format" varchar(20) NOT NULL,
	"account" varchar(100),
	"currency" varchar(3),
	"mapping_name" varchar(100),
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"rejections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" varchar(20) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pov_analysis" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" varchar(64),
	"pov_role" varchar(50) NOT NULL,
	"analysis_results" jsonb NOT NULL,
	"risk_score" integer,
	"recommendations" text[],
	"scope" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconcile_knowledge" (
	"scope" varchar(100) PRIMARY KEY NOT NULL,
	"knowledge" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconcile_rejected_pairs" (
	"bank_id" varchar(64) NOT NULL,
	"expense_id" varchar(64) NOT NULL,
	"rejected_by" uuid,
	"rejected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reconcile_rejected_pairs_bank_id_expense_id_pk" PRIMARY KEY("bank_id","expense_id")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"bank_ids" text[] NOT NULL,
	"expense_ids" text[] NOT NULL,
	"confidence" double precision NOT NULL,
	"algorithm" varchar(20) NOT NULL,
	"status" varchar(20) NOT NULL,
	"review_reason" varchar(30),
	"rivals" jsonb,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"params" jsonb NOT NULL,
	"rate" double precision NOT NULL,
	"bank_count" integer NOT NULL,
	"expense_count" integer NOT NULL,
	"matched_count" integer NOT NULL,
	"review_count" integer NOT NULL,
	"unmatched_count" integer NOT NULL,
	"categories" jsonb NOT NULL,
	"stats" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_unmatched" (
	"run_id" uuid NOT NULL,
	"side" varchar(10) NOT NULL,
	"item_id" varchar(64) NOT NULL,
	"category" varchar(30) NOT NULL,
	CONSTRAINT "reconciliation_unmatched_run_id_side_item_id_pk" PRIMARY KEY("run_id","side","item_id")
);
--> statement-breakpoint
ALTER TABLE "bank_csv_mappings" ADD CONSTRAINT "bank_csv_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statements" ADD CONSTRAINT "bank_statements_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_config" ADD CONSTRAINT "fraud_config_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_flags" ADD CONSTRAINT "fraud_flags_run_id_fraud_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."fraud_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_flags" ADD CONSTRAINT "fraud_flags_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_runs" ADD CONSTRAINT "fraud_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pov_analysis" ADD CONSTRAINT "pov_analysis_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconcile_rejected_pairs" ADD CONSTRAINT "reconcile_rejected_pairs_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_unmatched" ADD CONSTRAINT "reconciliation_unmatched_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_statements_account_date_idx" ON "bank_statements" USING btree ("account","date");--> statement-breakpoint
CREATE INDEX "bank_statements_status_idx" ON "bank_statements" USING btree ("reconciliation_status");--> statement-breakpoint
CREATE INDEX "expenses_date_idx" ON "expenses" USING btree ("date");--> statement-breakpoint
CREATE INDEX "expenses_status_idx" ON "expenses" USING btree ("reconciliation_status");--> statement-breakpoint
CREATE INDEX "fraud_flags_queue_idx" ON "fraud_flags" USING btree ("status","priority_rank","risk_score");--> statement-breakpoint
CREATE INDEX "import_batches_created_idx" ON "import_batches" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "reconciliation_matches_run_idx" ON "reconciliation_matches" USING btree ("run_id","status");