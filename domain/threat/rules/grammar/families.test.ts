// A family rule covers its family: the rule generated from one seed payload blocks every
// variant the family's grammar generates, in JS verification and on real libmodsecurity, with
// the benign corpus under the false-positive bound.
import { describe, expect, it } from 'vitest';
import { runModsec, type ModsecRequest } from '../../../../runtime/modsec';
import { requires } from '../../../../test/support/requires';
import { loadAllBenign } from '../corpus.test-support';
import { generateRule } from '../generate';
import { GENERATED_AT } from '../fixtures';
import { toWire } from '../variants';
import { MAX_FP_RATE, ruleMatchesValue } from '../verify';
import { FAMILY_CORPORA } from './families';

const ruleFor = (c: (typeof FAMILY_CORPORA)[number]) =>
  generateRule({ attackClass: c.attackClass, payloads: [c.seed], evidenceIds: ['ev-family'], modelVersion: 'test', confidence: 0.99, oracleEvidence: [] }, { generatedAt: GENERATED_AT });

describe('family variant corpora come from the grammar', () => {
  it('are generated, not listed: hundreds of variants per family, the issue example among them', () => {
    const taut = FAMILY_CORPORA.find((c) => c.family === 'tautology')!;
    expect(taut.variants.length).toBeGreaterThan(500);
    expect(taut.variants).toEqual(expect.arrayContaining(["') OR ('1'='1", "' or true", "' or 1 in (1)", "' or 2 between 1 and 3", "' or not false"]));
    expect(FAMILY_CORPORA.find((c) => c.family === 'dotdot_sequence')!.variants).toEqual(expect.arrayContaining(['..;/..;/..;/etc/passwd', '..%5c..%5c..%5cwindows/win.ini']));
  });
});

describe.each(FAMILY_CORPORA.map((c) => [c.family, c] as const))('family %s', (_family, c) => {
  const rule = ruleFor(c);
  it(`the rule generated from ${JSON.stringify(c.seed)} matches every variant of its family`, () => {
    expect(c.variants.filter((v) => !ruleMatchesValue(rule, v))).toEqual([]);
  });
  it('keeps the benign corpus under the false-positive bound', () => {
    const { all } = loadAllBenign();
    const fp = all.filter((b) => ruleMatchesValue(rule, b));
    expect(fp.length / all.length).toBeLessThan(MAX_FP_RATE);
  });
});

const modsec = requires('modsec');
modsec.describe('family rules on real libmodsecurity', () => {
  it.each(FAMILY_CORPORA.map((c) => [c.family, c] as const))('%s: every grammar variant is denied by the rule generated from the seed', async (_f, c) => {
    const rule = ruleFor(c);
    const requests: ModsecRequest[] = c.variants.map((v) => ({ uri: `/search?q=${toWire(v)}` }));
    const out = await runModsec(rule.secRule, requests, { harness: modsec.path });
    const passed = out.flatMap((o, i) => (o.verdict === 'deny' && o.ruleId === rule.id ? [] : [c.variants[i]]));
    expect(passed).toEqual([]);
  }, 120_000);
});
