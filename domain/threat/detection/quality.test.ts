// The quality targets from issue 3, on the holdout split of the public data plus our benign
// corpus. Needs ../shared/data/payloads (not in the repo): skipped only when it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus';
import { ATTACK_LABELS } from './model';
import { defaultModel } from './model-io';
import { evaluateSamples } from './pipeline';

const repo = resolve(import.meta.dirname, '../..');
const dataDir = resolve(repo, '../shared/data/payloads');

describe.skipIf(!existsSync(dataDir))('payload classifier quality on the holdout', () => {
  it('meets the detection, false-positive and macro-F1 targets', () => {
    const { samples } = loadCorpus(dataDir, resolve(repo, 'data/benign'));
    const report = evaluateSamples(defaultModel(), samples.filter((s) => s.split === 'holdout'));
    for (const label of ATTACK_LABELS) expect(report.perClass[label].recall, label).toBeGreaterThanOrEqual(0.99);
    expect(report.benignFprByGroup.params.rate).toBeLessThanOrEqual(0.001);
    expect(report.benignFprByGroup.prose.rate).toBeLessThanOrEqual(0.01);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.97);
  });
});
