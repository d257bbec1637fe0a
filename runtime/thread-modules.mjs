// How a worker thread's entry (sandbox/worker-entry.mjs, sandbox/oracles/bounded/host-entry.mjs,
// activities/retraining/train-thread.mjs) loads the TypeScript modules it runs. Under the
// compiled CLI (bin/bulwark.mjs sets BULWARK_DIST to dist/, built by ops/build.mjs with these
// modules as entries) it imports the compiled ones: tsx registered inside a worker thread starts
// an esbuild child that exits and is never reaped, an `[esbuild] <defunct>` zombie per thread
// (per sandbox run, per training). From source (tests, a stale build) it registers tsx once
// for the thread, as before.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let tsx;

/** Registers tsx for this thread (once): what a `.ts` import needs when no compiled module is used. */
export async function registerTsx() {
  tsx ??= import('tsx/esm/api').then(({ register }) => register());
  await tsx;
}

/**
 * The module `source` (a `.ts` URL) as compiled to `dist/<name>.mjs` when BULWARK_DIST is set,
 * else `source` itself through tsx.
 */
export async function importThreadModule(source, name) {
  const dist = process.env.BULWARK_DIST;
  const compiled = dist && join(dist, `${name}.mjs`);
  // A build made before this module was an entry has none: then tsx, as from source.
  if (compiled && existsSync(compiled)) return import(pathToFileURL(compiled).href);
  await registerTsx();
  return import(source.href ?? source);
}

/** Compiled names of the thread modules (ops/build.mjs builds each as an entry of dist/). */
export const THREAD_MODULES = {
  'thread-sandbox-oracles': 'sandbox/oracles/index.ts',
  'thread-sandbox-warm-up': 'sandbox/warm/warm-up.ts',
  'thread-bounded-watch': 'sandbox/oracles/bounded/watch.ts',
  'thread-bounded-dispatch': 'sandbox/oracles/dispatch.ts',
  'thread-bounded-warm-parsers': 'sandbox/oracles/bounded/warm-parsers.ts',
  'thread-sql-canary': 'sandbox/oracles/sql-canary.ts',
  'thread-canary-snapshot-task': 'sandbox/warm/canary-snapshot-task.ts',
  'thread-train-version': 'domain/threat/datasets/train-version.ts',
};
