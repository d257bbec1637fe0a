// Canary analysis of a candidate model against production, modelled on Argo Rollouts'
// AnalysisRun and Flagger's canary analysis. Every CANARY_ANALYSIS_INTERVAL one analysis compares
// the two models' live stats over the stage so far and is `passed`, `failed` (a threshold broken)
// or `inconclusive` (too few requests on either side to judge: Argo's Inconclusive). The stage
// then decides (decideStage):
// - failed analyses reaching `failureLimit` → rollback (Flagger's `threshold`; Argo's failureLimit
//   is "more than N", so failureLimit = Argo's + 1): route 100 % back to production;
// - inconclusive analyses exceeding `inconclusiveLimit` → hold for an operator (Argo pauses the
//   rollout on an Inconclusive run; Flagger would roll back on missing metrics: we keep the
//   candidate at its small share and ask a human, as Argo does);
// - the stage's window elapsed with at least one passed analysis → next stage;
// - otherwise keep analysing (the window is a minimum, not a deadline).
// Pure. Workflows import only its types: the canary activities run these functions.

/** Live stats of one model over a window, as the serving layer records them. */
export interface ModelWindowStats {
  requests: number;
  /** Share of the model's verdicts on which the other model agrees (0..1); null when unknown. */
  agreementRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** False-positive reports filed against this model's verdicts in the window. */
  falsePositiveReports: number;
  /** Verdict label → count. */
  verdictMix: Record<string, number>;
}

export interface CanaryWindow {
  candidate: ModelWindowStats;
  production: ModelWindowStats;
}

export interface CanaryThresholds {
  /** Fewer requests than this on either model make the analysis inconclusive. */
  minRequests: number;
  /** The candidate's agreement with production must be at least this (0..1). */
  minAgreement: number;
  /** Candidate p95 latency ≤ production p95 × this ratio + `latencySlackMs`. */
  maxLatencyRatio: number;
  latencySlackMs: number;
  /** Candidate false-positive reports per request ≤ production's + this (absolute, 0..1). */
  maxFalsePositiveRateIncrease: number;
  /** Total variation distance between the two verdict mixes (0..1) at most this. */
  maxVerdictMixShift: number;
}

export const DEFAULT_CANARY_THRESHOLDS: CanaryThresholds = {
  minRequests: 50,
  minAgreement: 0.95,
  maxLatencyRatio: 1.5,
  latencySlackMs: 5,
  maxFalsePositiveRateIncrease: 0.01,
  maxVerdictMixShift: 0.1,
};

export type CanaryMetric = 'requests' | 'agreement' | 'latency_p95' | 'false_positive_rate' | 'verdict_mix';

export interface CanaryCheck {
  metric: CanaryMetric;
  candidate: number | null;
  production: number | null;
  /** The limit the candidate was held to. */
  limit: number;
  passed: boolean;
  /** `agreement 0.91 < 0.95`, `latency_p95 40ms ≤ 35ms`. */
  text: string;
}

export type AnalysisPhase = 'passed' | 'failed' | 'inconclusive';

export interface CanaryAnalysis {
  phase: AnalysisPhase;
  checks: CanaryCheck[];
  /** The failed checks' texts (or why it is inconclusive). */
  reasons: string[];
  /** Milliseconds since the epoch, the window analysed. */
  fromMs: number;
  toMs: number;
  window: CanaryWindow;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Total variation distance between two count maps as distributions: 0 same mix, 1 disjoint. */
export function verdictMixShift(a: Record<string, number>, b: Record<string, number>): number {
  const ta = Object.values(a).reduce((s, x) => s + x, 0);
  const tb = Object.values(b).reduce((s, x) => s + x, 0);
  if (!ta || !tb) return 0;
  let d = 0;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) d += Math.abs((a[k] ?? 0) / ta - (b[k] ?? 0) / tb);
  return r4(d / 2);
}

/**
 * One analysis of `window` (stats between `fromMs` and `toMs`) against `t`. Inconclusive when
 * either model served fewer than `t.minRequests`; else failed when any check fails.
 */
