// Training corpus assembly: the one module here that reads files. It reads the public payload
// lists (PayloadsAllTheThings per-class folders, HttpParamsDataset CSV) and our own benign
// corpus, cleans out lines that are not payloads, de-duplicates by normalised text and
// splits train/holdout by a seeded hash of that text, so variants that normalise to the
// same string can never straddle the split.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { seededRng } from '../../rng';
import { parseLabelledCsv } from './labelled';
import type { Label } from './model';
import { normalize } from './normalize';
import { SENSITIVE_FILE_TAILS } from '../vocabulary/files';

export type SampleGroup = 'attack' | 'params' | 'prose' | 'other';

export interface CorpusSample {
  payload: string;
  label: Label;
  source: string;
  group: SampleGroup;
  split: 'train' | 'holdout';
}

export interface CorpusReport {
  bySource: Record<string, number>;
  skippedLines: number;
  duplicates: number;
  conflictingLabels: number;
  cappedFiles: Record<string, { kept: number; of: number }>;
  split: { seed: string; holdoutFraction: number; train: Record<string, number>; holdout: Record<string, number> };
}

const CLASS_DIRS: Record<string, Label> = {
  sql_injection: 'sql_injection',
  xss: 'xss',
  command_injection: 'command_injection',
  path_traversal: 'path_traversal',
};
// Lists of bare event-handler names: words, not payloads ("onClick" alone is not an attack).
const NOT_PAYLOAD_FILES = new Set(['xss/0xcela_event_handlers.txt', 'xss/port_swigger_xss_cheatsheet_event_handlers.txt']);
/** dotdotpwn alone has 21k near-identical lines; a hashed sample keeps the class balanced and training fast. */
export const MAX_LINES_PER_FILE = 4000;
export const HOLDOUT_FRACTION = 0.2;
// Fuzzer templates leave {FILE}; a real request names a file, so we fill in one of the path
// oracle's canary files (the shared vocabulary's), chosen by hash.
const TARGET_FILES = SENSITIVE_FILE_TAILS;

const unitHash = (s: string) => seededRng(s)();

/** A comment line in a payload list ("# from wapiti", "#Google.com:"), not a payload. */
function isCommentLine(line: string): boolean {
  return /^#\s/.test(line) || /^#[\w .-]*:\s*$/.test(line);
}

/**
 * The lists mix payloads with cheat-sheet prose. Returns the payload in `line`, or null when
 * the line is not one: section headers ("Time-Based:"), explanations after a tab ("--\tSQL
 * comment" keeps "--"), indented continuation lines of multi-line XSS vectors ("    }"), and
 * template-injection probes ({{7*7}}, {% for %}) filed under command injection, a class of
 * attack outside our five labels.
 */
