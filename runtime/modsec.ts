// Node adapter for the libmodsecurity harness (harness.c): write the rules to a temp file,
// stream requests on stdin, parse one verdict line per request. I/O lives here, not in
// domain/rules, which stays pure.
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execHarness } from './modsec-exec';
import { REPO_ROOT } from './tools';

export const DEFAULT_HARNESS = join(REPO_ROOT, '.tools', 'bin', 'modsec-harness');
export const INSTALL_HINT = 'bash ops/install-modsecurity.sh';

export interface ModsecRequest {
  method?: string;
  /** Path and query exactly as on the wire (percent-encoded). */
  uri: string;
  /** application/x-www-form-urlencoded body, percent-encoded. */
  body?: string;
  userAgent?: string;
}

export type ModsecVerdict =
  | { verdict: 'allow' }
  | { verdict: 'deny'; status: number; ruleId: number | undefined };

export class ModsecRulesError extends Error {}

export function executable(path: string): boolean {
  try {
    return statSync(path).isFile() && (accessSync(path, constants.X_OK), true);
  } catch {
    return false;
  }
}

/**
 * The harness to use: `configured` (config MODSEC_HARNESS; must be executable when set),
 * else <repo>/.tools/bin/modsec-harness, else undefined. Only looks; see runtime/modsec-provision.ts.
 */
export function resolveModsecHarness(configured?: string): string | undefined {
  if (configured) return executable(configured) ? configured : undefined;
  return executable(DEFAULT_HARNESS) ? DEFAULT_HARNESS : undefined;
}

/** Tab/newline separate fields and requests in the harness protocol; wire values never contain them. */
function requestLine(r: ModsecRequest): string {
  const fields = [r.method ?? 'GET', r.uri, r.body ?? '', r.userAgent ?? ''];
  for (const f of fields) {
    if (/[\t\r\n]/.test(f)) throw new Error(`request field contains a tab or newline; percent-encode it: ${JSON.stringify(f)}`);
  }
  return fields.join('\t');
}

export function parseVerdict(line: string): ModsecVerdict {
  if (line === 'allow') return { verdict: 'allow' };
  const m = /^deny (\d+) (\S+)$/.exec(line);
  if (!m) throw new Error(`unexpected harness output: ${line}`);
  return { verdict: 'deny', status: Number(m[1]), ruleId: m[2] === '-' ? undefined : Number(m[2]) };
}

export async function runModsec(
  rulesText: string,
  requests: readonly ModsecRequest[],
  opts: { harness?: string; timeoutMs?: number } = {},
): Promise<ModsecVerdict[]> {
  const harness = opts.harness ?? resolveModsecHarness();
  if (!harness) throw new Error(`modsec-harness not found; run \`${INSTALL_HINT}\` or set MODSEC_HARNESS`);
  const input = requests.map(requestLine).join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-modsec-'));
  const rulesFile = join(dir, 'rules.conf');
  writeFileSync(rulesFile, rulesText);
  try {
    const run = await execHarness(harness, [rulesFile, '-'], input, opts.timeoutMs ?? 20_000);
    if (run.code === 2) throw new ModsecRulesError(run.stderr.trim());
    if (run.code !== 0) throw new Error(`modsec-harness failed: ${run.stderr.trim() || run.message || `signal ${run.signal}`}`);
    const stdout = run.stdout;
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    if (lines.length !== requests.length) throw new Error(`harness answered ${lines.length} of ${requests.length} requests`);
    return lines.map(parseVerdict);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
