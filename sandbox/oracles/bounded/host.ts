// The oracle host: every oracle call runs in one worker thread (host-entry.mjs) with a memory
// cap, and this side keeps a watchdog. PGlite and sql.js run WebAssembly synchronously inside
// that thread, so no timer there can stop them (PGlite ignores statement_timeout) and neither
// can a catastrophic regex or parser: only terminating the thread does. Two clocks run:
//   - the call's bound (SANDBOX_ORACLE_BOUND_MS), paused while an engine boots (start-up does
//     not depend on the payload);
//   - the statement timeout (SANDBOX_STATEMENT_TIMEOUT_MS), while an engine executes.
// Killing the thread during an engine execution is a finding: the payload made the engine
// compute past the timeout (exploit_possible, with the template and engine). Killing it
// anywhere else is no verdict on the target: the call answers improbable with the reason
// "not judged within the bound", which the analysis records and routes to an analyst.
// A new host starts in the background after a kill; calls run one at a time.
import { Worker } from 'node:worker_threads';
import { oracleBounds, type OracleBounds } from '../../../config/config';
import type { TargetStack } from '../../../domain/threat/evidence/stack';
import { summarise, type ContextResult, type OracleKind, type OracleResult } from '../types';

const ENTRY = new URL('./host-entry.mjs', import.meta.url);

type FromHost =
  | { type: 'ready' }
  | { type: 'exec'; id: number; engine: string; context: string }
  | { type: 'execDone' | 'bootStart' | 'bootDone'; id: number }
  | { type: 'result'; id: number; result: OracleResult }
  | { type: 'error'; id: number; error: { name: string; message: string } };

interface Live {
  worker: Worker;
  ready: Promise<void>;
}

/** Why a call was stopped, for its one context. */
interface Stop {
  why: 'statement_timeout' | 'bound' | 'host_died';
  exec?: { engine: string; context: string };
  detail?: string;
}

export interface OracleHost {
  /** One bounded call; resolves with a verdict whatever the payload. */
  run(kind: OracleKind, payload: string, stack?: TargetStack): Promise<OracleResult>;
  start(): Promise<void>;
  close(): Promise<void>;
  readonly bounds: OracleBounds;
}

export function createOracleHost(bounds: OracleBounds = oracleBounds()): OracleHost {
  let live: Live | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let seq = 0;

  function spawn(): Live {
    const worker = new Worker(ENTRY, {
      workerData: { memoryMb: bounds.SANDBOX_ENGINE_MEMORY_MB, canarySnapshot, parsersFor },
      resourceLimits: { maxOldGenerationSizeMb: bounds.SANDBOX_ENGINE_MEMORY_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      execArgv: [],
    });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (m: FromHost) => (m.type === 'ready' ? resolve() : reject(new Error(`oracle host said ${m.type} before ready`))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`oracle host exited with code ${code} while starting`)));
    });
    ready.catch(() => undefined);
    const l = { worker, ready };
    worker.once('exit', () => {
      if (live === l) live = undefined;
    });
    return l;
  }

  async function started(): Promise<Live> {
    live ??= spawn();
    const l = live;
    await l.ready;
    return l;
  }

  function call(l: Live, kind: OracleKind, payload: string, stack?: TargetStack): Promise<OracleResult> {
    const id = ++seq;
    const { worker } = l;
    return new Promise<OracleResult>((resolve, reject) => {
      let remaining = bounds.SANDBOX_ORACLE_BOUND_MS;
      let durationMs = 0;
      let armedAt = Date.now();
      let boundTimer: NodeJS.Timeout | undefined;
      let stmtTimer: NodeJS.Timeout | undefined;
      let exec: Stop['exec'];
      let done = false;
      const spent = () => bounds.SANDBOX_ORACLE_BOUND_MS - remaining + (boundTimer ? Date.now() - armedAt : 0);
      const arm = () => {
        armedAt = Date.now();
        boundTimer = setTimeout(() => stop({ why: 'bound', exec }), remaining);
      };
      const cleanup = () => {
        done = true;
        clearTimeout(boundTimer);
        clearTimeout(stmtTimer);
        durationMs = spent();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      const stop = (s: Stop) => {
        if (done) return;
        cleanup();
        if (live === l) live = undefined;
        void worker.terminate();
        // The next call should not wait for tsx and the parsers: start the replacement now.
        live ??= spawn();
        resolve({ ...stoppedResult(kind, s, bounds), durationMs });
      };
      const onMessage = (m: FromHost) => {
        if (m.type === 'ready' || m.id !== id) return;
        if (m.type === 'exec') {
          exec = { engine: m.engine, context: m.context };
          stmtTimer = setTimeout(() => stop({ why: 'statement_timeout', exec }), bounds.SANDBOX_STATEMENT_TIMEOUT_MS);
        } else if (m.type === 'execDone') {
          exec = undefined;
          clearTimeout(stmtTimer);
        } else if (m.type === 'bootStart') {
          clearTimeout(boundTimer);
          boundTimer = undefined;
          remaining = Math.max(0, remaining - (Date.now() - armedAt));
        } else if (m.type === 'bootDone') arm();
        else if (m.type === 'result') {
          cleanup();
          resolve({ ...m.result, durationMs });
        } else if (m.type === 'error') {
          cleanup();
          reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
        }
      };
      // Past the JS heap cap the thread dies (ERR_WORKER_OUT_OF_MEMORY): a finding if a statement ran.
      const onError = (e: Error) => stop({ why: 'host_died', exec, detail: e.message });
      const onExit = (code: number) => stop({ why: 'host_died', exec, detail: `exited with code ${code}` });
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.ref();
      arm();
      worker.postMessage({ id, kind, payload, ...(stack ? { stack } : {}) });
    });
  }

  return {
    bounds,
    run(kind, payload, stack) {
      const next = queue.then(async () => call(await started(), kind, payload, stack));
      queue = next.catch(() => undefined);
      return next;
    },
    async start() {
      await started();
    },
    async close() {
      const l = live;
      live = undefined;
      if (l) await l.worker.terminate();
    },
  };
}

