// `npm run build`: compiles the CLI (and everything it imports) to one ES module, dist/bulwark.mjs,
// then builds the operator console into console/dist (ops/console-build.mjs). The first step means
// `bulwark` starts without transpiling TypeScript on every run (tsx: ~1 s of CPU per start).
//
// npm packages stay external (resolved from node_modules as before). Each source file's
// `import.meta.url`/`import.meta.dirname` is rewritten to that file's own location, so paths
// built from it (models/, environments/, db/migrations, policies/dist, the workflow bundle's
// workflows/index.ts, the sandbox's worker-entry.mjs) still point into the source tree.
// dist/inputs.json lists the sources, so bin/bulwark.mjs can tell a stale build.
//
// Type checking is `npm run typecheck` (tsc); this step only strips types (esbuild, as tsx does).
import { build, stop } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { THREAD_MODULES } from '../runtime/thread-modules.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const OUTFILE = join(DIST, 'bulwark.mjs');
export const INPUTS = join(DIST, 'inputs.json');
/** The workflow code bundled once at build time (Temporal's production practice), so a worker starts without webpack. */
export const WORKFLOW_BUNDLE = join(DIST, 'workflow-bundle.js');

/** Rewrites import.meta.url/dirname in one source to expressions naming that source's location (from `outdir`). */
const sourceLocation = (outdir) => ({
  name: 'source-location',
  setup(b) {
    b.onLoad({ filter: /\.ts$/, namespace: 'file' }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader: 'ts' };
      const fromDist = relative(outdir, args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`;
      const dir = `decodeURIComponent(new URL('.', ${url}).pathname).replace(/\\/$/, '')`;
      const contents = text
        .replace(/\bimport\.meta\.url\b/g, `(${url})`)
        .replace(/\bimport\.meta\.dirname\b/g, `(${dir})`);
      return { contents, loader: 'ts' };
    });
  },
});

/** esbuild options of a build into `outdir` (flat: the import.meta rewrite is relative to it). */
const options = (outdir, entryPoints) => ({
  entryPoints,
  // Chunks sit beside the entry (the import.meta rewrite is relative to dist/), so commands that
  // do not need the Temporal SDK never load it.
  outdir,
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceLocation(outdir)],
});

const threadEntries = () => Object.fromEntries(Object.entries(THREAD_MODULES).map(([name, source]) => [name, join(ROOT, source)]));

/** Builds only the worker threads' modules into `outdir` (tests of runtime/thread-modules.mjs); stops esbuild after. */
export async function buildThreadModules(outdir) {
  try {
    await build(options(outdir, threadEntries()));
  } finally {
    await stop();
  }
}

/**
 * Builds dist/bulwark.mjs, the worker threads' modules (dist/thread-*.mjs, runtime/thread-modules.mjs)
 * and dist/inputs.json; returns the number of source files bundled. esbuild's service child is
 * stopped (and reaped) before it returns, so `bulwark start` keeps no idle esbuild beside it.
 */
export async function buildDist() {
  try {
    return await buildOnce();
  } finally {
    await stop();
  }
}

async function buildOnce() {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  const result = await build({
    ...options(DIST, { bulwark: join(ROOT, 'cli/bulwark.ts'), ...threadEntries() }),
    // worker/worker.ts loads dist/workflow-bundle.js instead of bundling when compiled.
    define: { BULWARK_PREBUILT_WORKFLOWS: 'true' },
  });
  const workflowInputs = await buildWorkflowBundle();
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...workflowInputs].map((p) => relative(ROOT, join(process.cwd(), p))))];
  writeFileSync(INPUTS, JSON.stringify(inputs));
  return inputs.length;
}

/**
 * Writes dist/workflow-bundle.js with the SDK's bundler (what a worker otherwise does at every
 * start: ~2 s of CPU quiet, ~35 s under load) and returns the local sources it was made from,
 * listed by an esbuild pass over the same entry, so a change to any of them makes dist stale.
 */
async function buildWorkflowBundle() {
  const entry = join(ROOT, 'workflows/index.ts');
  const graph = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, packages: 'external', platform: 'node', format: 'esm', logLevel: 'silent' });
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: (m) => console.warn(m), error: (m) => console.error(m) };
  const { code } = await bundleWorkflowCode({ workflowsPath: entry, logger: quiet });
  writeFileSync(WORKFLOW_BUNDLE, code);
  return Object.keys(graph.metafile.inputs);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const count = await buildDist();
  process.stdout.write(`built ${relative(ROOT, OUTFILE)} from ${count} sources in ${Date.now() - started} ms\n`);
  // The operator console (console/dist), served by the API at /.
  const { buildConsole } = await import('./console-build.mjs');
  process.stdout.write(`built console/dist in ${await buildConsole()} ms\n`);
}
