CREATE TABLE "waf_rule_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"ruleset_version" integer
);
--> statement-breakpoint
CREATE TABLE "waf_rules" (
	"id" integer PRIMARY KEY NOT NULL,
	"attack_class" text NOT NULL,
	"sec_rule" text NOT NULL,
	"aws_waf" jsonb NOT NULL,
	"provenance" jsonb NOT NULL,
	"status" text NOT NULL,
	"confidence" double precision NOT NULL,
	"fp_reports" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "waf_ruleset_versions" (
	"version" serial PRIMARY KEY NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"rule_ids" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "waf_rule_events" ADD CONSTRAINT "waf_rule_events_rule_id_waf_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."waf_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "waf_rule_events_rule_idx" ON "waf_rule_events" USING btree ("rule_id","id");--> statement-breakpoint
CREATE INDEX "waf_rules_status_idx" ON "waf_rules" USING btree ("status");