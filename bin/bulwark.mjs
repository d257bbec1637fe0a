#!/usr/bin/env node
// Runs the compiled CLI (dist/bulwark.mjs, `npm run build`) when it is newer than every source
// it was built from; otherwise the TypeScript sources through tsx's loader, so `bulwark` works
// without a build step. `bulwark start` rebuilds a missing or stale dist first, and the console
// (console/dist, served at /) too.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/bulwark.mjs', root);

function distIsFresh() {
  try {
    const built = statSync(dist).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/inputs.json', root), 'utf8'));
    return inputs.every((p) => statSync(new URL(p, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}

let fresh = distIsFresh();
if (!fresh && process.argv[2] === 'start' && process.env.BULWARK_NO_BUILD !== '1') {
  try {
    const { buildDist } = await import('../ops/build.mjs');
    process.stderr.write('bulwark: compiling to dist/ (sources changed since the last build)\n');
    await buildDist();
    fresh = true;
  } catch (err) {
    process.stderr.write(`bulwark: build failed, running from source: ${err instanceof Error ? err.message : err}\n`);
  }
}
// The console the API serves at /: built when missing or stale; without it / says how to build it.
if (process.argv[2] === 'start' && process.env.BULWARK_NO_BUILD !== '1') {
  try {
    const { buildConsole, consoleIsFresh } = await import('../ops/console-build.mjs');
    if (!consoleIsFresh()) {
      process.stderr.write('bulwark: building the console into console/dist (sources changed since the last build)\n');
      await buildConsole();
    }
  } catch (err) {
    process.stderr.write(`bulwark: console build failed (/ will say so): ${err instanceof Error ? err.message : err}\n`);
  }
}
if (fresh) {
  // Worker threads (sandboxes, oracle hosts, training) import their modules from dist/ too
  // (runtime/thread-modules.mjs), instead of registering tsx per thread.
  process.env.BULWARK_DIST = fileURLToPath(new URL('dist', root));
  await import(dist.href);
} else {
  delete process.env.BULWARK_DIST;
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/bulwark.ts');
}
