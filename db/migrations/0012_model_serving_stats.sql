CREATE TABLE "model_serving_stats" (
	"model_id" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"compared" integer DEFAULT 0 NOT NULL,
	"agreed" integer DEFAULT 0 NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	"labels" jsonb NOT NULL,
	CONSTRAINT "model_serving_stats_model_id_bucket_start_pk" PRIMARY KEY("model_id","bucket_start")
);
--> statement-breakpoint
CREATE INDEX "model_serving_stats_bucket_idx" ON "model_serving_stats" USING btree ("bucket_start");