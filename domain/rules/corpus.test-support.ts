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

/** Minimal RFC 4180 reader: quoted fields with "" escapes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

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
