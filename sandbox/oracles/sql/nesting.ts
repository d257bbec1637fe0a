// Deep parenthesis nesting is hostile to node-sql-parser: its PEG grammars take seconds on a
// few thousand `(` (and overflow the stack in a small thread), so 4 KB of parentheses would
// hold the oracle past its bound with no verdict. Beyond MAX_NESTING levels the statement is
// judged from the lexer's parenthesis positions instead, in linear time, and the verdict says
// so: unbalanced parentheses are a syntax error in every dialect (nothing runs); a pair that
// only wraps another pair is dropped (`((x))` reads as `(x)`), and what is left is parsed as
// usual when it is shallow enough. Nesting that stays deep after that is not parsed at all.
import { lex, type Dialect, type Lexed } from './lexer';

/** Deepest nesting node-sql-parser is given; the shared attack lists reach 10. */
export const MAX_NESTING = 32;

export type Nesting =
  /** `sql` to parse (the input, or with redundant pairs dropped), `note` for the verdict when it changed. */
  | { kind: 'parse'; sql: string; lexed: Extract<Lexed, { ok: true }>; note?: string }
  /** Every server rejects it; the reason says what was counted. */
  | { kind: 'rejected'; reason: string }
  /** Too deep to parse even after dropping redundant pairs. */
  | { kind: 'unparsed'; reason: string };

/** A `(` right after a name or keyword opens a call or an argument list (`f((a, b))` is not `f(a, b)`): its content stays. */
const OPENS_CALL = /[\w$\]`"]\s*$/;

/**
 * Checks the nesting of `sql` (already lexed as `lexed` for dialect `d`). Linear in its length.
 * Returns what the dialect oracle should parse, or why it need not (or cannot).
 */
export function guardNesting(sql: string, lexed: Extract<Lexed, { ok: true }>, d: Dialect): Nesting {
  if (lexed.depth <= MAX_NESTING) return { kind: 'parse', sql, lexed };
  const limit = `beyond the oracle's parse limit of ${MAX_NESTING}`;
  if (lexed.versionedParens) return { kind: 'unparsed', reason: `not parsed: parentheses nested ${lexed.depth} deep, some inside versioned comments, ${limit}` };
  const opens = lexed.parens.filter((i) => sql[i] === '(').length;
  const closes = lexed.parens.length - opens;
  let level = 0;
  let early = -1;
  for (const i of lexed.parens) if ((level += sql[i] === '(' ? 1 : -1) < 0 && early < 0) early = i;
  if (opens !== closes || early >= 0) {
    const how = early >= 0 ? `a ")" at ${early} closes nothing` : `${opens} "(" against ${closes} ")"`;
    return { kind: 'rejected', reason: `parentheses do not balance outside strings and comments (${how}): a syntax error on every server, read from the lexer, not parsed (nesting ${lexed.depth} is ${limit})` };
  }
  const dropped = redundantPairs(sql, lexed.parens);
  let out = '';
  for (let i = 0; i < sql.length; i++) if (!dropped.has(i)) out += sql[i];
  const again = lex(out, d);
  if (!again.ok || again.depth > MAX_NESTING) {
    return { kind: 'unparsed', reason: `not parsed: parentheses nested ${lexed.depth} deep (${again.ok ? again.depth : '?'} after dropping pairs that only wrap another pair), ${limit}` };
  }
  return { kind: 'parse', sql: out, lexed: again, note: `${dropped.size / 2} redundant parenthesis pair(s) dropped before parsing, ((x)) reads as (x): nesting ${lexed.depth} → ${again.depth}` };
}

/** Offsets of the pairs whose enclosing pair holds nothing else (only whitespace around them), unless that one opens a call. */
function redundantPairs(sql: string, parens: number[]): Set<number> {
  const match = new Map<number, number>();
  const stack: number[] = [];
  for (const i of parens) {
    if (sql[i] === '(') stack.push(i);
    else match.set(stack.pop()!, i);
  }
  const drop = new Set<number>();
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (!/\s/.test(sql[i])) return false;
    return true;
  };
  for (const [open, close] of match) {
    // The pair just inside `open`, if it is the first thing there.
    let inner = open + 1;
    while (inner < close && /\s/.test(sql[inner])) inner++;
    if (!match.has(inner)) continue;
    if (!blank(match.get(inner)! + 1, close)) continue;
    if (OPENS_CALL.test(sql.slice(Math.max(0, open - 64), open))) continue;
    drop.add(inner).add(match.get(inner)!);
  }
  return drop;
}
