// The seam between the evidence activities and the detection engine (domain/detection/engine.ts).
// The activities need only `analyze(evidence) → verdict + confidence`; everything else the
// engine reports is condensed here into a bounded record, because the activity result goes
// into workflow history and the full analysis (every request's findings) can be large.
import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { defaultAnomalyModel } from '../../domain/threat/detection/anomaly';
import { classify, type Prediction } from '../../domain/threat/detection/classifier';
import { createInferenceEngine, type Analysis, type Thresholds } from '../../domain/threat/detection/engine';
import { defaultModel } from '../../domain/threat/detection/model-io';
import type { Evidence } from '../../domain/threat/evidence/schema';
import { seedMetrics } from '../../runtime/metrics';

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

/** Payload predictions the worker's engine keeps (an evidence batch often repeats payloads). */
const PREDICTION_CACHE_MAX = 10_000;

/**
 * The engine with the committed classifier and the default anomaly model, built on first use.
 * Classifications go through an LRU keyed by payload (the classifier reads only the payload),
 * counted in `cerberus_sentinel_cache_hits_total{cache_type="analysis"}` of `registry`.
 */
export function createDefaultEngine(thresholds?: Thresholds, contamination?: number, registry?: Registry): InferenceEngine {
  let engine: ReturnType<typeof createInferenceEngine> | undefined;
  const metrics = seedMetrics(registry);
  const cache = new LRUCache<string, Prediction>({ max: PREDICTION_CACHE_MAX });
  const build = () => {
    const model = defaultModel();
    const cached = (payload: string): Prediction => {
      const hit = cache.get(payload);
      metrics.cache.inc({ cache_type: 'analysis', status: hit ? 'hit' : 'miss' });
      if (hit) return hit;
      const p = classify(model, payload);
      cache.set(payload, p);
      metrics.cacheEntries.set({ cache_type: 'analysis' }, cache.size);
      return p;
    };
    return createInferenceEngine({ model, anomaly: defaultAnomalyModel(contamination), thresholds, classify: cached });
  };
  return {
    analyze(evidence) {
      engine ??= build();
      return engine.analyze(evidence);
    },
  };
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
