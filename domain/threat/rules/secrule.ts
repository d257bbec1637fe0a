// Rendering a SecRule: the id scheme, quoting, and the provenance header. Everything here is
// deterministic so the same exploit always yields byte-identical rule text (reviewable diffs,
// idempotent deployment).
import { createHash } from 'node:crypto';
import { CLASS_LABEL, CLASS_SLUG } from './families';
import type { AttackClass, ConfirmedExploit, FamilyPattern, ModsecTransform } from './types';
import { ATTACK_CLASSES } from './types';

/** Reserved for Bulwark-generated rules; CRS and hand-written rules never use it. */
export const RULE_ID_MIN = 9_500_000;
export const RULE_ID_MAX = 9_599_999;
// Each class owns a quarter of the range, so an id alone tells an operator the class.
const BLOCK = (RULE_ID_MAX - RULE_ID_MIN + 1) / ATTACK_CLASSES.length;

export const RULE_TARGETS = 'ARGS|ARGS_NAMES|REQUEST_URI|REQUEST_HEADERS:User-Agent';

/**
 * Id = class block + hash(class, pattern) within the block. Same family+pattern → same id, so
 * re-generating is idempotent; a collision with a different rule already in use probes to the
 * next free id in the block (deterministic given the same set of used ids).
 */
export function deriveRuleId(attackClass: AttackClass, pattern: string, usedIds: ReadonlySet<number> = new Set()): number {
  const base = RULE_ID_MIN + ATTACK_CLASSES.indexOf(attackClass) * BLOCK;
  const h = parseInt(createHash('sha256').update(`${attackClass}\n${pattern}`).digest('hex').slice(0, 12), 16);
  for (let probe = 0; probe < BLOCK; probe++) {
    const id = base + ((h + probe) % BLOCK);
    if (!usedIds.has(id)) return id;
  }
  throw new Error(`rule id block for ${attackClass} is full`);
}

/** Inside "@rx ...": a double quote must be escaped; everything else reaches PCRE verbatim. */
export function escapeOperatorArg(pattern: string): string {
  return pattern.replace(/"/g, '\\"');
}

/** Action values are single-quoted; keep them to a safe alphabet rather than trust escaping. */
export function safeActionText(s: string): string {
  return s.replace(/[^\w .,:/()@+=-]/g, '_');
}

/** Comment lines must stay one line, and a trailing backslash would continue onto the rule. */
function commentLine(s: string): string {
  return `# ${s.replace(/[\r\n]+/g, ' ').replace(/\\+\s*$/, '')}`;
}

export interface RenderInput {
  id: number;
  attackClass: AttackClass;
  pattern: string;
  families: FamilyPattern[];
  literalFallbacks: string[];
  transforms: ModsecTransform[];
  exploit: ConfirmedExploit;
  generatedAt: string;
}

export function renderSecRule(r: RenderInput): string {
  const { exploit } = r;
  const slug = CLASS_SLUG[r.attackClass];
  const familyNames = r.families.map((f) => f.family).join(', ') || 'literal';
  const header = [
    `Bulwark generated rule ${r.id}: ${CLASS_LABEL[r.attackClass]} (${familyNames})`,
    `evidence-ids: ${exploit.evidenceIds.join(', ')}`,
    `model-version: ${exploit.modelVersion}`,
    `confidence: ${exploit.confidence.toFixed(4)}`,
    ...exploit.oracleEvidence.map((e) => `oracle-evidence: ${e}`),
    `triggering-payloads: ${exploit.payloads.length}; literal-fallbacks: ${r.literalFallbacks.length}`,
    `generated-at: ${r.generatedAt}`,
  ].map(commentLine);
  const actions = [
    `id:${r.id}`,
    'phase:2',
    'deny',
    'status:403',
    'log',
    't:none',
    ...r.transforms.map((t) => `t:${t}`),
    `msg:'${safeActionText(`Bulwark: ${CLASS_LABEL[r.attackClass]} (${familyNames})`)}'`,
    `tag:'bulwark/${r.attackClass}'`,
    `tag:'attack-${slug}'`,
    "severity:'CRITICAL'",
    "logdata:'Matched %{MATCHED_VAR_NAME}'",
    `ver:'${safeActionText(`bulwark/${exploit.modelVersion}`)}'`,
  ].join(',');
  return `${header.join('\n')}\nSecRule ${RULE_TARGETS} "@rx ${escapeOperatorArg(r.pattern)}" \\\n    "${actions}"\n`;
}
