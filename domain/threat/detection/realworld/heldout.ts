// The source-held-out evaluation (issue 13): benign text from packages and generator families
// that training never reads (data/benign/realworld/eval, see its PROVENANCE.md), reported per
// source and per kind, plus attack detection per class on the attack holdout. Reading files is
// confined to loadHeldOut; evaluation is pure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyIndex } from '../classifier';
import { ATTACK_LABELS, LABELS, type Label, type PayloadModel } from '../model';
import { normalize } from '../normalize';

export interface HeldOutSample {
  payload: string;
  /** File stem: `prose-deb-git-man`, `params-gen-search`. */
  source: string;
  group: 'params' | 'prose';
}

/** Issue 13's targets on this evaluation. */
export const HELDOUT_TARGETS = { paramsFpr: 0.001, proseFpr: 0.005, detection: 0.995 } as const;

/** The issue's reported failure kinds, each an evaluation slice of its own. */
export const ISSUE_SLICES: Record<string, string> = {
  'prose-gen-shell': 'prose quoting shell commands inline',
  'params-gen-search': 'search-engine / query-language syntax',
  'params-gen-product': 'upper-case product searches, inch marks, boolean words',
  'params-gen-sqlword-title': 'SQL function name + parenthesised qualifier',
  'params-gen-url-json': 'URLs whose fragment or a parameter holds JSON',
};

/** Every line of `<benignDir>/realworld/eval/*.txt`; the file name's prefix is its group. */
export function loadHeldOut(benignDir: string): HeldOutSample[] {
  const dir = join(benignDir, 'realworld', 'eval');
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().flatMap((f) => {
    const source = f.replace(/\.txt$/, '');
    const group = source.startsWith('prose-') ? 'prose' : 'params';
    return readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((payload) => ({ payload, source, group }));
  });
}

export interface Rate { total: number; flagged: number; rate: number; examples: string[] }

export interface HeldOutReport {
  benignBySource: Record<string, Rate>;
  benignByGroup: Record<'params' | 'prose', Rate>;
  /** Per attack class: `flagged` = detected as an attack (any class), as a WAF blocks it. */
  detection: Record<string, Rate>;
  /** Per attack class: share given exactly its own class (the per-class recall of metrics.ts). */
  classRecall: Record<string, number>;
  /** Held-out lines dropped because their normalised text is also in the training set. */
  leaked: number;
}

const rate = (r: Rate) => { r.rate = r.total ? r.flagged / r.total : 0; return r; };
const empty = (): Rate => ({ total: 0, flagged: 0, rate: 0, examples: [] });

/**
 * Benign FPR per source and group on `benign` (minus any text whose normalised form is in
 * `trainingTexts`), detection rate per attack class on `attacks`. Rates are fractions.
 */
export function evaluateHeldOut(
  model: PayloadModel,
  benign: readonly HeldOutSample[],
  attacks: readonly { payload: string; label: Label }[],
  trainingTexts: ReadonlySet<string> = new Set(),
): HeldOutReport {
  const bySource: Record<string, Rate> = {};
  const byGroup = { params: empty(), prose: empty() };
  let leaked = 0;
  for (const s of benign) {
    if (trainingTexts.has(normalize(s.payload).text)) { leaked++; continue; }
    const flagged = LABELS[classifyIndex(model, s.payload)] !== 'benign';
    for (const r of [(bySource[s.source] ??= empty()), byGroup[s.group]]) {
      r.total++;
      if (flagged) {
        r.flagged++;
        if (r.examples.length < 5) r.examples.push(s.payload.slice(0, 120));
      }
    }
  }
  const detection: Record<string, Rate> = Object.fromEntries(ATTACK_LABELS.map((l) => [l, empty()]));
  const exact: Record<string, number> = Object.fromEntries(ATTACK_LABELS.map((l) => [l, 0]));
  for (const a of attacks) {
    const r = detection[a.label];
    if (!r) continue;
    r.total++;
    const predicted = LABELS[classifyIndex(model, a.payload)];
    if (predicted === a.label) exact[a.label]++;
    if (predicted !== 'benign') r.flagged++;
    else if (r.examples.length < 5) r.examples.push(a.payload.slice(0, 120));
  }
  const classRecall = Object.fromEntries(ATTACK_LABELS.map((l) => [l, detection[l].total ? exact[l] / detection[l].total : 0]));
  Object.values(bySource).forEach(rate);
  Object.values(byGroup).forEach(rate);
  Object.values(detection).forEach(rate);
  return { benignBySource: bySource, benignByGroup: byGroup, detection, classRecall, leaked };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** Markdown tables for docs/detection.md: groups, issue slices, every source, detection. */
export function formatHeldOut(r: HeldOutReport): string {
  const row = (name: string, x: Rate) => `| ${name} | ${x.total} | ${x.flagged} | ${pct(x.rate)} |`;
  const out = ['| benign group | lines | flagged | FPR |', '| --- | ---: | ---: | ---: |'];
  out.push(row('parameter-like values', r.benignByGroup.params), row('prose', r.benignByGroup.prose), '');
  out.push('| issue kind (slice) | lines | flagged | FPR |', '| --- | ---: | ---: | ---: |');
  for (const [src, about] of Object.entries(ISSUE_SLICES)) if (r.benignBySource[src]) out.push(row(`${about} (\`${src}\`)`, r.benignBySource[src]));
  out.push('', '| held-out source | lines | flagged | FPR |', '| --- | ---: | ---: | ---: |');
  for (const [src, x] of Object.entries(r.benignBySource)) out.push(row(`\`${src}\``, x));
  out.push('', '| attack class | payloads | detected (any attack class) | detection rate | given its own class |', '| --- | ---: | ---: | ---: | ---: |');
  for (const [l, x] of Object.entries(r.detection)) out.push(`${row(l, x)} ${pct(r.classRecall[l])} |`);
  return out.join('\n') + '\n';
}
