// The SQL spares' canary database without initdb: PGlite's initdb is most of a SQL sandbox's
// start-up (≈5 s of ≈8 s at load 23; 1.6 s to boot from a data directory instead). A runner with
// SQL spares makes one snapshot of a freshly seeded canary database, in a worker of its own that
// never sees a payload, and hands each SQL sandbox started after that its own copy (the first
// spare does not wait for it: it boots with initdb as before). A sandbox checks the
// snapshot when it boots (exactly the seed's rows and objects, sql-canary.ts) and makes the
// database afresh otherwise, so a bad snapshot costs time, never a verdict.
import { newSandboxWorker } from './worker-start';

const TASK = new URL('./canary-snapshot-task.ts', import.meta.url);

/** Makes the snapshot (uncompressed tar bytes, ~40 MB); resolves undefined when it cannot. */
export function makeCanarySnapshot(memoryMb: number): { snapshot: Promise<Uint8Array | undefined>; stop: () => Promise<void> } {
  const worker = newSandboxWorker({ task: { type: 'module', module: String(TASK), compiled: 'thread-canary-snapshot-task' } }, memoryMb);
  worker.unref();
  const snapshot = new Promise<Uint8Array | undefined>((resolve) => {
    worker.once('message', (m: { status: string; result?: unknown }) => resolve(m.status === 'ok' && m.result instanceof Uint8Array ? m.result : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  const stopped = snapshot.then(() => worker.terminate());
  return { snapshot, stop: async () => void (await Promise.all([worker.terminate(), stopped])) };
}
