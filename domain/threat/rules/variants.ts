// Known evasion variants of a payload, as they would travel on the wire (query string or
// form body). Verification decodes each one exactly once, like the request parser, and then
// applies the rule's transformations, so a variant is blocked only if the real engine would
// block it. Deterministic: the same payload always yields the same variants.
import type { AttackClass } from './types';

export type VariantKind =
  | 'plain'
  | 'case'
  | 'url'
  | 'double-url'
  | 'url-unicode'
  | 'html-entity'
  | 'whitespace'
  | 'sql-comment'
  | 'newline-separator'
  | 'mixed';

export interface Variant {
  kind: VariantKind;
  /** Percent-encoded as sent; the parser's single decode yields the ARGS value. */
  wire: string;
}

const pctByte = (c: number) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`;

/** Percent-encode every character (UTF-8), not only the reserved ones. */
export function percentEncodeAll(s: string): string {
  return [...Buffer.from(s, 'utf8')].map(pctByte).join('');
}

/** Standard wire form of a value: what a browser would send for it. */
export function toWire(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => pctByte(c.charCodeAt(0)));
}

function alternateCase(s: string): string {
  let upper = false;
  return s.replace(/[a-z]/gi, (c) => ((upper = !upper) ? c.toUpperCase() : c.toLowerCase()));
}

/** Metacharacters that carry the attack; encoding only them is the common evasion. */
const SPECIAL = /[<>"'()\/\\;&|`=.:\s-]/g;

function entityEncodeSpecials(s: string): string {
  return s.replace(SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `&#x${c.charCodeAt(0).toString(16)};`));
}

function unicodeEncodeSpecials(s: string): string {
  return s.replace(SPECIAL, (c) => `%u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function generateVariants(payload: string, attackClass: AttackClass): Variant[] {
  const out: Variant[] = [
    { kind: 'plain', wire: toWire(payload) },
    { kind: 'case', wire: toWire(alternateCase(payload)) },
    { kind: 'url', wire: percentEncodeAll(payload) },
    { kind: 'double-url', wire: percentEncodeAll(percentEncodeAll(payload)) },
    // %uXXXX survives the parser's decode (it only knows %XX) and t:urlDecodeUni undoes it.
    { kind: 'url-unicode', wire: toWire(unicodeEncodeSpecials(payload)) },
    { kind: 'html-entity', wire: toWire(entityEncodeSpecials(payload)) },
  ];
  if (attackClass === 'sql_injection') {
    out.push({ kind: 'whitespace', wire: toWire(payload.replace(/ /g, '\t\n  ')) });
    out.push({ kind: 'sql-comment', wire: toWire(payload.replace(/ /g, '/**/')) });
    out.push({ kind: 'mixed', wire: percentEncodeAll(alternateCase(payload).replace(/ /g, '/*x*/')) });
  } else if (attackClass === 'xss') {
    out.push({ kind: 'whitespace', wire: toWire(payload.replace(/ /g, '\t\n')) });
    out.push({ kind: 'mixed', wire: percentEncodeAll(entityEncodeSpecials(alternateCase(payload))) });
  } else if (attackClass === 'command_injection') {
    out.push({ kind: 'whitespace', wire: toWire(payload.replace(/ /g, '\t')) });
    // A decoded newline separates commands exactly like ';' does.
    out.push({ kind: 'newline-separator', wire: toWire(payload.replace(/;/g, '\n')) });
    out.push({ kind: 'mixed', wire: percentEncodeAll(alternateCase(payload)) });
  } else {
    out.push({ kind: 'mixed', wire: percentEncodeAll(unicodeEncodeSpecials(payload)) });
  }
  const seen = new Set<string>();
  return out.filter((v) => (seen.has(v.wire) ? false : (seen.add(v.wire), true)));
}
