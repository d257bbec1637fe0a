// Starting a sandbox worker thread (sandbox/worker-entry.mjs), cold with its task or as a warm
// spare of one oracle kind. Both get the same limits and the same network/process guard.
import { Worker } from 'node:worker_threads';
import type { OracleKind } from '../oracles/types';
import type { StartingSpare } from './spare-pool';

const ENTRY = new URL('../worker-entry.mjs', import.meta.url);

/** A worker on the sandbox entry with `memoryMb` of old-generation heap; `workerData` is its task or `{ spare }`. */
export function newSandboxWorker(workerData: unknown, memoryMb: number): Worker {
  return new Worker(ENTRY, {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(16, memoryMb / 8), stackSizeMb: 4 },
    // Workers inherit execArgv; drop loader flags so the entry registers tsx itself.
    execArgv: [],
    stdout: false,
    stderr: false,
  });
}

/**
 * Starts a spare of `kind`: ready once its worker has warmed that oracle and says so. With
 * `canarySnapshot` (SQL), its oracle host boots the canary database from a copy of it.
 */
export function startSpare(kind: OracleKind, memoryMb: number, canarySnapshot?: Uint8Array): StartingSpare {
  // workerData is copied into this worker alone: no sandbox shares memory with another.
  const worker = newSandboxWorker({ spare: kind, ...(canarySnapshot ? { canarySnapshot } : {}) }, memoryMb);
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { status?: string }) => (m?.status === 'ready' ? resolve() : reject(new Error(`spare ${kind} said ${JSON.stringify(m)} instead of ready`))));
    // Kept for the worker's life: an 'error' event without a listener would throw in this thread.
    worker.on('error', (e) => reject(e));
  });
  return { worker, ready };
}
