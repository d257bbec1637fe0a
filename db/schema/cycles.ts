import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One row per hardening-cycle workflow: the run's headline, kept in step with Temporal. */
export const cycles = pgTable(
  'cycles',
  {
    workflowId: text('workflow_id').primaryKey(),
    environment: text('environment').notNull(),
    trigger: text('trigger').notNull(),
    requester: text('requester').notNull(),
    mode: text('mode').notNull(),
    status: text('status').notNull(), // running | compensating (claim released, closing) | completed (closed, whatever the outcome)
    outcome: text('outcome'), // CycleOutcome (domain/hardening/cycle-outcome.ts), e.g. applied | rolled_back | cancelled | compensation_failed
    actionId: text('action_id'),
    target: text('target'),
    summary: jsonb('summary'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('cycles_env_started_idx').on(t.environment, t.startedAt)],
);

export const decisions = pgTable(
  'decisions',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    environment: text('environment').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    stateId: integer('state_id'),
    actionId: text('action_id'), // null when every candidate was masked
    target: text('target'),
    params: jsonb('params'),
    source: text('source').notNull(), // agent | operator
    propensity: doublePrecision('propensity'),
    explored: boolean('explored'),
    scores: jsonb('scores'),
    masked: jsonb('masked'),
    explanation: jsonb('explanation'),
    agentVersion: integer('agent_version'),
  },
  (t) => [uniqueIndex('decisions_workflow_uq').on(t.workflowId)],
);

export const policyDecisions = pgTable(
  'policy_decisions',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    actionId: text('action_id').notNull(),
    allowed: boolean('allowed').notNull(),
    reasons: jsonb('reasons').notNull(),
    requiresApproval: boolean('requires_approval').notNull(),
    approvalReasons: jsonb('approval_reasons').notNull(),
    policyVersion: text('policy_version').notNull(),
    input: jsonb('input').notNull(),
  },
  (t) => [uniqueIndex('policy_decisions_workflow_uq').on(t.workflowId)],
);

export const simulations = pgTable(
  'simulations',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    actionId: text('action_id').notNull(),
    passFail: boolean('pass_fail').notNull(),
    predictedImpact: jsonb('predicted_impact').notNull(),
    reasons: jsonb('reasons').notNull(),
  },
  (t) => [uniqueIndex('simulations_workflow_uq').on(t.workflowId)],
);

export const approvals = pgTable(
  'approvals',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    requester: text('requester').notNull(),
    approver: text('approver'),
    decision: text('decision').notNull(), // approved | rejected | timed_out
    comment: text('comment'),
    reasons: jsonb('reasons'),
    /** The standing approval that approved it (db/schema/standing-approvals.ts); null when a person answered. */
    standingApprovalId: integer('standing_approval_id'),
  },
  // One decision per cycle: a retried activity must not record it twice.
  (t) => [uniqueIndex('approvals_workflow_uq').on(t.workflowId)],
);

export const executions = pgTable(
  'executions',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    /** `<workflowId>:<step>`: a retried activity finds its earlier row instead of applying twice. */
    idempotencyKey: text('idempotency_key').notNull(),
    kind: text('kind').notNull(), // apply | compensate
    mode: text('mode').notNull(), // recommend | sandbox
    status: text('status').notNull(), // applied | recommended | skipped
    actionId: text('action_id').notNull(),
    target: text('target').notNull(),
    params: jsonb('params').notNull(),
    /** Control state before this execution: the compensation restores it. */
    controlsBefore: jsonb('controls_before'),
    controlsAfter: jsonb('controls_after'),
    controlsVersionBefore: integer('controls_version_before'),
    controlsVersionAfter: integer('controls_version_after'),
  },
  (t) => [uniqueIndex('executions_idempotency_uq').on(t.idempotencyKey)],
);

export const verifications = pgTable(
  'verifications',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    regression: boolean('regression').notNull(),
    brokenFlows: jsonb('broken_flows').notNull(),
    riskAfter: doublePrecision('risk_after').notNull(),
    details: jsonb('details').notNull(),
  },
  (t) => [uniqueIndex('verifications_workflow_uq').on(t.workflowId)],
);

export const rewards = pgTable(
  'rewards',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    environment: text('environment').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    actionId: text('action_id').notNull(),
    rewardValue: doublePrecision('reward_value').notNull(),
    components: jsonb('components').notNull(),
  },
  (t) => [uniqueIndex('rewards_workflow_uq').on(t.workflowId)],
);
