// Provisions the libmodsecurity harness the way runtime/tools.ts provisions the Temporal CLI:
// reuse the configured one (MODSEC_HARNESS), else <repo>/.tools/bin/modsec-harness, else run
// the project's own installer (ops/install-modsecurity.sh: apt-installs libmodsecurity3 and
// its headers when missing, then builds ops/modsec/harness.c). Without a harness no generated
// WAF rule can be proven on the real engine, so a failure here is reported, never thrown.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInstaller } from './installer';
import { executable, INSTALL_HINT, resolveModsecHarness } from './modsec';

export type ModsecAvailability =
  | { available: true; harness: string }
  | { available: false; /** What went wrong, in words. */ reason: string; /** The command that fixes it. */ fix: string };

export const MODSEC_FIX = `${INSTALL_HINT} (as root: it apt-installs libmodsecurity3 and builds the harness), or set MODSEC_HARNESS to a built harness`;

/** Loads an empty rule set: proves the binary runs and finds libmodsecurity.so. Resolves the failure text, or undefined. */
function smokeTest(harness: string): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-modsec-smoke-'));
  const rules = join(dir, 'empty.conf');
  writeFileSync(rules, '');
  return new Promise<string | undefined>((resolve) => {
    const child = execFile(harness, [rules, '-'], { timeout: 10_000 }, (err, _out, errText) => {
      resolve(err ? `${harness} does not run: ${errText.trim() || err.message}` : undefined);
    });
    child.stdin?.end();
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Finds or installs a working harness.
 * @param configured config MODSEC_HARNESS: when set it must work; it is never replaced by an install.
 * @param opts.install  run ops/install-modsecurity.sh when nothing is found (default true)
 * @param opts.echo     forward the installer's progress to stderr (default true)
 * @returns the harness path, or why there is none and the command that fixes it. Never rejects.
 */
export async function ensureModsecHarness(
  configured: string | undefined,
  opts: { install?: boolean; echo?: boolean } = {},
): Promise<ModsecAvailability> {
  const unavailable = (reason: string): ModsecAvailability => ({ available: false, reason, fix: MODSEC_FIX });
  if (configured && !executable(configured)) {
    const fix = `unset MODSEC_HARNESS (then ${INSTALL_HINT} builds one), or point it at a built harness`;
    return { available: false, reason: `MODSEC_HARNESS=${configured} is not an executable file`, fix };
  }
  let harness = resolveModsecHarness(configured);
  if (!harness) {
    if (opts.install === false) return unavailable('no libmodsecurity harness (.tools/bin/modsec-harness) is built');
    const res = await runInstaller('install-modsecurity.sh', { echo: opts.echo ?? true, timeoutMs: 10 * 60_000 });
    if (!res.ok) return unavailable(res.reason);
    harness = res.lines[res.lines.length - 1];
    if (!executable(harness)) return unavailable(`ops/install-modsecurity.sh reported ${harness}, which is not executable`);
  }
  const broken = await smokeTest(harness);
  return broken ? unavailable(broken) : { available: true, harness };
}

/** The start-up warning when rules cannot be verified: several lines, impossible to miss in a log. */
export function modsecWarning(a: Extract<ModsecAvailability, { available: false }>): string {
  const bar = '!'.repeat(78);
  return [
    bar,
    '!! WAF rule verification is UNAVAILABLE: no working libmodsecurity harness.',
    `!! Why: ${a.reason}`,
    '!! Effect: generated rules cannot be proven on ModSecurity, so none is applied;',
    '!!         each analysis records rule_verification_unavailable, and /health says degraded.',
    `!! Fix: ${a.fix}`,
    '!!      then restart `npm start`.',
    bar,
  ].join('\n');
}
