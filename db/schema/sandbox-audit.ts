import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Hash-chained audit log of sandbox lifecycle events (sandbox/audit.ts). Append-only: the
 * sink only inserts, and `seq` is the primary key so a second writer claiming the same
 * position fails instead of forking or overwriting the chain.
 */
export const sandboxAudit = pgTable('sandbox_audit', {
  seq: integer('seq').primaryKey(),
  /** Hashed as its ISO string; timestamptz round-trips the millisecond precision exactly. */
  ts: timestamp('ts', { withTimezone: true, mode: 'date' }).notNull(),
  type: text('type').notNull(), // create | run | destroy | timeout | panic | error | abandoned
  sandboxId: text('sandbox_id').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
