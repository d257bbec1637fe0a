// Generated rules and their provenance for the rule repo and API tests.
import { generateRule } from '../../domain/threat/rules/generate';
import { exploitFor, GENERATED_AT } from '../../domain/threat/rules/fixtures';
import type { AttackClass, GeneratedRule } from '../../domain/threat/rules/types';
import type { RuleProvenance } from './rules';

export function fixtureRule(attackClass: AttackClass): GeneratedRule {
  return generateRule(exploitFor(attackClass), { generatedAt: GENERATED_AT });
}

export function provenanceFor(attackClass: AttackClass): RuleProvenance {
  const e = exploitFor(attackClass);
  return { confidence: e.confidence, evidenceIds: e.evidenceIds, modelVersion: e.modelVersion, oracleEvidence: e.oracleEvidence };
}

/** The same rule under another id, for tests that need more rules than there are classes. */
export function withId(rule: GeneratedRule, id: number): GeneratedRule {
  return { ...rule, id, secRule: rule.secRule.replaceAll(`${rule.id}`, `${id}`) };
}
