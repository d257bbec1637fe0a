import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { ReportKind } from '../../domain/threat/models/report';
import { datasetVersions } from './datasets';

export const MODEL_STATUSES = ['registered', 'canary', 'production', 'retired', 'rolled_back'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** The model registry: one row per trained model that passed its gates. */
export const models = pgTable(
  'models',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    status: text('status').$type<ModelStatus>().notNull(),
    datasetVersion: integer('dataset_version')
      .notNull()
      .references(() => datasetVersions.version),
    datasetHash: text('dataset_hash').notNull(),
    /** The code that trained it (git commit, or the package version outside a checkout). */
    codeVersion: text('code_version').notNull(),
    artifactKey: text('artifact_key').notNull(),
    artifactSha256: text('artifact_sha256').notNull(),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
    gates: jsonb('gates').$type<Record<string, unknown>[]>().notNull(),
    training: jsonb('training').$type<Record<string, unknown>>().notNull(),
    workflowId: text('workflow_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    /** While status is 'canary': the share of traffic it is meant to serve, 1..99. */
    canaryPercent: integer('canary_percent'),
  },
  (t) => [index('models_status_idx').on(t.status)],
);

export const RETRAINING_OUTCOMES = ['running', 'registered', 'gates_failed', 'insufficient_data', 'failed', 'cancelled'] as const;
export type RetrainingOutcome = (typeof RETRAINING_OUTCOMES)[number];

/** Every gatedRetraining run and its steps, whatever the outcome. */
export const retrainingRuns = pgTable(
  'retraining_runs',
  {
    id: serial('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    runId: text('run_id').notNull().unique(),
    trigger: text('trigger').notNull(),
    requester: text('requester').notNull(),
    outcome: text('outcome').$type<RetrainingOutcome>().notNull(),
    datasetVersion: integer('dataset_version'),
    modelId: text('model_id'),
    /** Why it ended as it did (failed gates, insufficient data, error). */
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    gates: jsonb('gates').$type<Record<string, unknown>[]>(),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    /** Step name → { at, ... } in the order they happened. */
    steps: jsonb('steps').$type<{ step: string; at: string; detail?: unknown }[]>().notNull().default([]),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('retraining_runs_wf_idx').on(t.workflowId)],
);

/**
 * Why a model decision went as it did (domain/threat/models/report.ts): the gates of the
 * retraining that produced it, each canary stage, rollback, abort and promotion. Append-only.
 * `model_id` has no foreign key: a candidate refused by its gates is never registered, and its
 * gate report is still kept.
 */
export const modelReports = pgTable(
  'model_reports',
  {
    id: serial('id').primaryKey(),
    modelId: text('model_id').notNull(),
    kind: text('kind').$type<ReportKind>().notNull(),
    decision: text('decision').notNull(),
    title: text('title').notNull(),
    workflowId: text('workflow_id').notNull(),
    /** Idempotency: an activity retry writing the same report finds it (workflow run + step). */
    dedupKey: text('dedup_key').notNull().unique(),
    markdown: text('markdown').notNull(),
    html: text('html').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('model_reports_model_idx').on(t.modelId)],
);
