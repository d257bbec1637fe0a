// Threat-analysis activities: fetch the evidence bytes, prove they are the ones submitted,
// run the detection engine, record the verdict. Results stay small (ids, hashes, the verdict
// summary): the evidence itself never enters workflow history.
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { evidence, verdicts } from '../db/schema';
import { EvidenceSchema, type Evidence } from '../domain/evidence/schema';
import { evidenceSha256 } from '../domain/evidence/canonical';
import { ObjectNotFoundError, type ObjectStore } from '../objects/store';
import { permanentFailure } from './failures';
import { createDefaultEngine, toVerdictRecord, type InferenceEngine, type VerdictKind, type VerdictRecord } from './inference';

export interface EvidenceRef {
  evidenceId: string;
}

export interface VerifiedEvidence {
  evidenceId: string;
  sha256: string;
  size: number;
  requests: number;
}

export interface VerdictSummary extends VerdictRecord {
  evidenceId: string;
}

export function createEvidenceActivities(deps: { db: Db; objects?: ObjectStore; engine?: InferenceEngine }) {
  const { db } = deps;
  let engine = deps.engine;
  const store = (): ObjectStore => {
    // Retryable on purpose: redeploying the worker with a store configured fixes it.
    if (!deps.objects) throw new Error('this worker has no object store configured');
    return deps.objects;
  };

  async function loadRow(evidenceId: string) {
    const [row] = await db.select().from(evidence).where(eq(evidence.id, evidenceId)).limit(1);
    if (!row) throw permanentFailure('EvidenceNotFound', `evidence "${evidenceId}" is not registered`);
    return row;
  }

  /** Reads the object and checks its SHA-256 against the row; a mismatch is recorded, then thrown. */
  async function readVerified(evidenceId: string): Promise<{ bytes: Uint8Array; row: typeof evidence.$inferSelect }> {
    const row = await loadRow(evidenceId);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store().get(row.objectKey);
    } catch (err) {
      if (!(err instanceof ObjectNotFoundError)) throw err; // store outage: retry
    }
    const actual = bytes ? evidenceSha256(bytes) : null;
    if (bytes && actual === row.sha256) return { bytes, row };
    const reason = bytes ? `sha256 ${actual} != recorded ${row.sha256}` : `object ${row.objectKey} is missing`;
    await db.transaction(async (tx) => {
      await tx
        .insert(verdicts)
        .values({ evidenceId, integrity: 'mismatch', narrative: `integrity check failed: ${reason}` })
        .onConflictDoNothing();
      await tx.update(evidence).set({ status: 'integrity_failed' }).where(eq(evidence.id, evidenceId));
    });
    throw ApplicationFailure.create({
      type: 'IntegrityMismatch',
      message: `evidence "${evidenceId}" failed its integrity check: ${reason}`,
      nonRetryable: true,
      details: [{ evidenceId, expected: row.sha256, actual, objectKey: row.objectKey }],
    });
  }

  return {
    async fetchAndVerifyEvidence(input: EvidenceRef): Promise<VerifiedEvidence> {
      const { bytes, row } = await readVerified(input.evidenceId);
      const parsed = parseEvidence(bytes, input.evidenceId);
      return { evidenceId: row.id, sha256: row.sha256, size: bytes.byteLength, requests: parsed.requests.length };
    },

    /** Features → classification + anomaly → verdict (condensed). Re-verifies: it may run on another worker. */
    async analyzeEvidence(input: EvidenceRef): Promise<VerdictSummary> {
      const { bytes } = await readVerified(input.evidenceId);
      engine ??= createDefaultEngine();
      const analysis = await engine.analyze(parseEvidence(bytes, input.evidenceId));
      return { evidenceId: input.evidenceId, ...toVerdictRecord(analysis) };
    },

    /** First write wins: a retry or a replayed workflow returns the verdict already stored. */
    async recordVerdict(v: VerdictSummary): Promise<{ verdict: VerdictKind; created: boolean }> {
      return db.transaction(async (tx) => {
        const inserted = await tx
          .insert(verdicts)
          .values({
            evidenceId: v.evidenceId,
            verdict: v.verdict,
            confidence: v.confidence,
            anomalyScore: v.anomalyScore,
            scores: v.scores,
            explanation: v.explanation,
            narrative: v.narrative,
            modelVersion: v.modelVersion,
            integrity: 'ok',
          })
          .onConflictDoNothing()
          .returning({ id: verdicts.evidenceId });
        if (inserted.length) {
          await tx.update(evidence).set({ status: 'analyzed' }).where(eq(evidence.id, v.evidenceId));
          return { verdict: v.verdict, created: true };
        }
        const [existing] = await tx.select().from(verdicts).where(eq(verdicts.evidenceId, v.evidenceId));
        if (existing.integrity !== 'ok') {
          throw permanentFailure('IntegrityMismatch', `evidence "${v.evidenceId}" is recorded as tampered`);
        }
        return { verdict: existing.verdict as VerdictKind, created: false };
      });
    },
  };
}

function parseEvidence(bytes: Uint8Array, evidenceId: string): Evidence {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw permanentFailure('InvalidInput', `evidence "${evidenceId}" is not valid JSON`);
  }
  const res = EvidenceSchema.safeParse(json);
  if (!res.success) throw permanentFailure('InvalidInput', `evidence "${evidenceId}" does not match the schema`);
  return res.data;
}

export type EvidenceActivities = ReturnType<typeof createEvidenceActivities>;
