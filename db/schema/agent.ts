import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Append-only versions of each environment's agent; the highest version is current. */
export const agentState = pgTable(
  'agent_state',
  {
    id: serial('id').primaryKey(),
    environment: text('environment').notNull(),
    version: integer('version').notNull(),
    algorithm: text('algorithm').notNull(),
    state: jsonb('state').notNull(),
    /** Workflow whose reward produced this version; unique so a retried update is a no-op. */
    updatedBy: text('updated_by'),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agent_state_env_version_uq').on(t.environment, t.version),
    uniqueIndex('agent_state_updated_by_uq').on(t.environment, t.updatedBy),
  ],
);
