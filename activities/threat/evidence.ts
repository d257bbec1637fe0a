// Threat-analysis activities: analyse the evidence (fetch its bytes and prove they are the
// ones submitted, run the detection engine, choose the payloads to simulate: all once, in
// one activity), record the verdict, and record how the analysis closed. Results stay small
// (hashes, the condensed verdict, the bounded payload list): the evidence itself never
// enters workflow history.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { CompensationRecord } from '../../domain/saga';
import { condenseStory, type StoryInput } from '../../domain/threat/story';
import { escapeNul, escapeNulDeep } from '../../db/nul-escape';
import { evidence, verdicts } from '../../db/schema';
import type { ObjectStore } from '../../objects/store';
import type { Registry } from 'prom-client';
import { seedMetrics } from '../../runtime/metrics';
import { createEvidenceReader } from './evidence-reader';
import { permanentFailure } from '../failures';
import { createDefaultEngine, toVerdictRecord, type InferenceEngine, type VerdictKind, type VerdictRecord } from './inference';
import { simulationPayloads, type SimulationPayload } from './simulation-payloads';

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
  /**
   * Who submitted it (the evidence row's submitted_by): the rules this analysis proposes may not
   * be reviewed or applied by them. Null when unknown; absent in histories from before it existed.
   */
  submittedBy?: string | null;
}

export interface VerdictSummary extends VerdictRecord {
  evidenceId: string;
}

/** One analysis of one piece of evidence: what was verified, the verdict, what to simulate. */
export interface EvidenceAnalysis {
  evidence: VerifiedEvidence;
  verdict: VerdictSummary;
  /** Bounded (simulation-payloads.ts); empty unless the verdict is `simulate`. */
  payloads: SimulationPayload[];
}

/** How a closed analysis is recorded on its evidence row. */
export interface AnalysisClosed {
  evidenceId: string;
  outcome: 'analyzed' | 'integrity_failed' | 'failed' | 'cancelled' | 'compensation_failed';
  compensations: CompensationRecord[];
  error?: string;
  /** The stage reached, the simulation and the rule tracks; condensed before it is stored. */
  story?: StoryInput;
}

export function createEvidenceActivities(deps: { db: Db; objects?: ObjectStore; engine?: InferenceEngine; metrics?: Registry }) {
  const { db } = deps;
  const metrics = seedMetrics(deps.metrics);
  let engine = deps.engine;
  const { readEvidence } = createEvidenceReader(deps);

  return {
    /**
     * Reads and verifies the bytes (IntegrityMismatch, recorded, when they do not match their
     * SHA-256), runs the engine once, and picks the payloads the sandbox will replay.
     */
    async analyzeEvidence(input: EvidenceRef): Promise<EvidenceAnalysis> {
      const { evidence: parsed, bytes, row } = await readEvidence(input.evidenceId);
      engine ??= createDefaultEngine(undefined, undefined, deps.metrics, { db, objects: deps.objects });
      const started = performance.now();
      const analysis = await engine.analyze(parsed);
      metrics.latency.observe({ model: analysis.modelVersion ?? 'unknown', operation: 'analyze' }, (performance.now() - started) / 1000);
      metrics.predictions.inc({ verdict: analysis.verdict });
      const verdict = { evidenceId: row.id, ...toVerdictRecord(analysis) };
      return {
        evidence: { evidenceId: row.id, sha256: row.sha256, size: bytes.byteLength, requests: parsed.requests.length, targetEnvironment: parsed.target?.environment ?? null, submittedBy: row.submittedBy },
        verdict,
        payloads: verdict.verdict === 'simulate' ? simulationPayloads(parsed, analysis) : [],
      };
    },

    /**
     * First write wins: a retry or a replayed workflow gets the verdict already stored, with the
     * model version that produced it. Strings are NUL-escaped (db/nul-escape.ts).
     */
    async recordVerdict(v: VerdictSummary): Promise<{ verdict: VerdictKind; created: boolean; modelVersion: string | null }> {
      return db.transaction(async (tx) => {
        const inserted = await tx
          .insert(verdicts)
          .values({
            evidenceId: v.evidenceId,
            verdict: v.verdict,
            confidence: v.confidence,
            anomalyScore: v.anomalyScore,
            scores: escapeNulDeep(v.scores),
            explanation: escapeNulDeep(v.explanation),
            narrative: escapeNul(v.narrative),
            modelVersion: v.modelVersion,
            integrity: 'ok',
          })
          .onConflictDoNothing()
          .returning({ id: verdicts.evidenceId });
        if (inserted.length) {
          await tx.update(evidence).set({ status: 'analyzed' }).where(eq(evidence.id, v.evidenceId));
          return { verdict: v.verdict, created: true, modelVersion: v.modelVersion };
        }
        const [existing] = await tx.select().from(verdicts).where(eq(verdicts.evidenceId, v.evidenceId));
        if (existing.integrity !== 'ok') {
          throw permanentFailure('IntegrityMismatch', `evidence "${v.evidenceId}" is recorded as tampered`);
        }
        return { verdict: existing.verdict as VerdictKind, created: false, modelVersion: existing.modelVersion };
      });
    },

    /**
     * The analysis closed: its outcome, what its saga compensated (and what failed to be) and
     * why it stopped. The row's status then says so (never "received" for a closed analysis);
     * `analyzed` keeps the status the verdict set. Idempotent.
     */
    async recordAnalysisClosed(input: AnalysisClosed): Promise<void> {
      const status = input.outcome === 'analyzed' ? undefined : input.outcome;
      await db
        .update(evidence)
        .set({
          ...(status ? { status } : {}),
          outcome: input.outcome,
          closedAt: new Date(),
          compensations: escapeNulDeep(input.compensations),
          error: input.error === undefined ? null : escapeNul(input.error),
          ...(input.story ? { story: escapeNulDeep(condenseStory(input.story)) } : {}),
        })
        .where(eq(evidence.id, input.evidenceId));
    },
  };
}

export type EvidenceActivities = ReturnType<typeof createEvidenceActivities>;
