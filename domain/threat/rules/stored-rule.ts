// Reading back what a stored rule was verified with, so it can be verified again
// (POST /api/v1/rules/{id}/reverify): its pattern and transformations (from the SecRule text
// itself, the one source of truth once stored) and the triggering payloads kept in its provenance.
import type { WafRuleStatus } from '../../../db/schema/rules';
import { ATTACK_CLASSES, type AttackClass, type ModsecTransform } from './types';

/**
 * Statuses a rule may be proposed again from: turned down (gatekeeper, analyst, withdrawal by a
 * compensation) or rolled back. Such a row never blocks a new proposal of the same directive;
 * a proposed, logged or applied one does (it is pending or active).
 */
export const REPROPOSABLE: readonly WafRuleStatus[] = ['rejected', 'rolled_back'];

export function isReproposable(status: WafRuleStatus): boolean {
  return REPROPOSABLE.includes(status);
}

const TRANSFORMS: readonly ModsecTransform[] = ['urlDecodeUni', 'htmlEntityDecode', 'lowercase', 'replaceComments', 'compressWhitespace'];

export interface RuleCore {
  attackClass: AttackClass;
  /** The `@rx` operand, unescaped. */
  pattern: string;
  /** The `t:` actions after t:none, in order. */
  transforms: ModsecTransform[];
}

/**
 * The pattern and transformations of a SecRule rendered by domain/threat/rules/secrule.ts.
 * Returns a reason string instead when the text is not one of ours (hand-edited, truncated).
 */
export function parseRuleCore(attackClass: string, secRule: string): RuleCore | string {
  if (!(ATTACK_CLASSES as readonly string[]).includes(attackClass)) return `unknown attack class "${attackClass}"`;
  // The operand runs to the line's last `" \` (secrule.ts escapes only `"`, so this inverts it).
  const m = /^SecRule \S+ "@rx (.*)" \\\n {4}"([^"]*)"/m.exec(secRule);
  if (!m) return 'the stored SecRule is not in the generated form (no single @rx operator)';
  const transforms: ModsecTransform[] = [];
  for (const action of m[2].split(',')) {
    if (!action.startsWith('t:') || action === 't:none') continue;
    const t = action.slice(2) as ModsecTransform;
    if (!TRANSFORMS.includes(t)) return `unknown transformation "${action}"`;
    transforms.push(t);
  }
  return { attackClass: attackClass as AttackClass, pattern: m[1].replace(/\\"/g, '"'), transforms };
}

/** The triggering payloads stored with the rule (provenance.payloads), or a reason when none were. */
export function storedPayloads(provenance: Record<string, unknown>): string[] | string {
  const p = provenance.payloads;
  if (Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string' && x.length > 0)) return p as string[];
  return 'no triggering payloads are stored with this rule (it predates payload storage); re-analyse its evidence instead (POST /api/v1/evidence/{id}/reanalyze)';
}
