// Runs each simulation in its own worker thread with heap limits, a wall-time limit and no
// network (net-guard.mjs), records create/run/destroy/timeout/panic in the audit log, and
// can destroy every running sandbox at once (panic). With `spares`, a run takes a warm spare
// of its oracle kind (sandbox/warm/spare-pool.ts) instead of starting a worker: one evidence
// per spare, destroyed afterwards like a cold one; no spare at hand means a cold start.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Registry } from 'prom-client';
import { sandboxMetrics, seedMetrics } from '../runtime/metrics';
import { createSparePool } from './warm/spare-pool';
import { SPARE_PRIORITY } from './warm/spare-priority';
import { makeCanarySnapshot } from './warm/canary-snapshot';
import { newSandboxWorker, startSpare } from './warm/worker-start';
import type { AuditLog } from './audit';
import type { TargetStack } from '../domain/threat/evidence/stack';
import type { OracleKind, OracleResult } from './oracles/types';

export const DEFAULT_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_MEMORY_MB = 512;

/** One payload for one oracle, on the evidence's declared stack (every modelled one when absent). */
export interface OracleItem {
  kind: OracleKind;
  payload: string;
  stack?: TargetStack;
}

export type SandboxTask =
  | { type: 'oracle'; kind: OracleKind; payload: string; stack?: TargetStack }
  | { type: 'oracles'; items: OracleItem[] }
  /** `compiled`: its name among runtime/thread-modules.mjs's THREAD_MODULES, imported from dist/ under the compiled CLI. */
  | { type: 'module'; module: string; input?: unknown; compiled?: string };

type OutcomeBody<R> =
  | { status: 'ok'; result: R }
  | { status: 'error'; error: { name: string; message: string } }
  | { status: 'timeout' }
  | { status: 'killed'; reason: string };
export type SandboxOutcome<R = unknown> = { sandboxId: string; durationMs: number } & OutcomeBody<R>;

export interface SandboxRunnerOptions {
  timeoutMs?: number;
  memoryMb?: number;
  audit?: AuditLog;
  /** Where `cerberus_simulations_total`, `cerberus_simulation_duration_seconds` and `bulwark_sandbox_*` go; the process registry when omitted. */
  metrics?: Registry;
  /** Warm spares kept per oracle kind (none when omitted): start-up leaves the analysis path. */
  spares?: Partial<Record<OracleKind, number>>;
  /** A spare not warm after this long is replaced (ms, default 60 000). */
  spareWarmTimeoutMs?: number;
}

function spareKind(task: SandboxTask): OracleKind | undefined {
  if (task.type === 'module') return undefined;
  const kinds = new Set(task.type === 'oracle' ? [task.kind] : task.items.map((i) => i.kind));
  return SPARE_PRIORITY.find((k) => kinds.has(k));
}

export interface RunningSandbox {
  sandboxId: string;
  task: string;
  startedAt: number;
  context?: SandboxContext;
}

/** Who a sandbox works for, named in its audit entries (so an orphan can be traced). */
export interface SandboxContext {
  evidenceId?: string;
  workflowId?: string;
}

export interface RunOptions {
  context?: SandboxContext;
  /** Aborting destroys the sandbox (outcome `killed`), e.g. when the analysis is cancelled. */
  signal?: AbortSignal;
}

/** This process, as named in the audit log. */
export const OWNER = `${hostname()}:${process.pid}`;

