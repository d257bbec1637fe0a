// Test-only I/O: the benign corpora verification is measured against. The repo's own
// data/benign/*.txt (+ generated/) always; HttpParamsDataset's `norm` rows when the shared
// data is mounted. Kept out of the pure modules on purpose.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BENIGN_DIR = join(REPO, 'data', 'benign');
export const HTTP_PARAMS_CSV = '/work/shared/data/payloads/HttpParamsDataset/payload_train.csv';

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim().length > 0);
}

export function loadRepoBenign(): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const dir of [BENIGN_DIR, join(BENIGN_DIR, 'generated')]) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
      groups[f] = lines(join(dir, f));
    }
  }
  return groups;
}

import { parseCsv } from '../detection/labelled';

export { parseCsv };

/** Rows of HttpParamsDataset grouped by label (norm, sqli, xss, cmdi, path-traversal); {} when absent. */
export function loadHttpParams(): Record<string, string[]> {
  if (!existsSync(HTTP_PARAMS_CSV)) return {};
  const [header, ...rows] = parseCsv(readFileSync(HTTP_PARAMS_CSV, 'utf8'));
  const p = header.indexOf('payload');
  const t = header.indexOf('attack_type');
  const out: Record<string, string[]> = {};
  for (const r of rows) if (r.length > Math.max(p, t)) (out[r[t]] ??= []).push(r[p]);
  return out;
}

export function loadAllBenign(): { all: string[]; groups: Record<string, string[]> } {
  const groups = loadRepoBenign();
  const norm = loadHttpParams().norm;
  if (norm) groups['HttpParamsDataset:norm'] = norm;
  return { all: Object.values(groups).flat(), groups };
}
