// Evaluation metrics: confusion matrix, per-class precision/recall/F1, macro-F1 and the
// benign false-positive rate (benign inputs given any attack label), optionally per group
// ("params" vs "prose" have different targets).
import { K, LABELS, type Label } from './model';

export interface ClassMetrics {
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  total: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<Label, ClassMetrics>;
  /** confusion[actual][predicted] */
  confusion: Record<Label, Record<Label, number>>;
  benignFalsePositiveRate: number;
  /** Benign FPR per benign group, e.g. { params: 0.0004, prose: 0.006 }. */
  benignFprByGroup: Record<string, { total: number; falsePositives: number; rate: number }>;
}

export interface Outcome {
  actual: Label;
  predicted: Label;
  group?: string;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function evaluate(outcomes: readonly Outcome[]): EvalReport {
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const groups: EvalReport['benignFprByGroup'] = {};
  for (const o of outcomes) {
    m[LABELS.indexOf(o.actual)][LABELS.indexOf(o.predicted)]++;
    if (o.actual === 'benign') {
      const g = (groups[o.group ?? 'all'] ??= { total: 0, falsePositives: 0, rate: 0 });
      g.total++;
      if (o.predicted !== 'benign') g.falsePositives++;
    }
  }
  for (const g of Object.values(groups)) g.rate = round(g.total ? g.falsePositives / g.total : 0);
  const perClass = {} as Record<Label, ClassMetrics>;
  const confusion = {} as Record<Label, Record<Label, number>>;
  let correct = 0;
  let f1Sum = 0;
  let present = 0;
  LABELS.forEach((label, a) => {
    const tp = m[a][a];
    const support = m[a].reduce((x, y) => x + y, 0);
    const predicted = m.reduce((x, row) => x + row[a], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { support, precision: round(precision), recall: round(recall), f1: round(f1) };
    confusion[label] = Object.fromEntries(LABELS.map((p, j) => [p, m[a][j]])) as Record<Label, number>;
    correct += tp;
    if (support > 0) {
      f1Sum += f1;
      present++;
    }
  });
  const benignTotal = perClass.benign.support;
  return {
    total: outcomes.length,
    accuracy: round(outcomes.length ? correct / outcomes.length : 0),
    macroF1: round(present ? f1Sum / present : 0),
    perClass,
    confusion,
    benignFalsePositiveRate: round(benignTotal ? (benignTotal - m[0][0]) / benignTotal : 0),
    benignFprByGroup: groups,
  };
}

/** A fixed-width text rendering for the CLI. */
export function formatReport(r: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lines = [`samples ${r.total}  accuracy ${pct(r.accuracy)}  macro-F1 ${r.macroF1.toFixed(4)}`, ''];
  lines.push(`${'class'.padEnd(18)}${'support'.padStart(8)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'F1'.padStart(8)}`);
  for (const l of LABELS) {
    const c = r.perClass[l];
    lines.push(`${l.padEnd(18)}${String(c.support).padStart(8)}${pct(c.precision).padStart(11)}${pct(c.recall).padStart(9)}${c.f1.toFixed(4).padStart(8)}`);
  }
  const short = ['benign', 'sqli', 'xss', 'cmdi', 'path'];
  lines.push('', `confusion (rows = actual, columns = predicted)`);
  lines.push(`${''.padEnd(18)}${short.map((s) => s.padStart(8)).join('')}`);
  for (const a of LABELS) lines.push(`${a.padEnd(18)}${LABELS.map((p) => String(r.confusion[a][p]).padStart(8)).join('')}`);
  lines.push('', `benign false-positive rate ${pct(r.benignFalsePositiveRate)}`);
  for (const [g, v] of Object.entries(r.benignFprByGroup)) {
    if (g !== 'all') lines.push(`  ${g.padEnd(10)} ${pct(v.rate)} (${v.falsePositives}/${v.total})`);
  }
  return lines.join('\n') + '\n';
}
