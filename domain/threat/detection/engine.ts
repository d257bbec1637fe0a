// The inference engine: evidence → payload findings + session anomaly → verdict. Pure: the
// models are passed in, nothing is read or written, so the threatAnalysis activity, the API
// and tests all get the same answer for the same evidence.
import { requestPayloads, type Evidence } from '../evidence/schema';
import { anomalyScore, explainAnomaly, type AnomalyDeviation, type AnomalyModel } from './anomaly';
import { classify as classifyPayload, type Prediction } from './classifier';
import { explain, type Contribution } from './explain';
import { ATTACK_LABELS, type Label, type PayloadModel } from './model';
import { narrateAnalysis } from './narrative';
import { sessionFromEvidence, sessionVector } from './sessions';

export type Verdict = 'simulate' | 'tag' | 'benign';
export interface Thresholds {
  simulate: number;
  tag: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { simulate: 0.75, tag: 0.5 };

export interface EngineOptions {
  model: PayloadModel;
  anomaly: AnomalyModel;
  thresholds?: Thresholds;
  /** Defaults to the in-process classifier; injectable for fault tests and remote models. */
  classify?: (payload: string) => Prediction;
}

export interface LocationFinding {
  location: string;
  /** The value, cut to 256 characters for reports. */
  value: string;
  label: Label;
  /** Probability of the most likely attack class (`attackClass`). */
  attackConfidence: number;
  attackClass: Label;
  scores: Record<Label, number>;
}

export interface RequestFinding {
  index: number;
  method: string;
  path: string;
  clientIp: string;
  timestamp: number;
  statusCode?: number;
  /** The location with the highest attack confidence in this request. */
  strongest: LocationFinding;
  /** Locations the classifier labelled as an attack. */
  attacks: LocationFinding[];
}

export interface Analysis {
  evidenceId: string;
  verdict: Verdict;
  confidence: number;
  thresholds: Thresholds;
  modelVersion: string;
  payload: { risk: number; attackClass: Label | null; request: number; location: string; value: string };
  anomaly: { score: number; threshold: number; anomalous: boolean; risk: number; deviations: AnomalyDeviation[] };
  requests: RequestFinding[];
  /** Exact classifier contributions for the strongest location (see explain.ts). */
  explanation: { label: Label; reference: Label; logit: number; contributing: Contribution[]; contradicting: Contribution[]; narrative: string };
  narrative: string;
}

// An isolation score this far above the threshold counts as certainly anomalous. Forest
// scores saturate around 0.6–0.7 even for blatant bots, so the span is deliberately small.
const ANOMALY_SPAN = 0.1;
// The most behaviour alone can contribute: below the simulate threshold on purpose.
const ANOMALY_WEIGHT = 0.7;

/**
 * Combination rule (noisy-OR):
 *   confidence = 1 − (1 − payloadRisk) × (1 − 0.7 × anomalyRisk)
 * payloadRisk is the highest attack-class probability over every location of every request;
 * anomalyRisk maps the session's isolation score from the threshold (0) to threshold + 0.1 (1).
 * Why: either signal alone can raise the alarm and both together reinforce each other, but
 * behaviour alone is capped at 0.7 (< simulate 0.75), and `simulate` additionally needs
 * payloadRisk ≥ tag, because the sandbox replays a payload: a fast scraper with nothing to
 * replay is worth tagging, not simulating. A weak payload from a bot-like session does reach
 * simulate (0.5 payload + full anomaly → 0.85), which is the case the twin exists for.
 */
export function combine(payloadRisk: number, anomalyRisk: number, t: Thresholds): { verdict: Verdict; confidence: number } {
  const confidence = 1 - (1 - payloadRisk) * (1 - ANOMALY_WEIGHT * anomalyRisk);
  const verdict: Verdict = confidence >= t.simulate && payloadRisk >= t.tag ? 'simulate' : confidence >= t.tag ? 'tag' : 'benign';
  return { verdict, confidence };
}

// A request path made only of plain segments ("/", "/products/42", "/index.html") carries no
// payload. The classifier learnt on parameter values, where a leading "/" is evidence of an
// absolute-path injection, and scores a bare "/" as an attack, so such paths are not sent to it.
// Anything else in a path (dot segments, encodings, quotes, brackets) is still classified.
const INERT_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*\/?$/;
const INERT: Prediction = { label: 'benign', confidence: 1, scores: { benign: 1, sql_injection: 0, xss: 0, command_injection: 0, path_traversal: 0 } };

function finding(location: string, value: string, p: Prediction): LocationFinding {
  let attackClass: Label = ATTACK_LABELS[0];
  for (const l of ATTACK_LABELS) if (p.scores[l] > p.scores[attackClass]) attackClass = l;
  return { location, value: value.length > 256 ? `${value.slice(0, 256)}…` : value, label: p.label, attackConfidence: p.scores[attackClass], attackClass, scores: { ...p.scores } };
}

export interface InferenceEngine {
  analyze(evidence: Evidence): Analysis;
  thresholds: Thresholds;
}

export function createInferenceEngine(opts: EngineOptions): InferenceEngine {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  if (!(thresholds.tag > 0 && thresholds.tag <= thresholds.simulate && thresholds.simulate <= 1)) {
    throw new RangeError('thresholds must satisfy 0 < tag ≤ simulate ≤ 1');
  }
  const classify = opts.classify ?? ((payload: string) => classifyPayload(opts.model, payload));

  function analyze(evidence: Evidence): Analysis {
    let best: { f: LocationFinding; request: number; raw: string } | undefined;
    const requests: RequestFinding[] = evidence.requests.map((r, index) => {
      let strongest: LocationFinding | undefined;
      const attacks: LocationFinding[] = [];
      for (const { location, value } of requestPayloads(r)) {
        const f = finding(location, value, location === 'path' && INERT_PATH.test(value) ? INERT : classify(value));
        if (f.label !== 'benign') attacks.push(f);
        if (!strongest || f.attackConfidence > strongest.attackConfidence) strongest = f;
        if (!best || f.attackConfidence > best.f.attackConfidence) best = { f, request: index, raw: value };
      }
      return { index, method: r.method, path: r.path, clientIp: r.clientIp, timestamp: r.timestamp, statusCode: r.statusCode, strongest: strongest!, attacks };
    });
    const top = best!; // the schema guarantees ≥ 1 request, and every request has a path

    const vector = sessionVector(sessionFromEvidence(evidence));
    const score = anomalyScore(opts.anomaly, vector);
    const risk = Math.min(1, Math.max(0, (score - opts.anomaly.threshold) / ANOMALY_SPAN));
    const anomaly = { score, threshold: opts.anomaly.threshold, anomalous: score >= opts.anomaly.threshold, risk, deviations: explainAnomaly(opts.anomaly, vector) };

    const { verdict, confidence } = combine(top.f.attackConfidence, risk, thresholds);
    const ex = explain(opts.model, top.raw);
    const analysis: Analysis = {
      evidenceId: evidence.id,
      verdict,
      confidence,
      thresholds,
      modelVersion: opts.model.version,
      payload: {
        risk: top.f.attackConfidence,
        attackClass: top.f.attackConfidence >= thresholds.tag ? top.f.attackClass : null,
        request: top.request,
        location: top.f.location,
        value: top.f.value,
      },
      anomaly,
      requests,
      explanation: { label: ex.label, reference: ex.reference, logit: ex.logit, contributing: ex.supporting, contradicting: ex.contradicting, narrative: ex.narrative },
      narrative: '',
    };
    analysis.narrative = narrateAnalysis(analysis);
    return analysis;
  }

  return { analyze, thresholds };
}
