// The seam between the evidence activities and the detection engine (domain/detection/engine.ts).
// The activities need only `analyze(evidence) → verdict + confidence`; everything else the
// engine reports is condensed here into a bounded record, because the activity result goes
// into workflow history and the full analysis (every request's findings) can be large.
import type { Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { defaultAnomalyModel, type AnomalyModel } from '../../domain/threat/detection/anomaly';
import type { Analysis, Thresholds } from '../../domain/threat/detection/engine';
import type { Evidence } from '../../domain/threat/evidence/schema';
import type { ObjectStore } from '../../objects/store';
import { log } from '../../runtime/log';
import { ModelServer } from '../../runtime/serving/model-server';

export type VerdictKind = Analysis['verdict'];

export interface InferenceEngine {
  analyze(evidence: Evidence): Analysis | Promise<Analysis>;
}

/** What the verdicts table and the workflow keep of an analysis. */
export interface VerdictRecord {
  verdict: VerdictKind;
  confidence: number;
  anomalyScore: number | null;
  /** Per-class scores of the strongest payload location. */
  scores: Record<string, number>;
  modelVersion: string | null;
  narrative: string;
  explanation: unknown;
}

const MAX_NARRATIVE_CHARS = 4000;
const MAX_ATTACK_FINDINGS = 20;
/** Bound on the explanation JSON (Temporal's payload limit is 2 MB; history should stay small). */
const MAX_EXPLANATION_CHARS = 32 * 1024;

/**
 * The worker's engine: the model server (runtime/serving/model-server.ts) with the default
 * anomaly model. With `serving.db` it serves the registry's production model and canary
 * candidate, routed by the evidence's normalised payloads as predict-payload routes them, and
 * records serving statistics; without, the committed model. Classifications go through an LRU
 * keyed by (model id, payload), counted in `cerberus_sentinel_cache_hits_total{cache_type="analysis"}`
 * of `registry`. The analysis's `modelVersion` is the id of the model that made the verdict.
 */
export function createDefaultEngine(
  thresholds?: Thresholds,
  contamination?: number,
  registry?: Registry,
  serving: { db?: Db; objects?: ObjectStore; refreshMs?: number; flushMs?: number; shadowSample?: number } = {},
): InferenceEngine & { server: ModelServer } {
  let anomaly: AnomalyModel | undefined;
  const server = new ModelServer({
    ...serving,
    thresholds,
    // Built on first use, as before: a worker that never analyses does not train the forest.
    get anomaly() {
      return (anomaly ??= defaultAnomalyModel(contamination));
    },
    cacheType: 'analysis',
    metrics: registry,
    onFlushError: (err) => log('warn', 'serving statistics flush failing (kept for the next flush, up to an hour; said once per outage)', { error: String(err) }),
  });
  return { server, analyze: (evidence) => server.analyze(evidence) };
}

export function toVerdictRecord(a: Analysis): VerdictRecord {
  const strongest = a.requests[a.payload.request]?.strongest;
  const attacks = a.requests
    .flatMap((r) => r.attacks.map((f) => ({ request: r.index, location: f.location, attackClass: f.attackClass, confidence: f.attackConfidence })))
    .sort((x, y) => y.confidence - x.confidence);
  const explanation = {
    thresholds: a.thresholds,
    payload: a.payload,
    anomaly: a.anomaly,
    classifier: a.explanation,
    attacks: attacks.slice(0, MAX_ATTACK_FINDINGS),
    attackCount: attacks.length,
    requestCount: a.requests.length,
  };
  const text = JSON.stringify(explanation);
  return {
    verdict: a.verdict,
    confidence: a.confidence,
    anomalyScore: Number.isFinite(a.anomaly?.score) ? a.anomaly.score : null,
    scores: strongest ? { ...strongest.scores } : {},
    modelVersion: a.modelVersion ?? null,
    narrative: a.narrative.slice(0, MAX_NARRATIVE_CHARS),
    explanation: text.length <= MAX_EXPLANATION_CHARS ? explanation : { truncated: true, preview: text.slice(0, MAX_EXPLANATION_CHARS) },
  };
}
