// Who did what: requesters, approvers, reviewers, analysts. Shared by both loops (the
// hardening approval and the rule review), the API schemas and the workflow validators, so
// "is this the same person?" has one answer everywhere. Pure: safe in the workflow sandbox.
//
// Why canonicalise: `car\u200Bol` (zero-width space), `ｃａｒｏｌ` (fullwidth) and `Carol`
// render as carol; a self-approval check that compares raw strings lets carol approve her
// own change under any of them.

/** Longest identity, in UTF-16 code units, after canonicalisation. */
export const IDENTITY_MAX_LENGTH = 200;

/**
 * The documented character set, checked on the canonical form: Unicode letters (with their
 * combining marks), decimal digits, and `.` `_` `-` `@` `+`, and single spaces between words.
 */
export const IDENTITY_CHARSET_DESCRIPTION =
  'letters, combining marks and digits (any script), `.`, `_`, `-`, `@`, `+` and single inner spaces; ' +
  `at most ${IDENTITY_MAX_LENGTH} characters. Control characters (including NUL) are refused. ` +
  'Before it is checked, stored or compared the value is NFKC-normalised, invisible and format characters ' +
  '(Unicode Cf and default-ignorable code points, e.g. U+200B, U+200D, U+FEFF, bidi controls) are removed and ' +
  'runs of whitespace become one space; identities are compared case-insensitively.';

const CHARSET = /^[\p{L}\p{M}\p{Nd}._@+-]+(?: [\p{L}\p{M}\p{Nd}._@+-]+)*$/u;
const CONTROL = /\p{Cc}/u;
// Cf covers bidi controls, ZWJ/ZWNJ, U+200B, U+FEFF; default-ignorables add the fillers and
// variation selectors (U+115F, U+3164, U+FE0F, …) that are invisible without being Cf.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Display form: NFKC, invisible characters removed, whitespace collapsed and trimmed. */
export function canonicalIdentity(raw: string): string {
  // NFKC again after removal: dropping a joiner can bring a base and a mark together.
  return raw.normalize('NFKC').replace(INVISIBLE, '').normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Comparison key: the canonical form lower-cased (Unicode), so `Carol` and `carol` match. */
export function identityKey(raw: string): string {
  return canonicalIdentity(raw).toLowerCase().normalize('NFKC');
}

/** True when two identities name the same person under the rules above. */
export function sameIdentity(a: string, b: string): boolean {
  return identityKey(a) === identityKey(b);
}

/** Why `raw` is not an acceptable identity, or undefined when it is. Checks the raw value for controls. */
export function identityProblem(raw: string): string | undefined {
  if (CONTROL.test(raw)) return 'must not contain control characters (e.g. NUL)';
  const canonical = canonicalIdentity(raw);
  if (!canonical) return 'is required';
  if (canonical.length > IDENTITY_MAX_LENGTH) return `must be at most ${IDENTITY_MAX_LENGTH} characters`;
  if (!CHARSET.test(canonical)) return 'may contain only letters, digits, spaces and . _ - @ +';
  return undefined;
}
