// Threat-analysis activities: fetch the evidence bytes, prove they are the ones submitted,
// run the detection engine, record the verdict. Results stay small (ids, hashes, the verdict
// summary): the evidence itself never enters workflow history.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { evidence, verdicts } from '../db/schema';
import type { ObjectStore } from '../objects/store';
import { createEvidenceReader } from './evidence-reader';
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
  /** The environment the evidence says was attacked (picks the gatekeeper's thresholds). */
  targetEnvironment: string | null;
}

export interface VerdictSummary extends VerdictRecord {
  evidenceId: string;
}

export function createEvidenceActivities(deps: { db: Db; objects?: ObjectStore; engine?: InferenceEngine }) {
  const { db } = deps;
  let engine = deps.engine;
  const { readEvidence } = createEvidenceReader(deps);

  return {
    async fetchAndVerifyEvidence(input: EvidenceRef): Promise<VerifiedEvidence> {
      const { evidence: parsed, bytes, row } = await readEvidence(input.evidenceId);
      return {
        evidenceId: row.id,
        sha256: row.sha256,
        size: bytes.byteLength,
        requests: parsed.requests.length,
        targetEnvironment: parsed.target?.environment ?? null,
      };
    },

    /** Features → classification + anomaly → verdict (condensed). Re-verifies: it may run on another worker. */
    async analyzeEvidence(input: EvidenceRef): Promise<VerdictSummary> {
      const { evidence: parsed } = await readEvidence(input.evidenceId);
      engine ??= createDefaultEngine();
      const analysis = await engine.analyze(parsed);
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

export type EvidenceActivities = ReturnType<typeof createEvidenceActivities>;
