// What the sandbox replays: the attack payloads the detector found, chosen once, by the
// analysis activity (activities/threat/evidence.ts), from the same verified bytes and the same
// engine run that produced the verdict, then passed to simulateExploits through workflow
// history. Pure, and bounded so that list fits comfortably in one Temporal payload:
//
//   at most MAX_PAYLOADS_PER_CLASS (8) per attack class, so at most 32 in all (4 classes);
//   each at most MAX_PAYLOAD_CHARS (4096) characters; longer values are not replayed;
//   together at most MAX_SIMULATION_BYTES (64 KiB) of UTF-8; strongest first, the rest dropped.
import { requestPayloads, type Evidence } from '../../domain/threat/evidence/schema';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import type { Analysis, LocationFinding } from '../../domain/threat/detection/engine';
import type { ConfirmedExploit } from '../../domain/threat/rules/types';
import type { OracleKind, OracleResult } from '../../sandbox/oracles/types';

/** Distinct payloads replayed per attack class (the strongest first). */
export const MAX_PAYLOADS_PER_CLASS = 8;
/** Longer values are not replayed: oracles take parameter values, not whole bodies. */
export const MAX_PAYLOAD_CHARS = 4096;
/** UTF-8 bytes of all replayed payloads together (Temporal warns at 512 KB per payload, refuses at 2 MB). */
export const MAX_SIMULATION_BYTES = 64 * 1024;
const LINE_CHARS = 300;

/** One attacker-controlled value to replay through its class's oracle. */
export interface SimulationPayload {
  kind: OracleKind;
  /** Index of the request in the evidence. */
  request: number;
  location: string;
  value: string;
  /** The classifier's confidence that this value is an attack of `kind`. */
  confidence: number;
  /** The evidence's declared target stack, when it has one (the oracles judge every modelled stack otherwise). */
  stack?: TargetStack;
  /** The classifier alone is sure enough to act (confidence ≥ the simulate threshold): if no oracle confirms, the outcome is `unconfirmed`, not `no_exploit`. */
  confident?: boolean;
  /** The second most likely attack class, when its score is ≥ RUNNER_UP_MIN: its oracle is tried when `kind`'s declines. */
  runnerUp?: { kind: OracleKind; score: number };
}

/** A runner-up class scoring at least this is tried when the predicted class's oracle declines. */
export const RUNNER_UP_MIN = 0.2;

function runnerUpOf(f: LocationFinding): SimulationPayload['runnerUp'] {
  const ranked = (Object.entries(f.scores) as [string, number][])
    .filter(([label]) => label !== 'benign' && label !== f.attackClass)
    .sort((a, b) => b[1] - a[1]);
  const [kind, score] = ranked[0] ?? [];
  return kind !== undefined && score !== undefined && score >= RUNNER_UP_MIN ? { kind: kind as OracleKind, score } : undefined;
}

/** The full attacker-controlled values behind the detector's findings (findings truncate them), bounded as above. */
export function simulationPayloads(ev: Evidence, analysis: Analysis): SimulationPayload[] {
  const found: SimulationPayload[] = [];
  const stack = ev.target?.stack;
  for (const r of analysis.requests) {
    const values = new Map(requestPayloads(ev.requests[r.index]).map((p) => [p.location, p.value]));
    for (const f of r.attacks as LocationFinding[]) {
      const value = values.get(f.location);
      if (!value || value.length > MAX_PAYLOAD_CHARS) continue;
      const runnerUp = runnerUpOf(f);
      found.push({
        kind: f.attackClass as OracleKind,
        request: r.index,
        location: f.location,
        value,
        confidence: f.attackConfidence,
        confident: f.attackConfidence >= analysis.thresholds.simulate,
        ...(stack ? { stack } : {}),
        ...(runnerUp ? { runnerUp } : {}),
      });
    }
  }
  found.sort((a, b) => b.confidence - a.confidence);
  const seen = new Set<string>();
  const perClass = new Map<OracleKind, number>();
  let bytes = 0;
  return found.filter((c) => {
    const key = `${c.kind}\n${c.value}`;
    const n = perClass.get(c.kind) ?? 0;
    const size = Buffer.byteLength(c.value, 'utf8');
    if (seen.has(key) || n >= MAX_PAYLOADS_PER_CLASS || bytes + size > MAX_SIMULATION_BYTES) return false;
    seen.add(key);
    perClass.set(c.kind, n + 1);
    bytes += size;
    return true;
  });
}

