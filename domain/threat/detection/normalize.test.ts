import { describe, expect, it } from 'vitest';
import { MAX_DECODE_ROUNDS, normalize } from './normalize';

describe('normalize', () => {
  it.each([
    ['double URL encoding', '1%2527%2520OR%25201%253D1', "1' or 1=1"],
    ['HTML entities, named and numeric', '&lt;img src=x onerror=alert&#40;1&#x29;&gt;', '<img src=x onerror=alert(1)>'],
    ['entities without semicolons', '&#60script&#62', '<script>'],
    ['unicode and hex escapes', '\\u003cscript\\x3ealert(1)', '<script>alert(1)'],
    ['IIS %u escapes', '%u002e%u002e%u2215', '../'],
    ['full-width forms', 'ＳＥＬＥＣＴ＊ＦＲＯＭ ｕｓｅｒｓ', 'select*from users'],
    ['SQL comments between keywords', 'UNION/**/SELECT/*!50000password*/FROM', 'union select password from'],
    ['whitespace tricks', "1'%09OR%0a1=1+--%0d", "1' or 1=1 --"],
    ['overlong UTF-8 dots and slashes', '%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc', '../../etc'],
    ['nested percent encoding of percent signs', '%%32%65%%32%65%%32%66', '../'],
  ])('%s', (_name, input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  it('keeps SQL comment markers in the decoded form, where they are evidence', () => {
    const n = normalize("admin'/**/--");
    expect(n.decoded).toBe("admin'/**/--");
    expect(n.text).toBe("admin' --");
  });

  it('counts decoding rounds and stops at the cap', () => {
    expect(normalize('plain').rounds).toBe(0);
    expect(normalize('%2527').rounds).toBe(2);
    let deep = '<';
    for (let i = 0; i < 10; i++) deep = encodeURIComponent(deep);
    expect(normalize(deep).rounds).toBe(MAX_DECODE_ROUNDS);
  });

  it('leaves ordinary text alone apart from case', () => {
    expect(normalize("O'Brien").text).toBe("o'brien");
    expect(normalize('C:\\Program Files\\app').text).toBe('c:\\program files\\app');
    expect(normalize('100% sure & 50% off').text).toBe('100% sure & 50% off');
  });
});
