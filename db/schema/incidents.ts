import { doublePrecision, index, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One row per incident-containment workflow: the headline, kept in step with Temporal. */
export const incidents = pgTable(
  'incidents',
  {
    workflowId: text('workflow_id').primaryKey(),
    incidentId: text('incident_id').notNull(),
    environment: text('environment').notNull(),
    /** 0–10, as reported. */
    severity: doublePrecision('severity').notNull(),
    requester: text('requester').notNull(),
    signals: jsonb('signals').notNull(),
    suspects: jsonb('suspects').notNull(),
    status: text('status').notNull(), // running | completed
    outcome: text('outcome'), // contained while holding; then IncidentOutcome (domain/containment/incident.ts)
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    propagationBefore: doublePrecision('propagation_before'),
    propagationAfter: doublePrecision('propagation_after'),
    summary: jsonb('summary'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('incidents_env_incident_uq').on(t.environment, t.incidentId), index('incidents_started_idx').on(t.startedAt)],
);

/** Append-only audit of every step of an incident (plan, approval, apply, verify, release, updates, outcome). */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    /** `<workflowId>:<step>`: a retried activity finds its event instead of writing it twice. */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    detail: jsonb('detail').notNull(),
  },
  (t) => [uniqueIndex('incident_events_key_uq').on(t.key), index('incident_events_workflow_idx').on(t.workflowId)],
);

/**
 * Containment actions applied to an environment. `holding` rows mask their target for hardening
 * cycles; `release_failed` ones stay masked (their state needs a human).
 */
export const containmentHolds = pgTable(
  'containment_holds',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    environment: text('environment').notNull(),
    /** `<workflowId>:step-<round>-<n>`: a retried apply reads its row back. */
    idempotencyKey: text('idempotency_key').notNull(),
    actionId: text('action_id').notNull(),
    target: text('target').notNull(),
    params: jsonb('params').notNull(),
    status: text('status').notNull(), // holding | released | release_failed
    controlsBefore: jsonb('controls_before').notNull(),
    controlsAfter: jsonb('controls_after').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('containment_holds_key_uq').on(t.idempotencyKey), index('containment_holds_env_status_idx').on(t.environment, t.status)],
);
