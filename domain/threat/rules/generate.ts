// Confirmed exploit → ModSecurity SecRule + AWS WAF v2 rule. Pure: no clock, no I/O (the
// timestamp is a parameter). Generalisation: each triggering payload is transformed the way
// the engine will transform it, then mapped onto the attack families it exhibits; the rule
// matches those families, so sibling spellings of the same attack are blocked too. Only a
// payload no family explains is kept as an escaped literal, and that is reported.
import { renderAwsWaf, AWS_REGEX_MAX_CHARS } from './aws-waf';
import { CLASS_LABEL, CLASS_TRANSFORMS, FAMILIES } from './families';
import { assertRe2Safe, compileRe2 } from './re2-safety';
import { deriveRuleId, renderSecRule } from './secrule';
import { applyTransforms } from './transforms';
import type { AttackClass, ConfirmedExploit, FamilyPattern, GeneratedRule } from './types';
import { ConfirmedExploitSchema } from './types';

export interface GenerateOptions {
  /** ISO timestamp written into the provenance header. */
  generatedAt: string;
  /** Ids already taken in the active rule set; a hash collision probes past them. */
  usedIds?: ReadonlySet<number>;
}

export class RuleGenerationError extends Error {}

/** Escape for RE2 and PCRE alike; control and non-ASCII bytes as \xHH so the rule stays ASCII. */
export function escapeRegexLiteral(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (/[\\^$.|?*+()[\]{}\/"'#-]/.test(ch)) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code > 0x7e) out += code <= 0xff ? `\\x${code.toString(16)}` : `\\x{${code.toString(16)}}`;
    else out += ch;
  }
  return out;
}

/** The longest prefix of the transformed payload whose escaped form fits the AWS limit. */
function literalFor(transformed: string): string {
  let lit = '';
  for (const ch of transformed) {
    const next = lit + escapeRegexLiteral(ch);
    if (next.length > AWS_REGEX_MAX_CHARS) break;
    lit = next;
  }
  return lit;
}

/** Which families each payload exhibits, after the class's transformations. */
export function classifyPayloads(attackClass: AttackClass, payloads: readonly string[]) {
  const transforms = CLASS_TRANSFORMS[attackClass];
  const families = FAMILIES[attackClass];
  return payloads.map((payload) => {
    const transformed = applyTransforms(payload, transforms);
    const matched = families.filter((f) => compileRe2(f.pattern).matcher(transformed).find()).map((f) => f.family);
    return { payload, transformed, families: matched };
  });
}

/** Builds the rule from already-chosen patterns; rejects anything that is not RE2-safe. */
export function buildRule(
  exploit: ConfirmedExploit,
  families: FamilyPattern[],
  literalFallbacks: string[],
  opts: GenerateOptions,
): GeneratedRule {
  const all = [...families.map((f) => f.pattern), ...literalFallbacks];
  if (all.length === 0) throw new RuleGenerationError('no pattern to build a rule from');
  for (const p of all) assertRe2Safe(p);
  const pattern = all.length === 1 ? all[0] : all.map((p) => `(?:${p})`).join('|');
  assertRe2Safe(pattern);
  const { attackClass } = exploit;
  const transforms = CLASS_TRANSFORMS[attackClass];
  const id = deriveRuleId(attackClass, pattern, opts.usedIds);
  const secRule = renderSecRule({ id, attackClass, pattern, families, literalFallbacks, transforms, exploit, generatedAt: opts.generatedAt });
  const description = `Bulwark ${CLASS_LABEL[attackClass]}; evidence ${exploit.evidenceIds.join(',')}; model ${exploit.modelVersion}; confidence ${exploit.confidence}`;
  const awsWaf = renderAwsWaf(id, attackClass, all, transforms, description.replace(/[^\w\s.,;:/-]/g, '_'));
  return { id, attackClass, families, literalFallbacks, pattern, transforms, secRule, awsWaf };
}

export function generateRule(input: ConfirmedExploit, opts: GenerateOptions): GeneratedRule {
  const exploit = ConfirmedExploitSchema.parse(input);
  const classified = classifyPayloads(exploit.attackClass, exploit.payloads);
  const seen = new Set(classified.flatMap((c) => c.families));
  // Keep the catalogue's order so the same set of families always yields the same pattern.
  const families = FAMILIES[exploit.attackClass].filter((f) => seen.has(f.family)).map((f) => ({ ...f }));
  const literals = [...new Set(classified.filter((c) => c.families.length === 0).map((c) => literalFor(c.transformed)))]
    .filter((l) => l.length > 0);
  if (families.length + literals.length > 10) {
    throw new RuleGenerationError(`too many unexplained payloads (${literals.length}) to fit one rule; generalise the family catalogue`);
  }
  return buildRule(exploit, families, literals, opts);
}
