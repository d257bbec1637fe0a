// Shapes shared by rule generation and verification. The exploit arrives from the sandbox
// oracles, so it is validated at the boundary: a rule carries its provenance into the WAF and
// a malformed record must not turn into an unattributable rule.
import { z } from 'zod';

export const ATTACK_CLASSES = ['sql_injection', 'xss', 'command_injection', 'path_traversal'] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

export const ConfirmedExploitSchema = z.object({
  attackClass: z.enum(ATTACK_CLASSES),
  /** Payloads the oracle confirmed, as the application saw them (one parameter value each). */
  payloads: z.array(z.string().min(1)).min(1),
  evidenceIds: z.array(z.string().min(1)).min(1),
  modelVersion: z.string().min(1),
  confidence: z.number().min(0).max(1),
  oracleEvidence: z.array(z.string()),
});
export type ConfirmedExploit = z.infer<typeof ConfirmedExploitSchema>;

/** ModSecurity transformation names (the `t:` actions), applied in this order after t:none. */
export type ModsecTransform =
  | 'urlDecodeUni'
  | 'htmlEntityDecode'
  | 'lowercase'
  | 'replaceComments'
  | 'compressWhitespace';

/** One generalised sub-pattern: a named attack family, matched after the transformations. */
export interface FamilyPattern {
  family: string;
  pattern: string;
}

export interface AwsWafRule {
  regexPatternSet: {
    Name: string;
    Scope: 'REGIONAL' | 'CLOUDFRONT';
    Description: string;
    RegularExpressionList: { RegexString: string }[];
  };
  rule: Record<string, unknown>;
}

export interface GeneratedRule {
  id: number;
  attackClass: AttackClass;
  /** The families the triggering payloads exhibited, each an RE2-safe pattern. */
  families: FamilyPattern[];
  /** Payloads no family covered, kept as escaped literals so the rule still blocks them. */
  literalFallbacks: string[];
  /** The single `@rx` pattern: the families as one alternation. */
  pattern: string;
  transforms: ModsecTransform[];
  /** Provenance comments followed by the SecRule line, ready for a .conf file. */
  secRule: string;
  awsWaf: AwsWafRule;
}
