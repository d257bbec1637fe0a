// The review fixture only works while the shipped model puts it in the gatekeeper's review band;
// this says so directly after a retrain, instead of workflow tests timing out waiting for review.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { classify } from '../../domain/threat/detection/classifier';
import { defaultModel } from '../../domain/threat/detection/model-io';
import { REVIEW_PAYLOAD } from './evidence';

it('REVIEW_PAYLOAD is command injection inside the gatekeeper review band', () => {
  type Data = { bulwark_config: { gatekeeper: { thresholds: { default: { auto_apply: number; human_review: number } } } } };
  const data = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../policies/gatekeeper/data.json'), 'utf8')) as Data;
  const band = data.bulwark_config.gatekeeper.thresholds.default;
  const p = classify(defaultModel(), REVIEW_PAYLOAD);
  expect(p.label).toBe('command_injection');
  expect(p.confidence).toBeGreaterThanOrEqual(band.human_review + 0.02);
  expect(p.confidence).toBeLessThan(band.auto_apply - 0.02);
});
