CREATE TABLE "environments" (
	"name" text PRIMARY KEY NOT NULL,
	"tier" text NOT NULL,
	"tenant" text NOT NULL,
	"spec_yaml" text NOT NULL,
	"spec" jsonb NOT NULL,
	"controls" jsonb NOT NULL,
	"controls_version" integer DEFAULT 0 NOT NULL,
	"cycle_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "states" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"environment" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"telemetry_id" integer,
	"features" jsonb NOT NULL,
	"domain_risk" jsonb NOT NULL,
	"risk_before" double precision NOT NULL,
	"risk_after" double precision
);
--> statement-breakpoint
CREATE TABLE "telemetry" (
	"id" serial PRIMARY KEY NOT NULL,
	"environment" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'sample' NOT NULL,
	"signals" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"requester" text NOT NULL,
	"approver" text,
	"decision" text NOT NULL,
	"comment" text,
	"reasons" jsonb
);
--> statement-breakpoint
CREATE TABLE "cycles" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"environment" text NOT NULL,
	"trigger" text NOT NULL,
	"requester" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"action_id" text,
	"target" text,
	"summary" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"environment" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"state_id" integer,
	"action_id" text,
	"target" text,
	"params" jsonb,
	"source" text NOT NULL,
	"propensity" double precision,
	"explored" boolean,
	"scores" jsonb,
	"masked" jsonb,
	"explanation" jsonb,
	"agent_version" integer
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"action_id" text NOT NULL,
	"target" text NOT NULL,
	"params" jsonb NOT NULL,
	"controls_before" jsonb,
	"controls_after" jsonb,
	"controls_version_before" integer,
	"controls_version_after" integer
);
--> statement-breakpoint
CREATE TABLE "policy_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"action_id" text NOT NULL,
	"allowed" boolean NOT NULL,
	"reasons" jsonb NOT NULL,
	"requires_approval" boolean NOT NULL,
	"approval_reasons" jsonb NOT NULL,
	"policy_version" text NOT NULL,
	"input" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"environment" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"action_id" text NOT NULL,
	"reward_value" double precision NOT NULL,
	"components" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "simulations" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"action_id" text NOT NULL,
	"pass_fail" boolean NOT NULL,
	"predicted_impact" jsonb NOT NULL,
	"reasons" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"regression" boolean NOT NULL,
	"broken_flows" jsonb NOT NULL,
	"risk_after" double precision NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_state" (
	"id" serial PRIMARY KEY NOT NULL,
	"environment" text NOT NULL,
	"version" integer NOT NULL,
	"algorithm" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_by" text,
	"ts" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "telemetry" ADD CONSTRAINT "telemetry_environment_environments_name_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "states_workflow_idx" ON "states" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "telemetry_env_ts_idx" ON "telemetry" USING btree ("environment","ts");--> statement-breakpoint
CREATE INDEX "cycles_env_started_idx" ON "cycles" USING btree ("environment","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_workflow_uq" ON "decisions" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "executions_idempotency_uq" ON "executions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_decisions_workflow_uq" ON "policy_decisions" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_workflow_uq" ON "rewards" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "simulations_workflow_uq" ON "simulations" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verifications_workflow_uq" ON "verifications" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_state_env_version_uq" ON "agent_state" USING btree ("environment","version");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_state_updated_by_uq" ON "agent_state" USING btree ("environment","updated_by");