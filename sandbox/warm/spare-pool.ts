// Warm spare sandboxes: per oracle kind, a few worker threads that have already paid the
// start-up (isolate, tsx, the kind's parsers and engines) and wait for ONE evidence. Taking a
// spare removes it from the pool for good and starts its replacement in the background; the
// caller owns it from then on and destroys it after that one evidence, so isolation is what a
// cold sandbox gives (a fresh instance per evidence), only started earlier.
//
// Never a reason to wait or hang: a kind with no spare (size 0, all taken, replacement still
// failing) makes `take` return undefined and the caller starts a cold sandbox. A spare that
// fails to start or does not warm up within `warmTimeoutMs` is terminated and replaced after
// an exponential backoff (reset by the next spare that warms up).
import type { Worker } from 'node:worker_threads';
import type { OracleKind } from '../oracles/types';

/** A spare being started: its worker, and a promise that settles when it is warm (or failed). */
export interface StartingSpare {
  worker: Worker;
  ready: Promise<void>;
}

export interface SparePoolOptions {
  /** Spares kept per kind; a kind left out (or 0) has none. */
  sizes: Partial<Record<OracleKind, number>>;
  /** Starts one spare of `kind` (sandbox/runner.ts: a worker on worker-entry.mjs in spare mode). */
  start: (kind: OracleKind) => StartingSpare;
  /** A spare not warm after this long is terminated and counts as a failure (ms, default 60 000). */
  warmTimeoutMs?: number;
  /** First retry delay after a failure, doubled per consecutive failure up to `maxBackoffMs` (ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Called whenever a count changes (metrics). */
  onChange?: (counts: SpareCounts) => void;
  /** Called once per spare that failed to start or warm up. */
  onFailure?: (kind: OracleKind, error: Error) => void;
}

export type SpareCounts = Record<string, { ready: number; warming: number }>;

interface Entry {
  kind: OracleKind;
  worker: Worker;
  state: 'warming' | 'ready';
  /** Settles with the entry's fate; never rejects (failures are values, so nothing is unhandled). */
  settled: Promise<Error | null>;
}

export function createSparePool(opts: SparePoolOptions) {
  const warmTimeoutMs = opts.warmTimeoutMs ?? 60_000;
  const backoffMs = opts.backoffMs ?? 250;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  const kinds = (Object.keys(opts.sizes) as OracleKind[]).filter((k) => (opts.sizes[k] ?? 0) > 0);
  const idle = new Map<OracleKind, Entry[]>(kinds.map((k) => [k, []]));
  const failures = new Map<OracleKind, number>();
  const retry = new Map<OracleKind, NodeJS.Timeout>();
  let disposed = false;

  const counts = (): SpareCounts =>
    Object.fromEntries(kinds.map((k) => {
      const es = idle.get(k) ?? [];
      return [k, { ready: es.filter((e) => e.state === 'ready').length, warming: es.filter((e) => e.state === 'warming').length }];
    }));
  const changed = () => opts.onChange?.(counts());
  const remove = (e: Entry) => {
    const es = idle.get(e.kind) ?? [];
    const i = es.indexOf(e);
    if (i >= 0) es.splice(i, 1);
    return i >= 0;
  };

  function failed(kind: OracleKind, error: Error) {
    opts.onFailure?.(kind, error);
    const n = (failures.get(kind) ?? 0) + 1;
    failures.set(kind, n);
    if (disposed || retry.has(kind)) return;
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (n - 1));
    const timer = setTimeout(() => {
      retry.delete(kind);
      replenish(kind);
    }, delay);
    timer.unref();
    retry.set(kind, timer);
  }

  function spawn(kind: OracleKind) {
    let starting: StartingSpare;
    try {
      starting = opts.start(kind);
    } catch (err) {
      failed(kind, err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const { worker } = starting;
    // An idle spare must never keep the process alive; the taker refs it.
    worker.unref();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Error>((r) => {
      timer = setTimeout(() => r(new Error(`spare ${kind} not warm after ${warmTimeoutMs} ms`)), warmTimeoutMs);
      timer.unref();
    });
    // Deferred: a worker that threw emits 'error' then 'exit' in one tick, and the error is the better reason.
    const exited = new Promise<Error>((r) => worker.once('exit', (code) => setImmediate(() => r(new Error(`spare ${kind} exited with code ${code} while warming`)))));
    const settled = Promise.race([
      starting.ready.then(() => null, (err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      timeout,
      exited,
    ]).finally(() => clearTimeout(timer));
    const entry: Entry = { kind, worker, state: 'warming', settled };
    idle.get(kind)?.push(entry);
    changed();
    void settled.then((err) => {
      if (err) {
        // Idle: dropped here. Taken: its taker sees the error and starts a cold sandbox.
        void worker.terminate();
        remove(entry);
        changed();
        failed(kind, err);
        return;
      }
      failures.set(kind, 0);
      entry.state = 'ready';
      // A ready spare that dies while idle (out of memory, a crash) is dropped and replaced.
      worker.once('exit', () => {
        if (remove(entry)) {
          changed();
          failed(kind, new Error(`idle spare ${kind} exited`));
        }
      });
      changed();
    });
  }

  function replenish(kind: OracleKind) {
    if (disposed || retry.has(kind)) return;
    const want = opts.sizes[kind] ?? 0;
    while ((idle.get(kind)?.length ?? 0) < want) spawn(kind);
  }

  for (const k of kinds) replenish(k);

  return {
    /**
     * Claims a spare of `kind` — a ready one first, else one still warming — and starts its
     * replacement. Resolves with its worker once warm (the caller then owns it: one task, then
     * terminate); rejects when it failed. Undefined when the kind has none (start cold).
     */
    take(kind: OracleKind): Promise<Worker> | undefined {
      if (disposed) return undefined;
      const es = idle.get(kind);
      const entry = es?.find((e) => e.state === 'ready') ?? es?.[0];
      if (!entry) return undefined;
      remove(entry);
      changed();
      replenish(kind);
      return entry.settled.then((err) => {
        if (err) throw err;
        return entry.worker;
      });
    },
    /** Spares per kind right now, ready and warming. */
    counts,
    /** Terminates every idle spare and starts no more; resolves with how many were terminated. */
    async dispose(): Promise<number> {
      disposed = true;
      for (const t of retry.values()) clearTimeout(t);
      retry.clear();
      const all = [...idle.values()].flat();
      for (const es of idle.values()) es.length = 0;
      changed();
      await Promise.all(all.map((e) => e.worker.terminate()));
      return all.length;
    },
  };
}

export type SparePool = ReturnType<typeof createSparePool>;
