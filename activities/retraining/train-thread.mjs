// Training thread: registers the TypeScript loader (tsx) for this thread, trains the candidate
// on the samples it is given and posts back the artifact JSON. A separate thread keeps the
// worker's event loop free, so the activity heartbeats while the CPU trains.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

// Compiled modules under the compiled CLI, else tsx (runtime/thread-modules.mjs: no esbuild zombie per training).
const { importThreadModule } = await import('../../runtime/thread-modules.mjs');
try {
  const { trainCandidate } = await importThreadModule(new URL('../../domain/threat/datasets/train-version.ts', import.meta.url), 'thread-train-version');
  const r = trainCandidate(workerData.samples, workerData.input);
  parentPort.postMessage({ status: 'ok', json: JSON.stringify(r.artifact), trainingSamples: r.trainingSamples, seconds: r.seconds, threadHeapMb: Math.round(getHeapStatistics().total_heap_size / 2 ** 20) });
} catch (e) {
  parentPort.postMessage({ status: 'error', message: String(e?.stack ?? e?.message ?? e) });
}
