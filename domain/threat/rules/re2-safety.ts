// WAF patterns run on every request, so a catastrophic-backtracking pattern is a denial of
// service we would be shipping ourselves. RE2 semantics (linear time) are the contract: the
// pattern must compile under re2js, and we also refuse the constructs some RE2 ports accept
// as extensions (lookbehind in re2js) or that PCRE would interpret differently.
import { RE2JS } from 're2js';

// Lookarounds, atomic groups, backreferences (\1, \k<name>), possessive quantifiers, recursion.
const FORBIDDEN: { re: RegExp; why: string }[] = [
  { re: /\(\?<?[=!]/, why: 'lookaround' },
  { re: /\(\?>/, why: 'atomic group' },
  { re: /\(\?(?:R|\d|&)/, why: 'recursion' },
  { re: /\\(?:[1-9]|k<|k\{|g\d|g\{)/, why: 'backreference' },
  { re: /[*+?}]\+/, why: 'possessive quantifier' },
];

export interface Re2Check {
  ok: boolean;
  reason?: string;
}

/** Strip escaped characters so `\(` or `\\1` inside a class is not mistaken for syntax. */
function withoutEscapes(pattern: string): string {
  return pattern.replace(/\\\\/g, '');
}

export function checkRe2Safe(pattern: string): Re2Check {
  const scan = withoutEscapes(pattern);
  for (const { re, why } of FORBIDDEN) {
    if (re.test(scan)) return { ok: false, reason: `${why} is not RE2-safe: ${pattern}` };
  }
  try {
    RE2JS.compile(pattern);
  } catch (err) {
    return { ok: false, reason: `re2 rejects ${pattern}: ${(err as Error).message}` };
  }
  return { ok: true };
}

export class UnsafePatternError extends Error {}

export function assertRe2Safe(pattern: string): void {
  const check = checkRe2Safe(pattern);
  if (!check.ok) throw new UnsafePatternError(check.reason);
}

const cache = new Map<string, RE2JS>();

/** Compiled with RE2 (the same engine whose safety we promise), memoised per pattern. */
export function compileRe2(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (!re) {
    assertRe2Safe(pattern);
    re = RE2JS.compile(pattern);
    cache.set(pattern, re);
  }
  return re;
}
