// Dataset statistics and quality metrics (the seed's dataset/stats): totals, counts per label
// and split, class balance, labelling confidence, duplicates and leakage between splits.
// Pure: the repository hands in the compact rows.

export interface QualityRow {
  label: string;
  split: 'train' | 'holdout';
  /** SHA-256 of the normalised text (canonical.ts dataKey). */
  dataKey: string;
  confidence: number;
  source: string;
}

export interface DatasetStats {
  total_samples: number;
  by_label: Record<string, number>;
  by_split: Record<'train' | 'holdout', Record<string, number>>;
  false_positive_reports: number;
  quality_metrics: {
    class_balance: {
      /** Share of each label, 0..1. */
      fractions: Record<string, number>;
      /** Largest label count / smallest (1 = balanced; null with fewer than two labels). */
      imbalance_ratio: number | null;
      /** Shannon entropy of the label mix / log(labels present): 1 = perfectly balanced. */
      normalized_entropy: number;
    };
    labelling_confidence: { mean: number; min: number; below_0_7: number };
    duplicates: {
      /** Samples whose normalised text was already seen (count − distinct texts). */
      duplicate_samples: number;
      distinct_texts: number;
      /** Distinct texts carrying more than one label. */
      conflicting_labels: number;
    };
    leakage: {
      /** Distinct texts present in both train and holdout. */
      texts_in_both_splits: number;
      /** Holdout samples whose text also appears in train. */
      holdout_samples_leaked: number;
    };
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function datasetStats(rows: readonly QualityRow[]): DatasetStats {
  const byLabel: Record<string, number> = {};
  const bySplit: DatasetStats['by_split'] = { train: {}, holdout: {} };
  const keys = new Map<string, { labels: Set<string>; train: number; holdout: number }>();
  let confSum = 0;
  let confMin = rows.length ? Infinity : 0;
  let lowConf = 0;
  let fp = 0;
  for (const r of rows) {
    byLabel[r.label] = (byLabel[r.label] ?? 0) + 1;
    bySplit[r.split][r.label] = (bySplit[r.split][r.label] ?? 0) + 1;
    confSum += r.confidence;
    confMin = Math.min(confMin, r.confidence);
    if (r.confidence < 0.7) lowConf++;
    if (r.source.startsWith('false_positive')) fp++;
    const k = keys.get(r.dataKey) ?? { labels: new Set<string>(), train: 0, holdout: 0 };
    k.labels.add(r.label);
    k[r.split]++;
    keys.set(r.dataKey, k);
  }
  const counts = Object.values(byLabel);
  const n = rows.length;
  const entropy = counts.reduce((h, c) => h - (c / n) * Math.log(c / n), 0);
  let both = 0;
  let leaked = 0;
  let conflicting = 0;
  for (const k of keys.values()) {
    if (k.train > 0 && k.holdout > 0) {
      both++;
      leaked += k.holdout;
    }
    if (k.labels.size > 1) conflicting++;
  }
  return {
    total_samples: n,
    by_label: byLabel,
    by_split: bySplit,
    false_positive_reports: fp,
    quality_metrics: {
      class_balance: {
        fractions: Object.fromEntries(Object.entries(byLabel).map(([l, c]) => [l, round(c / n)])),
        imbalance_ratio: counts.length > 1 ? round(Math.max(...counts) / Math.min(...counts)) : null,
        normalized_entropy: counts.length > 1 ? round(entropy / Math.log(counts.length)) : counts.length === 1 ? 0 : 0,
      },
      labelling_confidence: { mean: n ? round(confSum / n) : 0, min: round(confMin), below_0_7: lowConf },
      duplicates: { duplicate_samples: n - keys.size, distinct_texts: keys.size, conflicting_labels: conflicting },
      leakage: { texts_in_both_splits: both, holdout_samples_leaked: leaked },
    },
  };
}