/** The verdict of a call the watchdog stopped. */
function stoppedResult(kind: OracleKind, s: Stop, b: OracleBounds): OracleResult {
  const oracle = `bounded:${kind}`;
  if (s.exec) {
    const cause =
      s.why === 'host_died'
        ? `exhausted the oracle host's ${b.SANDBOX_ENGINE_MEMORY_MB} MB memory cap (${s.detail})`
        : `ran past the ${s.why === 'statement_timeout' ? `${b.SANDBOX_STATEMENT_TIMEOUT_MS} ms statement timeout` : `${b.SANDBOX_ORACLE_BOUND_MS} ms oracle bound`}`;
    const ctx: ContextResult = {
      name: s.exec.context,
      stack: s.exec.engine,
      exploitable: true,
      detail: `statement ${cause} and was killed with its engine: attacker-controlled computation ran on ${s.exec.engine} (a time channel, and a denial of service on a real server)`,
    };
    return summarise(oracle, [ctx], [], [s.exec.engine]);
  }
  const why = s.why === 'host_died' ? `the oracle host died (${s.detail})` : `the oracle did not finish within ${b.SANDBOX_ORACLE_BOUND_MS} ms and was stopped`;
  const ctx: ContextResult = { name: 'oracle bound', stack: kind, exploitable: false, detail: `not judged: ${why}; nothing was confirmed, so an analyst must judge this payload` };
  return summarise(oracle, [ctx], [], [kind]);
}

let shared: OracleHost | undefined;
/** The canary database snapshot hosts of this thread boot from (sql-canary.ts useCanarySnapshot); copied into each. */
let canarySnapshot: Uint8Array | undefined;

/** Hosts started from now on boot the SQL canary database from `bytes` (checked there) instead of initdb. */
export function setCanarySnapshot(bytes: Uint8Array | undefined): void {
  canarySnapshot = bytes;
}

/** The oracle kinds hosts of this thread will be asked for, so they pre-load only those parsers (all when undefined). */
let parsersFor: readonly OracleKind[] | undefined;
export function setHostKinds(kinds: readonly OracleKind[] | undefined): void {
  parsersFor = kinds;
}

/** This thread's oracle host (one per sandbox worker, or per process in-process), bounds from the environment. */
export function sharedOracleHost(): OracleHost {
  shared ??= createOracleHost();
  return shared;
}
