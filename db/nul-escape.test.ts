import { describe, expect, it } from 'vitest';
import { escapeNul, escapeNulDeep, unescapeNul, unescapeNulDeep } from './nul-escape';

const NUL = '\u0000';
const MARK = '\u2400';

describe('NUL escape for Postgres text/jsonb', () => {
  it.each([
    ['plain', 'no special characters'],
    ['one NUL', `../etc/passwd${NUL}.png`],
    ['only NULs', NUL.repeat(3)],
    ['a literal ␀', `a${MARK}b`],
    ['␀ then NUL', `${MARK}${NUL}`],
    ['NUL then ␀', `${NUL}${MARK}`],
    ['␀0 written by hand', `${MARK}0`],
    ['mixed', `${MARK}${MARK}${NUL}0${NUL}${MARK}x`],
  ])('round-trips %s, and the escaped form has no NUL', (_name, s) => {
    const escaped = escapeNul(s);
    expect(escaped).not.toContain(NUL);
    expect(unescapeNul(escaped)).toBe(s);
  });

  it('leaves strings without NUL or ␀ untouched (the common case stores as is)', () => {
    const s = "1' OR '1'='1 \\x00 %00";
    expect(escapeNul(s)).toBe(s);
  });

  it('distinct strings stay distinct once escaped', () => {
    const inputs = [`${MARK}${NUL}`, `${NUL}${MARK}`, `${MARK}0`, NUL, `${MARK}${MARK}`, MARK];
    expect(new Set(inputs.map(escapeNul)).size).toBe(inputs.length);
  });

  it('escapes every string of a JSON value, keys included, and reverses it', () => {
    const value = { [`k${NUL}`]: [`v${NUL}`, 1, null, true, { deep: `${MARK}${NUL}` }], n: 2 };
    const escaped = escapeNulDeep(value);
    expect(JSON.stringify(escaped)).not.toContain('\\u0000');
    expect(unescapeNulDeep(escaped)).toEqual(value);
  });
});
