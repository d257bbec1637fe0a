CREATE TABLE "sandbox_audit" (
	"seq" integer PRIMARY KEY NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"sandbox_id" text NOT NULL,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