export const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** What the sandbox said about one payload: its predicted class's verdict, and the runner-up's when that was tried. */
export interface PayloadVerdicts {
  primary: OracleResult;
  /** Present when `kind`'s oracle declined and the payload has a runner-up class. */
  runnerUp?: OracleResult;
}

/**
 * Confirmed payloads grouped per class, in the order of each class's strongest payload. A
 * payload confirmed only by its runner-up class's oracle counts for that class, with the
 * runner-up's score as its confidence.
 */
export function confirmedExploits(evidenceId: string, modelVersion: string, payloads: SimulationPayload[], results: PayloadVerdicts[]): ConfirmedExploit[] {
  const byClass = new Map<OracleKind, ConfirmedExploit>();
  const add = (kind: OracleKind, confidence: number, c: SimulationPayload, r: OracleResult, via: string) => {
    const ex = byClass.get(kind) ?? { attackClass: kind, payloads: [], evidenceIds: [evidenceId], modelVersion, confidence: 0, oracleEvidence: [] };
    ex.payloads.push(c.value);
    ex.confidence = Math.max(ex.confidence, confidence);
    const on = r.confirmedOn?.length ? ` on ${r.confirmedOn.join(', ')}` : '';
    ex.oracleEvidence.push(...r.evidence.slice(0, 2).map((e) => clip(`${r.oracle}${on} ${c.location}${via}: ${e}`, LINE_CHARS)));
    byClass.set(kind, ex);
  };
  payloads.forEach((c, i) => {
    const r = results[i];
    if (r?.primary.verdict === 'exploit_possible') add(c.kind, c.confidence, c, r.primary, '');
    else if (c.runnerUp && r?.runnerUp?.verdict === 'exploit_possible') add(c.runnerUp.kind, c.runnerUp.score, c, r.runnerUp, ` (runner-up class; predicted ${c.kind} declined)`);
  });
  return [...byClass.values()];
}

/** A class the classifier is sure of and no oracle confirmed: routed to an analyst with each oracle's reasons. */
export interface UnconfirmedClass {
  attackClass: OracleKind;
  /** The classifier's strongest confidence among its payloads. */
  confidence: number;
  /** The confident payloads (what a proposed rule is generated from). */
  payloads: string[];
  /** Why each oracle declined, per stack: `location [stack] context: reason`. */
  reasons: string[];
}

/** One reason per judged stack: the first context's detail there (the evidence lists every context). */
export function reasonsPerStack(r: OracleResult, location: string, label = ''): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of r.contexts) {
    const stack = c.stack ?? r.oracle;
    if (seen.has(stack)) continue;
    seen.add(stack);
    out.push(clip(`${location}${label} [${stack}] ${c.name}: ${c.detail}`, LINE_CHARS));
  }
  return out.length ? out : [clip(`${location}${label}: ${r.evidence[0] ?? 'no reason given'}`, LINE_CHARS)];
}

/**
 * Classes with at least one confident payload (≥ the simulate threshold) of which none was
 * confirmed, neither by their own oracle nor as another payload's runner-up.
 */
export function unconfirmedClasses(payloads: SimulationPayload[], results: PayloadVerdicts[], confirmed: ConfirmedExploit[]): UnconfirmedClass[] {
  const done = new Set(confirmed.map((e) => e.attackClass));
  const byClass = new Map<OracleKind, UnconfirmedClass>();
  payloads.forEach((c, i) => {
    const r = results[i];
    if (!c.confident || done.has(c.kind) || !r || r.primary.verdict === 'exploit_possible' || r.runnerUp?.verdict === 'exploit_possible') return;
    const u = byClass.get(c.kind) ?? { attackClass: c.kind, confidence: 0, payloads: [], reasons: [] };
    u.confidence = Math.max(u.confidence, c.confidence);
    u.payloads.push(c.value);
    u.reasons.push(...reasonsPerStack(r.primary, c.location));
    if (c.runnerUp && r.runnerUp) u.reasons.push(...reasonsPerStack(r.runnerUp, c.location, ` (runner-up ${c.runnerUp.kind} ${c.runnerUp.score.toFixed(2)})`));
    byClass.set(c.kind, u);
  });
  return [...byClass.values()];
}
