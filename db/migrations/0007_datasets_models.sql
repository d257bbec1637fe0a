CREATE TABLE "dataset_samples" (
	"id" serial PRIMARY KEY NOT NULL,
	"sample_type" text NOT NULL,
	"data" text NOT NULL,
	"data_key" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"confidence" double precision NOT NULL,
	"reviewer" text,
	"split" text NOT NULL,
	"origin" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"version" serial PRIMARY KEY NOT NULL,
	"content_hash" text NOT NULL,
	"max_sample_id" integer NOT NULL,
	"sample_count" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"dataset_version" integer NOT NULL,
	"dataset_hash" text NOT NULL,
	"code_version" text NOT NULL,
	"artifact_key" text NOT NULL,
	"artifact_sha256" text NOT NULL,
	"metrics" jsonb NOT NULL,
	"gates" jsonb NOT NULL,
	"training" jsonb NOT NULL,
	"workflow_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "retraining_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text NOT NULL,
	"trigger" text NOT NULL,
	"requester" text NOT NULL,
	"outcome" text NOT NULL,
	"dataset_version" integer,
	"model_id" text,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gates" jsonb,
	"metrics" jsonb,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "retraining_runs_run_id_unique" UNIQUE("run_id")
);
--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_dataset_version_dataset_versions_version_fk" FOREIGN KEY ("dataset_version") REFERENCES "public"."dataset_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_samples_key_idx" ON "dataset_samples" USING btree ("data_key");--> statement-breakpoint
CREATE INDEX "dataset_samples_label_idx" ON "dataset_samples" USING btree ("label");--> statement-breakpoint
CREATE INDEX "models_status_idx" ON "models" USING btree ("status");--> statement-breakpoint
CREATE INDEX "retraining_runs_wf_idx" ON "retraining_runs" USING btree ("workflow_id");