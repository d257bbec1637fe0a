import { bigint, doublePrecision, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CompensationRecord } from '../../domain/saga';
import type { StoredStory } from '../../domain/threat/story';

/** Captured evidence as submitted: the bytes live in the object store, this row is the index. */
export const evidence = pgTable(
  'evidence',
  {
    /** The producer's id; also the threat-analysis workflow id suffix. */
    id: text('id').primaryKey(),
    /** Hex SHA-256 of the canonical JSON bytes written to the object store. */
    sha256: text('sha256').notNull(),
    objectKey: text('object_key').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    source: text('source').notNull(), // honeypot | waf | kafka | api | test
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Who submitted it (repo/threat/evidence-intake.ts EvidenceSubmitter): a token's name through
     * the API, `ingest:<consumer group>` for the Kafka consumer, `cli:<os user>` for `bulwark
     * evidence import`; null when unknown (the API without auth, rows from before the column).
     * The rules its analysis proposes may not be reviewed or applied by this identity (four-eyes).
     */
    submittedBy: text('submitted_by'),
    /**
     * received: stored, analysis not closed yet; analyzed: verdict recorded; then, once the
     * analysis closes otherwise, its outcome: integrity_failed | failed | cancelled | compensation_failed.
     */
    status: text('status').notNull(),
    /** The closed analysis's outcome (ThreatOutcome); null while it runs. */
    outcome: text('outcome'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** What the saga undid when the analysis did not complete: [{ step, status: done | nothing_to_do | failed, reason? }]. */
    compensations: jsonb('compensations').$type<CompensationRecord[]>().notNull().default([]),
    /** Why the analysis did not complete (failed, cancelled), in words. */
    error: text('error'),
    /** The closed analysis's story (domain/threat/story.ts): stage reached, simulation, per-class rule tracks. */
    story: jsonb('story').$type<StoredStory>(),
  },
  (t) => [index('evidence_received_idx').on(t.receivedAt)],
);

/** One verdict per evidence (primary key): a retried activity or re-run never records two. */
export const verdicts = pgTable(
  'verdicts',
  {
    evidenceId: text('evidence_id')
      .primaryKey()
      .references(() => evidence.id),
    verdict: text('verdict'), // simulate | tag | benign; null when integrity failed
    confidence: doublePrecision('confidence'),
    anomalyScore: doublePrecision('anomaly_score'),
    scores: jsonb('scores'),
    explanation: jsonb('explanation'),
    narrative: text('narrative'),
    modelVersion: text('model_version'),
    integrity: text('integrity').notNull(), // ok | mismatch
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verdicts_verdict_ts_idx').on(t.verdict, t.ts)],
);
