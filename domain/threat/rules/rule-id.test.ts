import { describe, expect, it } from 'vitest';
import { exploitFor, GENERATED_AT } from './fixtures';
import { generateRule } from './generate';
import { ruleDirective, ruleIdCandidates, withRuleId } from './rule-id';
import { RULE_ID_MAX, RULE_ID_MIN } from './secrule';

describe('rule id allocation helpers', () => {
  const rule = generateRule(exploitFor('xss'), { generatedAt: GENERATED_AT });

  it('candidates start at the preferred id and cover the class block once', () => {
    const ids = [...ruleIdCandidates('xss', rule.id)];
    expect(ids[0]).toBe(rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength((RULE_ID_MAX - RULE_ID_MIN + 1) / 4);
    const block = ids.map((id) => Math.floor((id - RULE_ID_MIN) / ids.length));
    expect(new Set(block)).toEqual(new Set([1])); // xss is the second class block
  });

  it('moves a rule to another id: header, action, AWS WAF names and priority; the directive is unchanged', () => {
    const moved = withRuleId(rule, rule.id + 1);
    expect(moved.secRule).toMatch(new RegExp(`^# Bulwark generated rule ${rule.id + 1}:`));
    expect(moved.secRule).toContain(`"id:${rule.id + 1},`);
    expect(moved.secRule).not.toContain(`id:${rule.id},`);
    expect(JSON.stringify(moved.awsWaf)).not.toContain(`-${rule.id}"`);
    expect((moved.awsWaf.rule as { Priority: number }).Priority).toBe(rule.id + 1 - RULE_ID_MIN);
    expect(ruleDirective(moved.secRule)).toBe(ruleDirective(rule.secRule));
    expect(withRuleId(rule, rule.id)).toBe(rule);
  });
});
