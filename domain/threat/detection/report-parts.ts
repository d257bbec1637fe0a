// Pieces of the analyst's HTML report that need more than formatting: percentages that never
// round a probability below 1 up to 100%, every attack class present (not only the strongest),
// and character n-grams merged into the phrases of the payload they came from.
import type { RequestFinding } from './engine';
import type { Contribution } from './explain';
import type { Label } from './model';

/** A probability as a percentage with one decimal; below 1 it never reads 100.0% (→ ">99.9%"). */
export function pct(x: number): string {
  if (x >= 1) return '100%';
  if (x >= 0.9995) return '>99.9%'; // would round to 100.0%
  if (x > 0 && x < 0.0005) return '<0.1%'; // would round to 0.0%
  return `${(x * 100).toFixed(1)}%`;
}

/** What each attack class means, for an analyst who does not know the label names. */
export const CLASS_TEXT: Record<Exclude<Label, 'benign'>, string> = {
  sql_injection: 'SQL injection: input that changes a database query (quotes, OR 1=1, UNION SELECT, comments)',
  xss: 'Cross-site scripting: markup or script that would run in another user\'s browser',
  command_injection: 'Command injection: shell syntax that would run a command on the server (; | ` $())',
  path_traversal: 'Path traversal: ../ sequences or absolute paths reaching files outside the web root',
};

export interface ClassSummary {
  attackClass: Exclude<Label, 'benign'>;
  /** Requests with at least one location labelled this class. */
  requests: number;
  /** Highest probability of this class at any such location, 0..1. */
  topConfidence: number;
  location: string;
  value: string;
}

/** Every attack class some location was labelled as, strongest first. */
export function classesPresent(requests: RequestFinding[]): ClassSummary[] {
  const byClass = new Map<string, ClassSummary>();
  for (const r of requests) {
    const seen = new Set<string>();
    for (const a of r.attacks) {
      if (a.label === 'benign') continue;
      const cls = a.label as ClassSummary['attackClass'];
      const p = a.scores[cls] ?? a.attackConfidence;
      const cur = byClass.get(cls) ?? { attackClass: cls, requests: 0, topConfidence: -1, location: a.location, value: a.value };
      if (!seen.has(cls)) cur.requests++;
      seen.add(cls);
      if (p > cur.topConfidence) Object.assign(cur, { topConfidence: p, location: a.location, value: a.value });
      byClass.set(cls, cur);
    }
  }
  return [...byClass.values()].sort((a, b) => b.topConfidence - a.topConfidence);
}

const CHARS = /^chars "(.*)"$/s;

/**
 * Character n-grams (`chars "' o"`, `chars " or"`, …) that overlap where they occur in `value`
 * are merged into one `phrase "' or 1=1"` with their summed contribution; other features are
 * kept as they are. An n-gram not found in `value` stays alone. Sorted by |contribution|.
 */
export function groupPhrases(items: Contribution[], value: string): Contribution[] {
  const text = `^${value.toLowerCase()}$`;
  const spans: { start: number; end: number; items: Contribution[] }[] = [];
  const out: Contribution[] = [];
  for (const c of items) {
    const m = CHARS.exec(c.feature);
    const frag = m ? (JSON.parse(`"${m[1]}"`) as string).toLowerCase() : undefined;
    const at = frag ? text.indexOf(frag) : -1;
    if (!frag || at < 0) {
      out.push(c);
      continue;
    }
    spans.push({ start: at, end: at + frag.length, items: [c] });
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: typeof spans = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.items.push(...s.items);
    } else merged.push({ ...s, items: [...s.items] });
  }
  for (const s of merged) {
    if (s.items.length === 1) {
      out.push(s.items[0]);
      continue;
    }
    const phrase = text.slice(s.start, s.end).replace(/^\^/, '').replace(/\$$/, '');
    const sum = (f: (c: Contribution) => number) => s.items.reduce((acc, c) => acc + f(c), 0);
    out.push({ ...s.items[0], feature: `phrase ${JSON.stringify(phrase)} (${s.items.length} n-grams)`, value: sum((c) => c.value), contribution: sum((c) => c.contribution) });
  }
  return out.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}
