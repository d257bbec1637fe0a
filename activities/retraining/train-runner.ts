// Runs one candidate training in a worker thread and reports progress while it runs. The
// thread is terminated when `signal` aborts (activity cancelled, worker shutting down), so a
// killed or cancelled training leaves nothing behind: the artifact exists only once complete.
import { Worker } from 'node:worker_threads';
import type { DatasetSample } from '../../domain/threat/datasets/canonical';
import type { CandidateOptions } from '../../domain/threat/datasets/train-version';

const ENTRY = new URL('./train-thread.mjs', import.meta.url);

export interface TrainedArtifact {
  /** The artifact as stored (JSON text, deterministic for the same input). */
  json: string;
  trainingSamples: number;
  /** Training proper, in seconds (vectorising + SGD + quantisation). */
  seconds: number;
  /** Heap of the training thread's isolate when training ended, MiB. */
  threadHeapMb: number;
  /** The worker process's peak resident set so far, MiB (the process's, not only this training's). */
  processMaxRssMb: number;
}

export class TrainingAbortedError extends Error {}

export function trainInThread(
  samples: readonly DatasetSample[],
  input: { modelId: string; datasetVersion: number; contentHash: string; options: CandidateOptions },
  opts: { signal?: AbortSignal; onTick?: (elapsedMs: number) => void; tickMs?: number; memoryMb?: number } = {},
): Promise<TrainedArtifact> {
  const started = Date.now();
  const worker = new Worker(ENTRY, {
    workerData: { samples, input },
    resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb ?? 2048 },
    // Workers inherit execArgv; drop loader flags so the entry registers tsx itself.
    execArgv: [],
  });
  return new Promise<TrainedArtifact>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const timer = setInterval(() => opts.onTick?.(Date.now() - started), opts.tickMs ?? 1000);
    const onAbort = () => finish(() => reject(new TrainingAbortedError(`training aborted: ${String(opts.signal?.reason ?? 'cancelled')}`)));
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: ({ status: 'ok' } & Omit<TrainedArtifact, 'processMaxRssMb'>) | { status: 'error'; message: string }) =>
      finish(() => {
        if (m.status === 'error') return reject(new Error(m.message));
        const { status: _ok, ...r } = m;
        resolve({ ...r, processMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
      }),
    );
    worker.once('error', (e) => finish(() => reject(e)));
    worker.once('exit', (code) => finish(() => reject(new Error(`training thread exited with code ${code}`))));
  });
}
