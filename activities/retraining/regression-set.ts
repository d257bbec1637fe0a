// The fixed regression set of past misses (data/regression/past-misses.jsonl) and the code
// version recorded with every model.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseImportJsonl } from '../../domain/threat/datasets/import-file';
import type { Label } from '../../domain/threat/detection/model';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const REGRESSION_SET_FILE = fileURLToPath(new URL('../../data/regression/past-misses.jsonl', import.meta.url));

let cached: { payload: string; label: Label }[] | undefined;
/** The committed past misses; a malformed file is an error, not an empty gate. */
export function regressionSet(): { payload: string; label: Label }[] {
  if (cached) return cached;
  const { rows, errors } = parseImportJsonl(readFileSync(REGRESSION_SET_FILE, 'utf8'));
  if (errors.length) throw new Error(`${REGRESSION_SET_FILE}:${errors[0].line}: ${errors[0].error}`);
  return (cached = rows.map((r) => ({ payload: r.data, label: r.label })));
}

let code: string | undefined;
/** BULWARK_CODE_VERSION, else the checkout's commit, else the package version. */
export function codeVersion(): string {
  if (code) return code;
  if (process.env.BULWARK_CODE_VERSION) return (code = process.env.BULWARK_CODE_VERSION);
  try {
    return (code = `git:${execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}`);
  } catch {
    const pkg = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')) as { version: string };
    return (code = `package:${pkg.version}`);
  }
}
