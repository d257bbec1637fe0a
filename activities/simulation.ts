// Sandbox stage of threat analysis: replay every attack payload the detector found in the
// evidence through its class's exploit oracle, all in one isolated sandbox (worker thread, no
// network, time and memory limits, audited), and group the confirmed ones per attack class
// into the exploit records the rule generator takes. Results carry the oracle's evidence so
// the rule's provenance can cite it; payloads the oracle did not confirm never become rules.
import { heartbeat } from '@temporalio/activity';
import type { Db } from '../db/client';
import { requestPayloads, type Evidence } from '../domain/threat/evidence/schema';
import type { Analysis, LocationFinding } from '../domain/threat/detection/engine';
import type { ConfirmedExploit } from '../domain/threat/rules/types';
import type { ObjectStore } from '../objects/store';
import type { OracleKind, OracleResult } from '../sandbox/oracles/types';
import type { SandboxRunner } from '../sandbox/runner';
import { createEvidenceReader } from './evidence-reader';
import { createDefaultEngine, type InferenceEngine } from './inference';

/** Distinct payloads replayed per attack class (the strongest first). */
export const MAX_PAYLOADS_PER_CLASS = 8;
/** Longer values are not replayed: oracles take parameter values, not whole bodies. */
export const MAX_PAYLOAD_CHARS = 4096;
const EVIDENCE_LINES = 4;
const LINE_CHARS = 300;

export interface PayloadSimulation {
  attackClass: OracleKind;
  request: number;
  location: string;
  /** The first 200 characters; the full payload is in the evidence object. */
  preview: string;
  verdict: OracleResult['verdict'];
  evidence: string[];
}

export interface SimulationResult {
  evidenceId: string;
  sandboxId: string | null;
  status: 'ok' | 'timeout' | 'killed' | 'error' | 'nothing_to_simulate';
  reason?: string;
  durationMs: number;
  simulated: PayloadSimulation[];
  /** One per attack class with at least one confirmed payload, strongest class first. */
  exploits: ConfirmedExploit[];
}

interface Candidate {
  kind: OracleKind;
  request: number;
  location: string;
  value: string;
  confidence: number;
}

/** The full attacker-controlled values behind the detector's findings (findings truncate them). */
export function simulationCandidates(ev: Evidence, analysis: Analysis): Candidate[] {
  const found: Candidate[] = [];
  for (const r of analysis.requests) {
    const values = new Map(requestPayloads(ev.requests[r.index]).map((p) => [p.location, p.value]));
    for (const f of r.attacks as LocationFinding[]) {
      const value = values.get(f.location);
      if (!value || value.length > MAX_PAYLOAD_CHARS) continue;
      found.push({ kind: f.attackClass as OracleKind, request: r.index, location: f.location, value, confidence: f.attackConfidence });
    }
  }
  found.sort((a, b) => b.confidence - a.confidence);
  const seen = new Set<string>();
  const perClass = new Map<OracleKind, number>();
  return found.filter((c) => {
    const key = `${c.kind}\u0000${c.value}`;
    const n = perClass.get(c.kind) ?? 0;
    if (seen.has(key) || n >= MAX_PAYLOADS_PER_CLASS) return false;
    seen.add(key);
    perClass.set(c.kind, n + 1);
    return true;
  });
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Confirmed payloads grouped per class, in the order of each class's strongest payload. */
export function confirmedExploits(evidenceId: string, modelVersion: string, candidates: Candidate[], results: OracleResult[]): ConfirmedExploit[] {
  const byClass = new Map<OracleKind, ConfirmedExploit>();
  candidates.forEach((c, i) => {
    const r = results[i];
    if (r?.verdict !== 'exploit_possible') return;
    const ex = byClass.get(c.kind) ?? { attackClass: c.kind, payloads: [], evidenceIds: [evidenceId], modelVersion, confidence: 0, oracleEvidence: [] };
    ex.payloads.push(c.value);
    ex.confidence = Math.max(ex.confidence, c.confidence);
    ex.oracleEvidence.push(...r.evidence.slice(0, 2).map((e) => clip(`${r.oracle} ${c.location}: ${e}`, LINE_CHARS)));
    byClass.set(c.kind, ex);
  });
  return [...byClass.values()];
}

function beatOnce() {
  try {
    heartbeat({ sandbox: 'running' });
  } catch {
    // Called outside an activity (benches, direct calls): nothing to tell.
  }
}

export interface SimulationDeps {
  db: Db;
  objects?: ObjectStore;
  engine?: InferenceEngine;
  /** Without a runner, simulations fail retryably: deploy a worker that has one. */
  sandbox?: SandboxRunner;
}

export function createSimulationActivities(deps: SimulationDeps) {
  const { readEvidence } = createEvidenceReader(deps);
  let engine = deps.engine;

  return {
    async simulateExploits(input: { evidenceId: string }): Promise<SimulationResult> {
      if (!deps.sandbox) throw new Error('this worker has no sandbox runner configured');
      const { evidence } = await readEvidence(input.evidenceId);
      engine ??= createDefaultEngine();
      const analysis = await engine.analyze(evidence);
      const candidates = simulationCandidates(evidence, analysis);
      const base = { evidenceId: input.evidenceId, simulated: [] as PayloadSimulation[], exploits: [] as ConfirmedExploit[] };
      if (!candidates.length) return { ...base, sandboxId: null, status: 'nothing_to_simulate', durationMs: 0, reason: 'no attack payload to replay' };
      // The sandbox's own wall-time limit bounds this call; heartbeats tell Temporal we are alive.
      const beat = setInterval(beatOnce, 5000);
      try {
        const out = await deps.sandbox.simulateAll(candidates.map((c) => ({ kind: c.kind, payload: c.value })));
        if (out.status !== 'ok') {
          const reason = out.status === 'timeout' ? 'sandbox hit its wall-time limit and was destroyed' : out.status === 'killed' ? `sandbox destroyed: ${out.reason}` : `sandbox failed: ${out.error.message}`;
          return { ...base, sandboxId: out.sandboxId, status: out.status, reason, durationMs: out.durationMs };
        }
        const simulated = candidates.map((c, i) => ({
          attackClass: c.kind,
          request: c.request,
          location: c.location,
          preview: clip(c.value, 200),
          verdict: out.result[i].verdict,
          evidence: out.result[i].evidence.slice(0, EVIDENCE_LINES).map((e) => clip(e, LINE_CHARS)),
        }));
        const exploits = confirmedExploits(input.evidenceId, analysis.modelVersion, candidates, out.result);
        return { ...base, sandboxId: out.sandboxId, status: 'ok', durationMs: out.durationMs, simulated, exploits };
      } finally {
        clearInterval(beat);
      }
    },
  };
}

export type SimulationActivities = ReturnType<typeof createSimulationActivities>;
