// The quality targets from issue 3, on the holdout split of the public data plus our benign
// corpus. Needs ../shared/data/payloads (not in the repo): without it the suite fails in CI
// and is skipped, with the reason, elsewhere.
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { requires } from '../../../test/support/requires';
import { loadCorpus } from './corpus';
import { ATTACK_LABELS } from './model';
import { defaultModel } from './model-io';
import { evaluateSamples } from './pipeline';

const repo = resolve(import.meta.dirname, '../../..');
const shared = requires('sharedData');

shared.describe('payload classifier quality on the holdout', () => {
  it('meets the detection, false-positive and macro-F1 targets', () => {
    const { samples } = loadCorpus(shared.path, resolve(repo, 'data/benign'));
    const report = evaluateSamples(defaultModel(), samples.filter((s) => s.split === 'holdout'));
    for (const label of ATTACK_LABELS) expect(report.perClass[label].recall, label).toBeGreaterThanOrEqual(0.99);
    expect(report.benignFprByGroup.params.rate).toBeLessThanOrEqual(0.001);
    expect(report.benignFprByGroup.prose.rate).toBeLessThanOrEqual(0.01);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.97);
  });
});
