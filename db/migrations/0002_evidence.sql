CREATE TABLE "evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"object_key" text NOT NULL,
	"size" bigint NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verdicts" (
	"evidence_id" text PRIMARY KEY NOT NULL,
	"verdict" text,
	"confidence" double precision,
	"anomaly_score" double precision,
	"scores" jsonb,
	"explanation" jsonb,
	"narrative" text,
	"model_version" text,
	"integrity" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_received_idx" ON "evidence" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "verdicts_verdict_ts_idx" ON "verdicts" USING btree ("verdict","ts");