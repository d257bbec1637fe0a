// Test-only I/O: the benign corpora verification is measured against. The repo's own
// data/benign/*.txt (+ generated/) always; HttpParamsDataset's `norm` rows when the shared
// data is mounted. Kept out of the pure modules on purpose.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBenignGroups } from '../../../data/benign/load';

/** In the shared data beside the repository (../shared); suites that need it declare requires('sharedData'). */
export const HTTP_PARAMS_CSV = resolve(import.meta.dirname, '../../../../shared/data/payloads/HttpParamsDataset/payload_train.csv');

export function loadRepoBenign(): Record<string, string[]> {
  return loadBenignGroups();
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
