CREATE TABLE "metric_sample" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" varchar(100) NOT NULL,
	"metric" varchar(100) NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_sample_series_time" UNIQUE("source","metric","time")
);
