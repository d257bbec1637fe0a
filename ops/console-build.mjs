// The operator console's build (console/, React + Vite) into console/dist, which the API
// serves at /. `npm run build` runs it after the CLI's; `bulwark start` runs it when the build
// is missing or older than any of its sources (consoleIsFresh), as it does for dist/.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE = fileURLToPath(new URL('../console', import.meta.url));
export const CONSOLE_INDEX = join(CONSOLE, 'dist', 'index.html');
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Newest mtime (ms) among the console's sources, its build config and the lock file. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(CONSOLE, 'src'));
  for (const f of [join(CONSOLE, 'index.html'), join(CONSOLE, 'vite.config.ts'), join(ROOT, 'package-lock.json')]) {
    newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

/** True when console/dist/index.html exists and is newer than every source. */
export function consoleIsFresh() {
  try {
    return statSync(CONSOLE_INDEX).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/**
 * Builds console/dist with Vite (production mode); resolves the build time in ms. Written
 * beside it first and swapped in by rename, so a server reading the old build (or another
 * process building at the same time, as parallel test suites do) never sees a half-written one.
 */
export async function buildConsole() {
  const started = Date.now();
  const { build } = await import('vite');
  const tmp = join(CONSOLE, `.dist-${process.pid}-${started}`);
  const dist = join(CONSOLE, 'dist');
  const old = `${tmp}-old`;
  try {
    await build({ configFile: join(CONSOLE, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
    // Vite's esbuild service outlives the build otherwise (an idle child of `bulwark start`).
    await (await import('esbuild')).stop();
    try {
      renameSync(dist, old);
    } catch {
      // no previous build
    }
    renameSync(tmp, dist);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return Date.now() - started;
}