export function createSandboxRunner(opts: SandboxRunnerOptions = {}) {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = opts.memoryMb ?? DEFAULT_MEMORY_MB;
  const audit = opts.audit;
  const live = new Map<string, { info: RunningSandbox; kill: (reason: string) => Promise<void> }>();
  /** Answered sandboxes whose thread is still exiting: each settles once its `destroy` is recorded. */
  const exiting = new Set<Promise<void>>();
  const drain = async () => {
    while (exiting.size) await Promise.all(exiting);
  };
  const record = (...args: Parameters<AuditLog['record']>) => audit?.record(...args);
  const metrics = seedMetrics(opts.metrics);
  const sandboxCounts = sandboxMetrics(opts.metrics);
  // SQL sandboxes boot their canary database from one snapshot made for this runner once it
  // exists (canary-snapshot.ts); the first spare does not wait for it.
  const canary = (opts.spares?.sql_injection ?? 0) > 0 ? makeCanarySnapshot(memoryMb) : undefined;
  let canaryBytes: Uint8Array | undefined;
  void canary?.snapshot.then((b) => (canaryBytes = b));
  const pool = opts.spares
    ? createSparePool({
        sizes: opts.spares,
        start: (kind) => startSpare(kind, memoryMb, kind === 'sql_injection' ? canaryBytes : undefined),
        ...(opts.spareWarmTimeoutMs ? { warmTimeoutMs: opts.spareWarmTimeoutMs } : {}),
        onChange: (counts) => {
          for (const [kind, c] of Object.entries(counts)) for (const state of ['ready', 'warming'] as const) sandboxCounts.spares.set({ kind, state }, c[state]);
        },
        onFailure: (kind) => sandboxCounts.spareFailures.inc({ kind }),
      })
    : undefined;
  /** One count per oracle payload: its verdict, or the sandbox status when there is none. */
  const observe = (task: SandboxTask, o: SandboxOutcome) => {
    metrics.simulationDuration.observe({ status: o.status }, o.durationMs / 1000);
    if (task.type === 'module') return;
    const n = task.type === 'oracle' ? 1 : task.items.length;
    const results = o.status === 'ok' ? ((Array.isArray(o.result) ? o.result : [o.result]) as Partial<OracleResult>[]) : [];
    for (let i = 0; i < n; i++) metrics.simulations.inc({ verdict: results[i]?.verdict ?? o.status });
  };

  async function run<R>(task: SandboxTask, opts: RunOptions = {}): Promise<SandboxOutcome<R>> {
    const sandboxId = randomUUID();
    const label = task.type === 'oracle' ? task.kind : task.type === 'oracles' ? `oracles×${task.items.length}` : task.module;
    const started = Date.now();
    const context = opts.context ?? {};
    const kind = spareKind(task);
    // A spare that failed to warm up is no reason to fail the run: start cold instead.
    const spare = kind ? await pool?.take(kind)?.catch(() => undefined) : undefined;
    sandboxCounts.starts.inc({ kind: kind ?? 'module', start: spare ? 'spare' : 'cold' });
    // `owner` and `timeoutMs` let a sweep tell a crashed process's sandbox from a live one (sweepAbandoned).
    // Recorded before the payload enters any worker, spare or cold.
    await record('create', sandboxId, { task: label, timeoutMs, memoryMb, owner: OWNER, start: spare ? 'spare' : 'cold', ...context });
    let worker: Worker;
    if (spare) {
      worker = spare;
      worker.ref();
      worker.postMessage(task);
    } else worker = newSandboxWorker({ task, ...(kind === 'sql_injection' && canaryBytes ? { canarySnapshot: canaryBytes } : {}) }, memoryMb);
    const threadId = worker.threadId;
    let settle!: (o: SandboxOutcome<R>) => void;
    const done = new Promise<SandboxOutcome<R>>((r) => (settle = r));
    let finished = false;
    const finish = async (o: OutcomeBody<R>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      live.delete(sandboxId);
      // Joining the thread can take seconds (V8 finishing background compile jobs of the worker's
      // wasm) after its JS has stopped. With `ok`/`error` the worker has answered and its task is
      // over, so the caller gets the answer once termination is requested and `destroy` is
      // recorded when the thread has exited. A timeout or kill may still be computing on the
      // payload: that answer waits for the exit, as before.
      const exited = worker.terminate().catch(() => undefined);
      const stillRunning = o.status === 'timeout' || o.status === 'killed';
      if (stillRunning) await exited;
      const outcome = { ...o, sandboxId, durationMs: Date.now() - started } as SandboxOutcome<R>;
      observe(task, outcome);
      if (outcome.status === 'timeout') await record('timeout', sandboxId, { task: label, timeoutMs });
      else if (outcome.status === 'ok') {
        const results = (Array.isArray(outcome.result) ? outcome.result : [outcome.result]) as Partial<OracleResult>[];
        const verdicts = results.map((r) => r?.verdict ?? null);
        await record('run', sandboxId, { task: label, status: 'ok', verdict: verdicts.length === 1 ? verdicts[0] : verdicts, durationMs: outcome.durationMs });
      } else await record('run', sandboxId, { task: label, ...o });
      // Called after `run` is recorded, so the chain keeps create → run → destroy per sandbox.
      // threadId: a worker thread id is never reused in a process, so the log shows one evidence per sandbox.
      const destroyed = exited.then(() => record('destroy', sandboxId, { status: outcome.status, threadId })).then(
        () => undefined,
        (err: unknown) => process.emitWarning(`sandbox ${sandboxId}: destroy not recorded: ${String(err)}`),
      );
      exiting.add(destroyed);
      void destroyed.finally(() => exiting.delete(destroyed));
      if (stillRunning) await destroyed;
      settle(outcome);
    };
    const timer = setTimeout(() => void finish({ status: 'timeout' }), timeoutMs);
    const onAbort = () => void finish({ status: 'killed', reason: `cancelled: ${String(opts.signal?.reason ?? 'aborted')}` });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: { status: 'ok'; result: R } | { status: 'error'; error: { name: string; message: string } }) => void finish(m));
    worker.once('error', (e) => void finish({ status: 'error', error: { name: e.name, message: e.message } }));
    worker.once('exit', (code) => void finish({ status: 'error', error: { name: 'WorkerExit', message: `worker exited with code ${code}` } }));
    live.set(sandboxId, {
      info: { sandboxId, task: label, startedAt: started, ...(opts.context ? { context: opts.context } : {}) },
      kill: (reason) => finish({ status: 'killed', reason }),
    });
    return done;
  }

  return {
    /** Warm spares per oracle kind right now (empty without `spares`). */
    spares: () => pool?.counts() ?? {},
    /**
     * Terminates the idle spares and starts no more (shutdown), and waits for answered sandboxes
     * to exit and their `destroy` to be recorded; running sandboxes are left to panic or finish.
     * Resolves with the number of spares terminated.
     */
    dispose: async (): Promise<number> => {
      const n = (await pool?.dispose()) ?? 0;
      await canary?.stop();
      await drain();
      return n;
    },
    /** Resolves once every sandbox answered so far has exited and its `destroy` entry is written. */
    drain,
    simulate: (kind: OracleKind, payload: string, opts?: RunOptions & { stack?: TargetStack }) =>
      run<OracleResult>({ type: 'oracle', kind, payload, ...(opts?.stack ? { stack: opts.stack } : {}) }, opts),
    /** Several oracle calls in one sandbox, in order; one result per item. */
    simulateAll: (items: OracleItem[], opts?: RunOptions) => run<OracleResult[]>({ type: 'oracles', items }, opts),
    /** Runs a module's default export in a sandbox (custom simulations; used by the isolation tests). */
    simulateModule: <R = unknown>(module: string | URL, input?: unknown, opts?: RunOptions) => run<R>({ type: 'module', module: String(module), input }, opts),
    running: (): RunningSandbox[] => [...live.values()].map((l) => l.info),
    /** Destroys every running sandbox at once; resolves with how many were destroyed. */
    async panic(reason = 'panic button'): Promise<number> {
      const victims = [...live.values()];
      await record('panic', 'all', { reason, sandboxes: victims.map((v) => v.info.sandboxId) });
      await Promise.all(victims.map((v) => v.kill(reason)));
      return victims.length;
    },
  };
}

export type SandboxRunner = ReturnType<typeof createSandboxRunner>;
