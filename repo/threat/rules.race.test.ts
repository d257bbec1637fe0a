// Rule id allocation under concurrency: the id is chosen inside proposeRule's transaction,
// under the rule-set lock, so analyses racing for the same id all store their rule (each on
// its own id, the text re-rendered for it) and the same rule raced twice is stored once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRule } from '../../domain/threat/rules/generate';
import { exploitFor, GENERATED_AT } from '../../domain/threat/rules/fixtures';
import { ruleDirective, withRuleId } from '../../domain/threat/rules/rule-id';
import { RULE_ID_MAX, RULE_ID_MIN } from '../../domain/threat/rules/secrule';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { getRule, proposeRule, type RuleProvenance } from './rules';

const RACERS = 24;

/** Distinct rules (distinct literal patterns) of one class, all generated for the same id. */
function rivals(n: number) {
  const first = generateRule({ ...exploitFor('xss'), payloads: ['zz0q"(x)'] }, { generatedAt: GENERATED_AT });
  return Array.from({ length: n }, (_, i) => withRuleId(generateRule({ ...exploitFor('xss'), payloads: [`zz${i}q"(x)`] }, { generatedAt: GENERATED_AT }), first.id));
}

const provenance = (workflowId: string): RuleProvenance => ({ confidence: 0.95, evidenceIds: [workflowId], modelVersion: 'm1', workflowId });

describe.each(TEST_BACKENDS)('rule id allocation under concurrency ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it(`${RACERS} analyses racing for one id each store their rule on a distinct id`, async () => {
    const rules = rivals(RACERS);
    expect(new Set(rules.map((r) => r.id)).size).toBe(1);
    expect(new Set(rules.map((r) => ruleDirective(r.secRule))).size).toBe(RACERS);
    const results = await Promise.all(rules.map((r, i) => proposeRule(t.db, r, provenance(`wf-${i}`))));
    expect(results.every((r) => r.created && !r.duplicate)).toBe(true);
    const ids = results.map((r) => r.rule.id);
    expect(new Set(ids).size).toBe(RACERS);
    expect(ids).toContain(rules[0].id);
    for (const [i, r] of results.entries()) {
      expect(r.rule.id).toBeGreaterThanOrEqual(RULE_ID_MIN);
      expect(r.rule.id).toBeLessThanOrEqual(RULE_ID_MAX);
      // The stored text names the id it was stored under, and is still the rule that was sent.
      expect(r.rule.secRule).toContain(`"id:${r.rule.id},`);
      expect(r.rule.secRule).toMatch(new RegExp(`^# Bulwark generated rule ${r.rule.id}:`));
      expect(ruleDirective(r.rule.secRule)).toBe(ruleDirective(rules[i].secRule));
      expect((r.rule.awsWaf as { rule: { Priority: number } }).rule.Priority).toBe(r.rule.id - RULE_ID_MIN);
      expect((await getRule(t.db, r.rule.id))?.events.map((e) => e.type)).toEqual(['proposed']);
    }
  });

  it('the same rule raced by several analyses is stored once; the others learn it is a duplicate', async () => {
    const rule = rivals(1)[0];
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => proposeRule(t.db, { ...rule, secRule: rule.secRule.replace('generated-at:', `generated-at: run ${i}`) }, provenance(`wf-${i}`))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(7);
    expect(new Set(results.map((r) => r.rule.id))).toEqual(new Set([rule.id]));
    // A retry by the analysis that stored it is not a duplicate: it gets its own row back.
    const owner = results.find((r) => r.created)!.rule.provenance.workflowId as string;
    expect(await proposeRule(t.db, rule, provenance(owner))).toMatchObject({ created: false, duplicate: false, rule: { id: rule.id } });
  });
});