export function payloadOf(classDir: string, line: string): string | null {
  if (line.trim() === '' || isCommentLine(line)) return null;
  // A bare path separator ("/", "//" in the SQL fuzz list) is in no class an attack; as a
  // label conflict it also used to drop the benign "/" of data/benign (issue 13's bare `/`).
  if (/^\/+$/.test(line.trim())) return null;
  if (/^[A-Za-z][A-Za-z -]*:$/.test(line.trim()) || /^[A-Z][a-z]+(?: [a-z]+){2,}$/.test(line.trim())) return null;
  const tab = line.match(/^(.*?)\t+\s*[A-Za-z(][A-Za-z ,()-]+$/);
  if (tab && classDir === 'sql_injection') return tab[1].trim() === '' ? null : tab[1];
  if (classDir === 'xss' && /^[\s{}();]*$/.test(line)) return null;
  if (classDir === 'xss' && /^\s/.test(line) && !/<|javascript:|on[a-z]+\s*=/i.test(line)) return null;
  if (classDir === 'command_injection' && /\{\{|\{%/.test(line)) return null;
  return line;
}

function fillPlaceholder(line: string): string {
  return line.replace(/\{file\}/gi, () => TARGET_FILES[Math.floor(unitHash(`file:${line}`) * TARGET_FILES.length)]);
}

function capLines(lines: string[], cap: number): string[] {
  if (lines.length <= cap) return lines;
  const keep = new Set(
    lines.map((l, i) => ({ i, h: unitHash(`cap:${l}`) })).sort((a, b) => a.h - b.h).slice(0, cap).map((x) => x.i),
  );
  return lines.filter((_, i) => keep.has(i));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
}

type RawSample = Omit<CorpusSample, 'split'>;

/** Files under realworld/eval/ belong to the held-out evaluation, never to training or this holdout. */
export function isHeldOut(rel: string): boolean {
  return /(^|\/)realworld\/eval\//.test(rel.split('\\').join('/'));
}

function benignGroup(file: string): SampleGroup {
  const name = file.split('/').pop() ?? file;
  if (/prose/i.test(name)) return 'prose';
  if (/param/i.test(name)) return 'params';
  return 'other';
}

export function loadCorpus(dataDir: string, benignDir: string, splitSeed = 'v1'): { samples: CorpusSample[]; report: CorpusReport } {
  const raw: RawSample[] = [];
  const report: CorpusReport = {
    bySource: {}, skippedLines: 0, duplicates: 0, conflictingLabels: 0, cappedFiles: {},
    split: { seed: splitSeed, holdoutFraction: HOLDOUT_FRACTION, train: {}, holdout: {} },
  };
  const patt = join(dataDir, 'PayloadsAllTheThings');
  for (const [dir, label] of Object.entries(CLASS_DIRS)) {
    for (const file of listFiles(join(patt, dir))) {
      const rel = relative(patt, file);
      if (NOT_PAYLOAD_FILES.has(rel)) continue;
      const all = readFileSync(file, 'utf8').split(/\r?\n/);
      const lines = all.map((l) => payloadOf(dir, l)).filter((l): l is string => l !== null);
      report.skippedLines += all.filter((l) => l.trim() !== '').length - lines.length;
      const kept = capLines(lines, MAX_LINES_PER_FILE);
      if (kept.length < lines.length) report.cappedFiles[rel] = { kept: kept.length, of: lines.length };
      for (const l of kept) raw.push({ payload: fillPlaceholder(l), label, source: `PayloadsAllTheThings/${rel}`, group: 'attack' });
    }
  }
  const csv = parseLabelledCsv(readFileSync(join(dataDir, 'HttpParamsDataset', 'payload_train.csv'), 'utf8'));
  report.skippedLines += csv.errors.length;
  for (const r of csv.rows) {
    raw.push({ payload: fillPlaceholder(r.payload), label: r.label, source: 'HttpParamsDataset', group: r.label === 'benign' ? 'params' : 'attack' });
  }
  // realworld/eval is the source-held-out evaluation (realworld/heldout.ts): never trained on.
  for (const file of listFiles(benignDir).filter((f) => f.endsWith('.txt') && !isHeldOut(relative(benignDir, f)))) {
    const rel = relative(benignDir, file);
    for (const l of readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (l.trim() !== '') raw.push({ payload: l, label: 'benign', source: `benign/${rel}`, group: benignGroup(rel) });
    }
  }
  return { samples: dedupeAndSplit(raw, splitSeed, report), report };
}

/** Exported for tests: dedupe by normalised text, drop label conflicts, split by hash. */
export function dedupeAndSplit(raw: RawSample[], splitSeed: string, report: CorpusReport): CorpusSample[] {
  const byText = new Map<string, RawSample | null>();
  for (const s of raw) {
    const key = normalize(s.payload).text;
    const seen = byText.get(key);
    if (seen === undefined) byText.set(key, s);
    else if (seen === null || seen.label !== s.label) {
      // The same canonical text with two labels teaches nothing; drop it from both sides.
      if (seen !== null) report.conflictingLabels++;
      byText.set(key, null);
    } else report.duplicates++;
  }
  const out: CorpusSample[] = [];
  for (const [key, s] of byText) {
    if (!s || key === '') continue;
    const split = unitHash(`split:${splitSeed}:${key}`) < HOLDOUT_FRACTION ? 'holdout' : 'train';
    out.push({ ...s, split });
    const tally = report.split[split];
    const k = `${s.label}${s.label === 'benign' ? `/${s.group}` : ''}`;
    tally[k] = (tally[k] ?? 0) + 1;
    report.bySource[s.source.split('/').slice(0, 2).join('/')] = (report.bySource[s.source.split('/').slice(0, 2).join('/')] ?? 0) + 1;
  }
  return out;
}
