// Sandbox stage of threat analysis: replay the attack payloads the analysis chose
// (simulation-payloads.ts) through their class's exploit oracle, all in one isolated sandbox
// (worker thread, no network, time and memory limits, audited under the evidence and workflow
// ids), and group the confirmed ones per attack class into the exploit records the rule
// generator takes. The evidence is not read again here. Results carry the oracle's evidence so
// the rule's provenance can cite it; payloads the oracle did not confirm never become rules.
import { Context } from '@temporalio/activity';
import type { ConfirmedExploit } from '../../domain/threat/rules/types';
import type { OracleKind, OracleResult } from '../../sandbox/oracles/types';
import type { SandboxRunner } from '../../sandbox/runner';
import { clip, confirmedExploits, unconfirmedClasses, type PayloadVerdicts, type SimulationPayload, type UnconfirmedClass } from './simulation-payloads';

const EVIDENCE_LINES = 4;
const LINE_CHARS = 300;

export interface PayloadSimulation {
  attackClass: OracleKind;
  request: number;
  location: string;
  /** The first 200 characters; the full payload is in the evidence object. */
  preview: string;
  verdict: OracleResult['verdict'];
  /** The modelled stacks the exploit holds on ('mysql', 'cmd', 'tomcat'…); empty when improbable. */
  confirmedOn?: string[];
  evidence: string[];
  /** The runner-up class's oracle, tried because this one declined (score ≥ RUNNER_UP_MIN), and what it found. */
  runnerUp?: { attackClass: OracleKind; score: number; verdict: OracleResult['verdict']; confirmedOn: string[]; evidence: string[] };
}

/**
 * confirmed: some oracle confirmed some class; unconfirmed: none did, but the classifier is
 * confident (≥ the simulate threshold) of at least one class, listed in `unconfirmed` with each
 * oracle's reasons (an analyst decides); no_exploit: none did and the classifier itself doubts.
 */
export type SimulationOutcome = 'confirmed' | 'unconfirmed' | 'no_exploit';

export interface SimulationResult {
  evidenceId: string;
  sandboxId: string | null;
  status: 'ok' | 'timeout' | 'killed' | 'error' | 'nothing_to_simulate';
  reason?: string;
  durationMs: number;
  simulated: PayloadSimulation[];
  /** One per attack class with at least one confirmed payload, strongest class first. */
  exploits: ConfirmedExploit[];
  /** Absent before issue 12 (older histories). */
  outcome?: SimulationOutcome;
  /** Confident classes no oracle confirmed (absent before issue 12). */
  unconfirmed?: UnconfirmedClass[];
}

function beatOnce() {
  try {
    Context.current().heartbeat({ sandbox: 'running' });
  } catch {
    // Called outside an activity (benches, direct calls): nothing to tell.
  }
}

/** The activity's cancellation (a cancelled analysis), so the sandbox is destroyed with it. */
function cancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

export interface SimulationInput {
  evidenceId: string;
  /** The analysis's workflow id: named in the sandbox audit entries. */
  workflowId: string;
  /** The model version that produced the verdict; every confirmed exploit (and rule) carries it. */
  modelVersion: string;
  /** Chosen and bounded by the analysis (simulationPayloads). */
  payloads: SimulationPayload[];
}

export interface SimulationDeps {
  /** Without a runner, simulations fail retryably: deploy a worker that has one. */
  sandbox?: SandboxRunner;
}

export function createSimulationActivities(deps: SimulationDeps) {
  return {
    async simulateExploits(input: SimulationInput): Promise<SimulationResult> {
      if (!deps.sandbox) throw new Error('this worker has no sandbox runner configured');
      const { payloads, evidenceId, workflowId } = input;
      const base = { evidenceId, simulated: [] as PayloadSimulation[], exploits: [] as ConfirmedExploit[] };
      if (!payloads.length) return { ...base, sandboxId: null, status: 'nothing_to_simulate', durationMs: 0, reason: 'no attack payload to replay' };
      // The sandbox's own wall-time limit bounds this call; heartbeats tell Temporal we are alive
      // and deliver its cancellation, which destroys the sandbox.
      const beat = setInterval(beatOnce, 5000);
      try {
        // Each payload's runner-up class is judged in the same sandbox (start-up dominates its
        // cost) and used only when the predicted class's oracle declines.
        const item = (kind: OracleKind, c: SimulationPayload) => ({ kind, payload: c.value, ...(c.stack ? { stack: c.stack } : {}) });
        const runnerUps = payloads.flatMap((c, i) => (c.runnerUp ? [{ i, item: item(c.runnerUp.kind, c) }] : []));
        const out = await deps.sandbox.simulateAll([...payloads.map((c) => item(c.kind, c)), ...runnerUps.map((r) => r.item)], { context: { evidenceId, workflowId }, signal: cancellationSignal() });
        if (out.status !== 'ok') {
          const reason = out.status === 'timeout' ? 'sandbox hit its wall-time limit and was destroyed' : out.status === 'killed' ? `sandbox destroyed: ${out.reason}` : `sandbox failed: ${out.error.message}`;
          return { ...base, sandboxId: out.sandboxId, status: out.status, reason, durationMs: out.durationMs };
        }
        const verdicts: PayloadVerdicts[] = payloads.map((_, i) => ({ primary: out.result[i] }));
        runnerUps.forEach((r, j) => {
          const tried = out.result[payloads.length + j];
          if (verdicts[r.i].primary.verdict !== 'exploit_possible' && tried) verdicts[r.i].runnerUp = tried;
        });
        const lines = (r: OracleResult) => r.evidence.slice(0, EVIDENCE_LINES).map((e) => clip(e, LINE_CHARS));
        const simulated = payloads.map((c, i): PayloadSimulation => {
          const { primary, runnerUp } = verdicts[i];
          return {
            attackClass: c.kind,
            request: c.request,
            location: c.location,
            preview: clip(c.value, 200),
            verdict: primary.verdict,
            confirmedOn: primary.confirmedOn ?? [],
            evidence: lines(primary),
            ...(runnerUp && c.runnerUp
              ? { runnerUp: { attackClass: c.runnerUp.kind, score: c.runnerUp.score, verdict: runnerUp.verdict, confirmedOn: runnerUp.confirmedOn ?? [], evidence: lines(runnerUp) } }
              : {}),
          };
        });
        const exploits = confirmedExploits(evidenceId, input.modelVersion, payloads, verdicts);
        const unconfirmed = unconfirmedClasses(payloads, verdicts, exploits);
        const outcome: SimulationOutcome = exploits.length ? 'confirmed' : unconfirmed.length ? 'unconfirmed' : 'no_exploit';
        return { ...base, sandboxId: out.sandboxId, status: 'ok', durationMs: out.durationMs, simulated, exploits, outcome, unconfirmed };
      } finally {
        clearInterval(beat);
      }
    },
  };
}

export type SimulationActivities = ReturnType<typeof createSimulationActivities>;
