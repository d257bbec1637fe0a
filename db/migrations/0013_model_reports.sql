CREATE TABLE "model_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"kind" text NOT NULL,
	"decision" text NOT NULL,
	"title" text NOT NULL,
	"workflow_id" text NOT NULL,
	"dedup_key" text NOT NULL,
	"markdown" text NOT NULL,
	"html" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_reports_dedup_key_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
CREATE INDEX "model_reports_model_idx" ON "model_reports" USING btree ("model_id");