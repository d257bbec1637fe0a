import { describe, expect, it } from 'vitest';
import { generateRule } from './generate';
import { exploitFor, GENERATED_AT } from './fixtures';
import { escapeOperatorArg } from './secrule';
import { isReproposable, parseRuleCore, storedPayloads } from './stored-rule';
import { ATTACK_CLASSES } from './types';

describe('reading a stored rule back', () => {
  it.each(ATTACK_CLASSES)('parses the pattern and transformations a %s rule was rendered with', (attackClass) => {
    const rule = generateRule(exploitFor(attackClass), { generatedAt: GENERATED_AT });
    expect(parseRuleCore(rule.attackClass, rule.secRule)).toEqual({ attackClass, pattern: rule.pattern, transforms: rule.transforms });
  });

  it('inverts the quote escaping, backslashes before quotes included', () => {
    const rule = generateRule(exploitFor('xss'), { generatedAt: GENERATED_AT });
    const pattern = String.raw`a"b\"c\\`;
    const secRule = rule.secRule.replace(`"@rx ${escapeOperatorArg(rule.pattern)}"`, `"@rx ${escapeOperatorArg(pattern)}"`);
    expect(parseRuleCore('xss', secRule)).toMatchObject({ pattern });
  });

  it('names what is wrong with text it did not render', () => {
    expect(parseRuleCore('xss', 'SecRule ARGS "@contains x" "id:1,deny"')).toMatch(/not in the generated form/);
    expect(parseRuleCore('ldap', 'x')).toMatch(/unknown attack class/);
    const rule = generateRule(exploitFor('xss'), { generatedAt: GENERATED_AT });
    expect(parseRuleCore('xss', rule.secRule.replace('t:none', 't:none,t:base64Decode'))).toMatch(/unknown transformation "t:base64Decode"/);
  });

  it('reads stored payloads, and explains their absence', () => {
    expect(storedPayloads({ payloads: ["1' OR '1'='1"] })).toEqual(["1' OR '1'='1"]);
    expect(storedPayloads({ oracleEvidence: [] })).toMatch(/reanalyze/);
    expect(storedPayloads({ payloads: [''] })).toMatch(/no triggering payloads/);
  });

  it('only rejected and rolled-back rules may be proposed again', () => {
    expect(['proposed', 'applied', 'rolled_back', 'rejected', 'logged'].filter((s) => isReproposable(s as never))).toEqual(['rolled_back', 'rejected']);
  });
});
