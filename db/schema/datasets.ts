import { doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const SAMPLE_TYPES = ['payload', 'behavioural'] as const;
export type SampleType = (typeof SAMPLE_TYPES)[number];
export const SAMPLE_SPLITS = ['train', 'holdout'] as const;
export type SampleSplit = (typeof SAMPLE_SPLITS)[number];

/**
 * Labelled samples, append-only: a row is never updated or deleted, so a dataset version
 * (every sample up to an id) can be materialised again byte for byte.
 */
export const datasetSamples = pgTable(
  'dataset_samples',
  {
    id: serial('id').primaryKey(),
    sampleType: text('sample_type').$type<SampleType>().notNull(),
    /** The payload (or a behavioural sample's JSON), NUL-escaped (db/nul-escape.ts). */
    data: text('data').notNull(),
    /** SHA-256 of the normalised text: duplicates and split leakage are found by it. */
    dataKey: text('data_key').notNull(),
    label: text('label').notNull(),
    /** Where it came from: 'api', 'import:<file>', 'false_positive:rule', 'false_positive:predict'. */
    source: text('source').notNull(),
    /** How sure the labeller was, 0..1. */
    confidence: doublePrecision('confidence').notNull(),
    reviewer: text('reviewer'),
    split: text('split').$type<SampleSplit>().notNull(),
    /** A false-positive report's context: rule id, predicted class, model version, detail. */
    origin: jsonb('origin').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dataset_samples_key_idx').on(t.dataKey), index('dataset_samples_label_idx').on(t.label)],
);

/** An immutable snapshot: every sample with id ≤ maxSampleId, hashed in id order. */
export const datasetVersions = pgTable('dataset_versions', {
  version: serial('version').primaryKey(),
  /** SHA-256 of the canonical JSONL (domain/threat/datasets/canonical.ts). */
  contentHash: text('content_hash').notNull(),
  maxSampleId: integer('max_sample_id').notNull(),
  sampleCount: integer('sample_count').notNull(),
  /** { label: { train, holdout } }. */
  counts: jsonb('counts').$type<Record<string, Record<string, number>>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
