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
      found.push({ kind: f.attackClass as OracleKind, request: r.index, location: f.location, value, confidence: f.attackConfidence, ...(stack ? { stack } : {}) });
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

/** Confirmed payloads grouped per class, in the order of each class's strongest payload. */
export function confirmedExploits(evidenceId: string, modelVersion: string, payloads: SimulationPayload[], results: OracleResult[]): ConfirmedExploit[] {
  const byClass = new Map<OracleKind, ConfirmedExploit>();
  payloads.forEach((c, i) => {
    const r = results[i];
    if (r?.verdict !== 'exploit_possible') return;
    const ex = byClass.get(c.kind) ?? { attackClass: c.kind, payloads: [], evidenceIds: [evidenceId], modelVersion, confidence: 0, oracleEvidence: [] };
    ex.payloads.push(c.value);
    ex.confidence = Math.max(ex.confidence, c.confidence);
    const on = r.confirmedOn?.length ? ` on ${r.confirmedOn.join(', ')}` : '';
    ex.oracleEvidence.push(...r.evidence.slice(0, 2).map((e) => clip(`${r.oracle}${on} ${c.location}: ${e}`, LINE_CHARS)));
    byClass.set(c.kind, ex);
  });
  return [...byClass.values()];
}
