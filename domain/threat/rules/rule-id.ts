// Moving a generated rule to another id. The rule store picks the final id inside its insert
// transaction (repo/threat/rules.ts), so a rule generated for id N may be stored as N' when another
// analysis took N first; its text (SecRule header and `id:` action, AWS WAF names) follows.
import { CLASS_SLUG } from './families';
import { RULE_ID_MAX, RULE_ID_MIN } from './secrule';
import type { AttackClass, AwsWafRule } from './types';
import { ATTACK_CLASSES } from './types';

const BLOCK = (RULE_ID_MAX - RULE_ID_MIN + 1) / ATTACK_CLASSES.length;

/**
 * The ids a rule of `attackClass` may take, `preferred` first, then the rest of the class's
 * block in probe order (the same order deriveRuleId probes). Lazy: callers stop at the first free id.
 */
export function* ruleIdCandidates(attackClass: AttackClass, preferred: number): Generator<number> {
  const base = RULE_ID_MIN + ATTACK_CLASSES.indexOf(attackClass) * BLOCK;
  yield preferred;
  const start = preferred >= base && preferred < base + BLOCK ? preferred - base : 0;
  for (let k = 1; k <= BLOCK; k++) {
    const id = base + ((start + k) % BLOCK);
    if (id !== preferred) yield id;
  }
}

/** The SecRule line and its actions, without the provenance comments and the id: equal ⇒ the same rule. */
export function ruleDirective(secRule: string): string {
  return secRule.slice(secRule.indexOf('SecRule ')).replace(/\n {4}"id:\d+,/, '\n    "id:,');
}

export interface RenderedRule {
  id: number;
  attackClass: AttackClass;
  secRule: string;
  awsWaf: AwsWafRule;
}

/** The same rule under `id`: header, `id:` action, AWS WAF set/rule names and priority. */
export function withRuleId<R extends RenderedRule>(rule: R, id: number): R {
  if (rule.id === id) return rule;
  const secRule = rule.secRule
    .replace(/^# Bulwark generated rule \d+:/m, `# Bulwark generated rule ${id}:`)
    .replace(/\n {4}"id:\d+,/, `\n    "id:${id},`);
  const oldName = `bulwark-${CLASS_SLUG[rule.attackClass]}-${rule.id}`;
  const newName = `bulwark-${CLASS_SLUG[rule.attackClass]}-${id}`;
  const renamed = JSON.parse(JSON.stringify(rule.awsWaf).replaceAll(oldName, newName)) as AwsWafRule;
  renamed.rule = { ...renamed.rule, Priority: id - RULE_ID_MIN };
  return { ...rule, id, secRule, awsWaf: renamed };
}