export function analyzeCanary(window: CanaryWindow, t: CanaryThresholds, fromMs: number, toMs: number): CanaryAnalysis {
  const { candidate: c, production: p } = window;
  const base = { fromMs, toMs, window };
  const few = Math.min(c.requests, p.requests);
  const requests: CanaryCheck = {
    metric: 'requests', candidate: c.requests, production: p.requests, limit: t.minRequests, passed: few >= t.minRequests,
    text: `requests candidate ${c.requests}, production ${p.requests} ${few >= t.minRequests ? '≥' : '<'} ${t.minRequests}`,
  };
  if (!requests.passed) return { ...base, phase: 'inconclusive', checks: [requests], reasons: [`inconclusive: ${requests.text}`] };

  const checks: CanaryCheck[] = [requests];
  const agreement = c.agreementRate;
  checks.push({
    metric: 'agreement', candidate: agreement, production: p.agreementRate, limit: t.minAgreement,
    passed: agreement === null || agreement >= t.minAgreement,
    text: agreement === null ? 'agreement unknown (no paired verdicts)' : `agreement ${r4(agreement)} ${agreement >= t.minAgreement ? '≥' : '<'} ${t.minAgreement}`,
  });
  const latencyLimit = p.latencyP95Ms === null ? null : r4(p.latencyP95Ms * t.maxLatencyRatio + t.latencySlackMs);
  const latencyOk = c.latencyP95Ms === null || latencyLimit === null || c.latencyP95Ms <= latencyLimit;
  checks.push({
    metric: 'latency_p95', candidate: c.latencyP95Ms, production: p.latencyP95Ms, limit: latencyLimit ?? 0, passed: latencyOk,
    text: latencyLimit === null || c.latencyP95Ms === null ? 'latency_p95 unknown' : `latency_p95 ${c.latencyP95Ms}ms ${latencyOk ? '≤' : '>'} ${latencyLimit}ms`,
  });
  const cFp = r4(c.falsePositiveReports / c.requests);
  const pFp = r4(p.falsePositiveReports / p.requests);
  const fpLimit = r4(pFp + t.maxFalsePositiveRateIncrease);
  checks.push({ metric: 'false_positive_rate', candidate: cFp, production: pFp, limit: fpLimit, passed: cFp <= fpLimit, text: `false_positive_rate ${cFp} ${cFp <= fpLimit ? '≤' : '>'} ${fpLimit}` });
  const shift = verdictMixShift(c.verdictMix, p.verdictMix);
  checks.push({ metric: 'verdict_mix', candidate: shift, production: 0, limit: t.maxVerdictMixShift, passed: shift <= t.maxVerdictMixShift, text: `verdict_mix shift ${shift} ${shift <= t.maxVerdictMixShift ? '≤' : '>'} ${t.maxVerdictMixShift}` });
  const failed = checks.filter((x) => !x.passed);
  return { ...base, phase: failed.length ? 'failed' : 'passed', checks, reasons: failed.map((x) => x.text) };
}

export interface StagePolicy {
  /** Failed analyses in a stage that trigger rollback (Flagger's `threshold`), ≥ 1. */
  failureLimit: number;
  /** Inconclusive analyses a stage tolerates before holding for an operator (Argo's inconclusiveLimit), ≥ 0. */
  inconclusiveLimit: number;
}

export const DEFAULT_STAGE_POLICY: StagePolicy = { failureLimit: 2, inconclusiveLimit: 6 };

export interface StageTally {
  passed: number;
  failed: number;
  inconclusive: number;
}

export type StageDecision =
  | { action: 'rollback'; reason: string }
  | { action: 'hold'; reason: string }
  | { action: 'advance'; reason: string }
  | { action: 'continue'; reason: string };

/** What a stage does after an analysis, given its tally so far (including it) and whether its window has elapsed. */
export function decideStage(tally: StageTally, policy: StagePolicy, windowElapsed: boolean): StageDecision {
  if (tally.failed >= policy.failureLimit) return { action: 'rollback', reason: `${tally.failed} failed analyses reached the failure limit ${policy.failureLimit}` };
  if (tally.inconclusive > policy.inconclusiveLimit) return { action: 'hold', reason: `${tally.inconclusive} inconclusive analyses exceed the limit ${policy.inconclusiveLimit}: too little traffic to judge` };
  if (windowElapsed && tally.passed > 0) return { action: 'advance', reason: `window elapsed with ${tally.passed} passed, ${tally.failed} failed, ${tally.inconclusive} inconclusive analyses` };
  return { action: 'continue', reason: windowElapsed ? 'window elapsed without a passed analysis: analysing on' : 'window not elapsed' };
}

/** Canary stages: strictly increasing percentages in 1..100 ending at 100; `from` drops stages below it. */
export function canaryStages(stages: readonly number[], from?: number): number[] {
  const ok = stages.length > 0 && stages.every((s, i) => Number.isInteger(s) && s >= 1 && s <= 100 && (i === 0 || s > stages[i - 1])) && stages.at(-1) === 100;
  if (!ok) throw new Error(`canary stages must rise strictly within 1..100 and end at 100 (got ${stages.join(',')})`);
  if (from === undefined) return [...stages];
  return [from, ...stages.filter((s) => s > from)].filter((s, i, a) => a.indexOf(s) === i);
}
