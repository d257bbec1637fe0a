CREATE TABLE "containment_holds" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"environment" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"action_id" text NOT NULL,
	"target" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"controls_before" jsonb NOT NULL,
	"controls_after" jsonb NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"environment" text NOT NULL,
	"severity" double precision NOT NULL,
	"requester" text NOT NULL,
	"signals" jsonb NOT NULL,
	"suspects" jsonb NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"expires_at" timestamp with time zone,
	"propagation_before" double precision,
	"propagation_after" double precision,
	"summary" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "containment_holds_key_uq" ON "containment_holds" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "containment_holds_env_status_idx" ON "containment_holds" USING btree ("environment","status");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_events_key_uq" ON "incident_events" USING btree ("key");--> statement-breakpoint
CREATE INDEX "incident_events_workflow_idx" ON "incident_events" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_env_incident_uq" ON "incidents" USING btree ("environment","incident_id");--> statement-breakpoint
CREATE INDEX "incidents_started_idx" ON "incidents" USING btree ("started_at");