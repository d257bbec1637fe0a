// Strict parsing of a labelled file for `bulwark dataset import`: CSV with a header (payload +
// label or attack_type, optional source/confidence/reviewer/split/sample_type) or JSONL
// ({payload|data, label, ...}). Unlike the training loader, one bad row refuses the whole file:
// the errors name their line, and nothing is imported.
import { toLabel } from '../detection/labelled';
import type { Label } from '../detection/model';

export interface ImportRow {
  data: string;
  label: Label;
  sampleType: 'payload' | 'behavioural';
  source?: string;
  confidence?: number;
  reviewer?: string;
  split?: 'train' | 'holdout';
  /** 1-based line where the row starts. */
  line: number;
}

export interface ImportParse {
  rows: ImportRow[];
  errors: { line: number; error: string }[];
}

/** Files reserved for independent evaluation: never imported, so never trained or tuned on. */
export function reservedFileProblem(path: string): string | null {
  const p = path.replace(/\\/g, '/');
  if (/HttpParamsDataset\/.*payload_(test|full)/i.test(p)) return 'HttpParamsDataset test/full files are reserved for independent evaluation';
  if (/libinjection\/(.*\/)?data\//i.test(p)) return "libinjection's data/ lists are reserved for independent evaluation";
  return null;
}

/** RFC 4180 records with the 1-based line each starts on; an unterminated quote is an error. */
export function csvRecords(text: string): { fields: string[]; line: number }[] | { line: number; error: string } {
  const out: { fields: string[]; line: number }[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let quoteLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') { quoted = true; quoteLine = line; }
    else if (c === '"') return { line, error: 'a quote inside an unquoted field' };
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      out.push({ fields: row, line: start });
      row = [];
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return { line: quoteLine, error: 'a quoted field is never closed' };
  if (field !== '' || row.length > 0) { row.push(field); out.push({ fields: row, line: start }); }
  return out;
}

type Fields = Record<string, unknown>;

function toRow(f: Fields, line: number): ImportRow | string {
  const data = f.payload ?? f.data;
  if (typeof data !== 'string' || data === '') return 'needs a non-empty "payload" (or "data")';
  const rawLabel = f.attack_type ?? f.label;
  const label = typeof rawLabel === 'string' ? toLabel(rawLabel) : undefined;
  if (!label) return `unknown label ${JSON.stringify(rawLabel ?? null)}`;
  const sampleType = f.sample_type === undefined || f.sample_type === '' ? 'payload' : f.sample_type;
  if (sampleType !== 'payload' && sampleType !== 'behavioural') return `sample_type must be payload or behavioural (got ${JSON.stringify(sampleType)})`;
  const row: ImportRow = { data, label, sampleType, line };
  const conf = f.confidence === undefined || f.confidence === '' ? undefined : Number(f.confidence);
  if (conf !== undefined && !(conf >= 0 && conf <= 1)) return `confidence must be a number in 0..1 (got ${JSON.stringify(f.confidence)})`;
  if (conf !== undefined) row.confidence = conf;
  for (const k of ['source', 'reviewer'] as const) {
    if (f[k] === undefined || f[k] === '') continue;
    if (typeof f[k] !== 'string') return `${k} must be a string`;
    row[k] = f[k];
  }
  if (f.split !== undefined && f.split !== '') {
    if (f.split !== 'train' && f.split !== 'holdout') return `split must be train or holdout (got ${JSON.stringify(f.split)})`;
    row.split = f.split;
  }
  return row;
}

export function parseImportCsv(text: string): ImportParse {
  const records = csvRecords(text);
  if (!Array.isArray(records)) return { rows: [], errors: [records] };
  const [header, ...rest] = records;
  const cols = (header?.fields ?? []).map((h) => h.trim().toLowerCase());
  if (!cols.includes('payload') && !cols.includes('data')) return { rows: [], errors: [{ line: 1, error: 'the CSV header needs a "payload" (or "data") column' }] };
  if (!cols.includes('label') && !cols.includes('attack_type')) return { rows: [], errors: [{ line: 1, error: 'the CSV header needs a "label" (or "attack_type") column' }] };
  const out: ImportParse = { rows: [], errors: [] };
  for (const r of rest) {
    if (r.fields.length === 1 && r.fields[0] === '') continue;
    if (r.fields.length !== cols.length) {
      out.errors.push({ line: r.line, error: `${r.fields.length} fields where the header has ${cols.length}` });
      continue;
    }
    const row = toRow(Object.fromEntries(cols.map((c, i) => [c, r.fields[i]])), r.line);
    if (typeof row === 'string') out.errors.push({ line: r.line, error: row });
    else out.rows.push(row);
  }
  return out;
}

export function parseImportJsonl(text: string): ImportParse {
  const out: ImportParse = { rows: [], errors: [] };
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch {
      out.errors.push({ line: i + 1, error: 'not valid JSON' });
      return;
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      out.errors.push({ line: i + 1, error: 'not a JSON object' });
      return;
    }
    const row = toRow(v as Fields, i + 1);
    if (typeof row === 'string') out.errors.push({ line: i + 1, error: row });
    else out.rows.push(row);
  });
  return out;
}

/** JSONL when the name ends in .jsonl/.json or the text starts with '{'; CSV otherwise. */
export function parseImportFile(name: string, text: string): ImportParse {
  const jsonl = /\.jsonl?$/i.test(name) || text.trimStart().startsWith('{');
  const parsed = jsonl ? parseImportJsonl(text) : parseImportCsv(text);
  if (parsed.errors.length === 0 && parsed.rows.length === 0) parsed.errors.push({ line: 1, error: 'no samples in the file' });
  return parsed;
}
