import { integer, jsonb, pgTable, serial, text, timestamp, index, doublePrecision } from 'drizzle-orm/pg-core';

export const environments = pgTable('environments', {
  name: text('name').primaryKey(),
  tier: text('tier').notNull(),
  tenant: text('tenant').notNull(),
  specYaml: text('spec_yaml').notNull(),
  spec: jsonb('spec').notNull(),
  /** The environment model's live control state (what the sandbox executor changes). */
  controls: jsonb('controls').notNull(),
  controlsVersion: integer('controls_version').notNull().default(0),
  cycleSeq: integer('cycle_seq').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const telemetry = pgTable(
  'telemetry',
  {
    id: serial('id').primaryKey(),
    environment: text('environment').notNull().references(() => environments.name),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    source: text('source').notNull().default('sample'),
    signals: jsonb('signals').notNull(),
  },
  (t) => [index('telemetry_env_ts_idx').on(t.environment, t.ts)],
);

export const states = pgTable(
  'states',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    environment: text('environment').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    telemetryId: integer('telemetry_id'),
    features: jsonb('features').notNull(),
    domainRisk: jsonb('domain_risk').notNull(),
    riskBefore: doublePrecision('risk_before').notNull(),
    riskAfter: doublePrecision('risk_after'),
  },
  (t) => [index('states_workflow_idx').on(t.workflowId)],
);
