// Issue 13's guard: the committed model on the source-held-out evaluation. The benign side is
// committed (data/benign/realworld/eval), so its targets are checked on every run; the attack
// side needs ../shared/data/payloads (skipped with the reason locally, failing under CI=true).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requires } from '../../../../test/support/requires';
import { classify } from '../classifier';
import { isHeldOut, loadCorpus } from '../corpus';
import { ATTACK_LABELS } from '../model';
import { defaultModel } from '../model-io';
import { normalize } from '../normalize';
import { evaluateHeldOut, HELDOUT_TARGETS, ISSUE_SLICES, loadHeldOut } from './heldout';

const benignDir = resolve(import.meta.dirname, '../../../../data/benign');
const heldOut = loadHeldOut(benignDir);
const shared = requires('sharedData');

describe('the source-held-out evaluation', () => {
  it('has every issue kind as a slice, and both groups', () => {
    const sources = new Set(heldOut.map((s) => s.source));
    for (const slice of Object.keys(ISSUE_SLICES)) expect(sources, slice).toContain(slice);
    expect(heldOut.filter((s) => s.group === 'prose').length).toBeGreaterThan(3000);
    expect(heldOut.filter((s) => s.group === 'params').length).toBeGreaterThan(3000);
  });

  it('is never read by training', () => {
    expect(isHeldOut('realworld/eval/prose-deb-git-man.txt')).toBe(true);
    expect(isHeldOut('realworld/train/prose-deb-bash.txt')).toBe(false);
  });

  it('counts per source and group, drops text training holds, and counts an attack of another class as detected', () => {
    const r = evaluateHeldOut(
      defaultModel(),
      [{ payload: 'Hello world, how are you?', source: 'prose-x', group: 'prose' }, { payload: 'Berlin', source: 'params-y', group: 'params' }],
      [{ payload: '<script>alert(1)</script>', label: 'xss' }],
      new Set([normalize('Berlin').text]),
    );
    expect(r.leaked).toBe(1);
    expect(r.benignBySource['prose-x']).toMatchObject({ total: 1, flagged: 0 });
    expect(r.benignBySource['params-y']).toBeUndefined();
    expect(r.detection.xss).toMatchObject({ total: 1, flagged: 1, rate: 1 });
    expect(r.classRecall.xss).toBe(1);
  });

  it("classifies the issue's examples, and the bare /, as benign", () => {
    const examples = [
      'try `sudo systemctl restart nginx`, then paste `journalctl -xe`',
      '(siteName:"TEST")',
      'title:"x" -draft',
      'price:[10 TO 20]',
      '"OAK SHELF" AND 3/4" PLYWOOD',
      'ASCII (Augertek)',
      'https://example.com/app#{"view":"list","filters":{"q":"shoes"}}',
      '/',
    ];
    for (const e of examples) expect(classify(defaultModel(), e).label, e).toBe('benign');
  });

  it('meets the benign targets: ≤ 0.1 % on parameter-like values, ≤ 0.5 % on prose', () => {
    const r = evaluateHeldOut(defaultModel(), heldOut, []);
    expect(r.benignByGroup.params.rate, JSON.stringify(r.benignByGroup.params.examples)).toBeLessThanOrEqual(HELDOUT_TARGETS.paramsFpr);
    expect(r.benignByGroup.prose.rate, JSON.stringify(r.benignByGroup.prose.examples)).toBeLessThanOrEqual(HELDOUT_TARGETS.proseFpr);
  });
});

shared.describe('the source-held-out evaluation with the attack lists', () => {
  it('detects ≥ 99.5 % of every attack class and no held-out text is in training', () => {
    const { samples } = loadCorpus(shared.path, benignDir);
    const training = new Set(samples.filter((s) => s.split === 'train').map((s) => normalize(s.payload).text));
    const attacks = samples.filter((s) => s.split === 'holdout' && s.label !== 'benign');
    const r = evaluateHeldOut(defaultModel(), heldOut, attacks, training);
    expect(r.leaked).toBe(0);
    for (const label of ATTACK_LABELS) {
      expect(r.detection[label].rate, `${label}: ${JSON.stringify(r.detection[label].examples)}`).toBeGreaterThanOrEqual(HELDOUT_TARGETS.detection);
      expect(r.classRecall[label], label).toBeGreaterThanOrEqual(0.99);
    }
  });
});
