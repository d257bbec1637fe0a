// Parsing labelled payload files (CSV like HttpParamsDataset's payload_train.csv, or JSONL
// with {payload, label}) and mapping the many label spellings onto our five classes.
import { isLabel, type Label } from './model';

const ALIASES: Record<string, Label> = {
  norm: 'benign', normal: 'benign', benign: 'benign', valid: 'benign',
  sqli: 'sql_injection', sql: 'sql_injection', sql_injection: 'sql_injection', 'sql-injection': 'sql_injection',
  xss: 'xss',
  cmdi: 'command_injection', command_injection: 'command_injection', 'command-injection': 'command_injection', rce: 'command_injection',
  'path-traversal': 'path_traversal', path_traversal: 'path_traversal', traversal: 'path_traversal', lfi: 'path_traversal',
};

export function toLabel(raw: string): Label | undefined {
  const s = raw.trim().toLowerCase();
  return isLabel(s) ? s : ALIASES[s];
}

export interface LabelledPayload {
  payload: string;
  label: Label;
}

export interface ParseResult {
  rows: LabelledPayload[];
  /** 1-based line (JSONL) or record (CSV) numbers that could not be used, with why. */
  errors: { line: number; error: string }[];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; }
        else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * CSV with a header. The payload column is `payload`; the class comes from `attack_type`
 * when present (payload_train.csv's `label` is only norm/anom), otherwise from `label`.
 */
export function parseLabelledCsv(text: string): ParseResult {
  const [header, ...records] = parseCsv(text);
  const cols = (header ?? []).map((h) => h.trim().toLowerCase());
  const pi = cols.indexOf('payload');
  const li = cols.includes('attack_type') ? cols.indexOf('attack_type') : cols.indexOf('label');
  if (pi < 0 || li < 0) return { rows: [], errors: [{ line: 1, error: 'CSV header needs a "payload" and a "label" (or "attack_type") column' }] };
  const out: ParseResult = { rows: [], errors: [] };
  records.forEach((r, i) => {
    if (r.length === 1 && r[0] === '') return; // blank line
    const label = toLabel(r[li] ?? '');
    if (r[pi] === undefined || !label) out.errors.push({ line: i + 2, error: `unknown label ${JSON.stringify(r[li] ?? '')}` });
    else out.rows.push({ payload: r[pi], label });
  });
  return out;
}

export function parseLabelledJsonl(text: string): ParseResult {
  const out: ParseResult = { rows: [], errors: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v = JSON.parse(line) as { payload?: unknown; label?: unknown };
      const label = typeof v.label === 'string' ? toLabel(v.label) : undefined;
      if (typeof v.payload !== 'string') out.errors.push({ line: i + 1, error: 'missing string field "payload"' });
      else if (!label) out.errors.push({ line: i + 1, error: `unknown label ${JSON.stringify(v.label)}` });
      else out.rows.push({ payload: v.payload, label });
    } catch {
      out.errors.push({ line: i + 1, error: 'not valid JSON' });
    }
  });
  return out;
}

/** JSONL if the name says so or the first non-blank character is '{'; CSV otherwise. */
export function parseLabelled(name: string, text: string): ParseResult {
  const jsonl = /\.jsonl?$/i.test(name) || text.trimStart().startsWith('{');
  return jsonl ? parseLabelledJsonl(text) : parseLabelledCsv(text);
}
