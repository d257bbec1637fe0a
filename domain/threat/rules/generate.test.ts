import { describe, expect, it } from 'vitest';
import { buildRule, generateRule } from './generate';
import { exploitFor, GENERATED_AT } from './fixtures';
import { checkRe2Safe, UnsafePatternError } from './re2-safety';
import { deriveRuleId, RULE_ID_MAX, RULE_ID_MIN } from './secrule';
import { ATTACK_CLASSES, type AttackClass } from './types';
import { ruleMatchesValue } from './verify';

const opts = { generatedAt: GENERATED_AT };
const rules = ATTACK_CLASSES.map((c) => generateRule(exploitFor(c), opts));

describe('generateRule', () => {
  it('gives every class a distinct id inside the reserved range', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toBeGreaterThanOrEqual(RULE_ID_MIN);
      expect(id).toBeLessThanOrEqual(RULE_ID_MAX);
    }
  });

  it.each(ATTACK_CLASSES)('%s: SecRule with phase 2, deny, transforms, tags, severity and provenance', (c) => {
    const rule = rules.find((r) => r.attackClass === c)!;
    const ex = exploitFor(c);
    const text = rule.secRule;
    expect(text).toMatch(/^SecRule ARGS\|ARGS_NAMES\|REQUEST_URI\|REQUEST_HEADERS:User-Agent "@rx /m);
    expect(text).toContain(`"id:${rule.id},phase:2,deny,status:403,log,t:none,t:urlDecodeUni,t:htmlEntityDecode,t:lowercase`);
    expect(text).toContain(`tag:'bulwark/${c}'`);
    expect(text).toMatch(/tag:'attack-\w+'/);
    expect(text).toContain("severity:'CRITICAL'");
    expect(text).toContain("logdata:'Matched %{MATCHED_VAR_NAME}'");
    expect(text).toContain(`ver:'bulwark/${ex.modelVersion}'`);
    for (const id of ex.evidenceIds) expect(text).toContain(id);
    expect(text).toContain(`# model-version: ${ex.modelVersion}`);
    expect(text).toContain('# confidence: 0.9400');
    expect(text).toContain(`# oracle-evidence: ${ex.oracleEvidence[0]}`);
    expect(text).toContain(`# generated-at: ${GENERATED_AT}`);
    expect(rule.literalFallbacks).toEqual([]);
  });

  it('uses class-appropriate transformations', () => {
    const t = (c: AttackClass) => rules.find((r) => r.attackClass === c)!.transforms;
    expect(t('sql_injection')).toContain('replaceComments');
    expect(t('sql_injection')).toContain('compressWhitespace');
    // a decoded newline separates shell commands; folding it to a space would hide it
    expect(t('command_injection')).not.toContain('compressWhitespace');
  });

  it('every family pattern and the combined pattern are RE2-safe', () => {
    for (const r of rules) {
      expect(checkRe2Safe(r.pattern)).toEqual({ ok: true });
      for (const f of r.families) expect(checkRe2Safe(f.pattern).ok).toBe(true);
    }
  });

  it('rejects lookarounds, backreferences and friends', () => {
    for (const bad of ['(?=admin)', "(?!')x", '(?<=a)b', '(?<!a)b', '(a)\\1', '(?P<q>a)\\k<q>', '(?>ab)', 'a++', '(']) {
      expect(checkRe2Safe(bad).ok, bad).toBe(false);
    }
    expect(checkRe2Safe('\\\\1').ok).toBe(true); // an escaped backslash then "1" is a literal
    expect(() => buildRule(exploitFor('sql_injection'), [{ family: 'lookahead', pattern: "'(?=\\s*or)" }], [], opts)).toThrow(UnsafePatternError);
  });

  it('generalises to the family instead of the literal payload', () => {
    const only = (c: AttackClass, payload: string) => generateRule({ ...exploitFor(c), payloads: [payload] }, opts);
    const sql = only('sql_injection', "' OR '1'='1");
    expect(sql.families.map((f) => f.family)).toEqual(['tautology']);
    for (const sibling of ["' or 'x'='x", "\" OR abc = abc", "'||'a'='a", "x' or userid like 'adm"]) expect(ruleMatchesValue(sql, sibling), sibling).toBe(true);
    const union = only('sql_injection', '1 UNION SELECT 1,2');
    expect(ruleMatchesValue(union, '9 union all select password from users')).toBe(true);
    const xss = only('xss', '<img src=x onerror=alert(1)>');
    for (const sibling of ['<body onload=go()>', '<svg/onload=x>', "' onfocus='x"]) expect(ruleMatchesValue(xss, sibling), sibling).toBe(true);
    const cmd = only('command_injection', '; cat /etc/passwd');
    for (const sibling of ['| id', '&& whoami', '\nuname -a', '`ls`']) expect(ruleMatchesValue(cmd, sibling), sibling).toBe(true);
    const trav = only('path_traversal', '../../../etc/passwd');
    for (const sibling of ['..\\..\\boot.ini', '..%2f..%2fsecret']) expect(ruleMatchesValue(trav, sibling), sibling).toBe(true);
  });

  it('keeps a payload no family explains as an escaped literal, and says so', () => {
    const rule = generateRule({ ...exploitFor('sql_injection'), payloads: ["zz'q\"(x)"] }, opts);
    expect(rule.families).toEqual([]);
    expect(rule.literalFallbacks).toEqual(['zz\\\'q\\"\\(x\\)']);
    expect(ruleMatchesValue(rule, "ZZ'Q\"(x)")).toBe(true);
    expect(rule.secRule).toContain('literal-fallbacks: 1');
    // the double quote is escaped for the SecRule operator string
    expect(rule.secRule).toContain('"@rx zz\\\'q\\\\"\\(x\\)"');
  });

  it('is deterministic and keeps ids stable, probing past ids already in use', () => {
    const again = generateRule(exploitFor('xss'), opts);
    expect(again.secRule).toBe(rules[1].secRule);
    const id = deriveRuleId('xss', again.pattern);
    expect(id).toBe(again.id);
    const probed = generateRule(exploitFor('xss'), { ...opts, usedIds: new Set([id]) });
    expect(probed.id).not.toBe(id);
    expect(probed.id).toBeGreaterThanOrEqual(RULE_ID_MIN);
    expect(probed.id).toBeLessThanOrEqual(RULE_ID_MAX);
  });

  it('validates the exploit record', () => {
    expect(() => generateRule({ ...exploitFor('xss'), confidence: 1.5 }, opts)).toThrow();
    expect(() => generateRule({ ...exploitFor('xss'), evidenceIds: [] }, opts)).toThrow();
  });

  it.each(ATTACK_CLASSES)('%s: emits the equivalent AWS WAF v2 rule', (c) => {
    const { awsWaf, id, families } = rules.find((r) => r.attackClass === c)!;
    const set = awsWaf.regexPatternSet;
    expect(set.RegularExpressionList.map((r) => r.RegexString)).toEqual(families.map((f) => f.pattern));
    for (const r of set.RegularExpressionList) expect(r.RegexString.length).toBeLessThanOrEqual(200);
    const rule = awsWaf.rule as any;
    expect(rule.Action).toEqual({ Block: {} });
    expect(rule.Priority).toBe(id - RULE_ID_MIN);
    expect(rule.VisibilityConfig).toEqual({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: set.Name });
    const stmts = rule.Statement.OrStatement.Statements.map((s: any) => s.RegexPatternSetReferenceStatement);
    expect(stmts.map((s: any) => Object.keys(s.FieldToMatch)[0])).toEqual(['QueryString', 'Body', 'UriPath']);
    const types = stmts[0].TextTransformations.map((t: any) => t.Type);
    expect(types.slice(0, 3)).toEqual(['URL_DECODE', 'HTML_ENTITY_DECODE', 'LOWERCASE']);
    expect(stmts[0].TextTransformations.map((t: any) => t.Priority)).toEqual(types.map((_: string, i: number) => i));
    expect(JSON.parse(JSON.stringify(awsWaf))).toEqual(awsWaf);
  });
});
