CREATE TABLE "standing_approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"environment" text NOT NULL,
	"granted_by" text NOT NULL,
	"reason" text NOT NULL,
	"action_domains" jsonb,
	"max_breakage_risk" double precision,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "standing_approval_id" integer;--> statement-breakpoint
CREATE INDEX "standing_approvals_env_idx" ON "standing_approvals" USING btree ("environment","expires_at");