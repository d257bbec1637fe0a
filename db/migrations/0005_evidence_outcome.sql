ALTER TABLE "evidence" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "compensations" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "error" text;