import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Live serving statistics, one row per model per minute bucket (not per request: the model
 * server aggregates in memory and upserts counters, so serving stays fast). Read by the canary
 * analysis (repo/models/serving-stats.ts readCanaryWindow).
 */
export const modelServingStats = pgTable(
  'model_serving_stats',
  {
    /** The model that answered: a registry model id, or the committed model's version. */
    modelId: text('model_id').notNull(),
    /** Start of the minute (UTC) the answers fall in. */
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    /** Answers this model gave (predict-payload classifications and threatAnalysis payloads). */
    requests: integer('requests').notNull().default(0),
    /** Of those, how many were also scored by the other model (candidate ↔ production)... */
    compared: integer('compared').notNull().default(0),
    /** ...and how many of the compared got the same label from both. */
    agreed: integer('agreed').notNull().default(0),
    /** Latency histogram: counts per bucket of domain/threat/serving/latency.ts LATENCY_BOUNDS_MS. */
    latencyBuckets: integer('latency_buckets').array().notNull(),
    /** Label → answers with that label. */
    labels: jsonb('labels').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.bucketStart] }), index('model_serving_stats_bucket_idx').on(t.bucketStart)],
);
