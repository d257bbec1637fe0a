import { describe, expect, it } from 'vitest';
import { requires } from '../../../test/support/requires';
import { loadAllBenign } from './corpus.test-support';
import { generateRule } from './generate';
import { exploitFor, GENERATED_AT } from './fixtures';
import { proposeRule } from './propose';
import { applyTransforms, compressWhitespace, htmlEntityDecode, replaceComments, urlDecodeUni } from './transforms';
import { ATTACK_CLASSES } from './types';
import { generateVariants, percentEncodeAll } from './variants';
import { MAX_FP_RATE, verifyRule } from './verify';

const { all: benign, groups } = loadAllBenign();
const opts = { generatedAt: GENERATED_AT };

describe('ModSecurity transformation emulation', () => {
  it('decodes like t:urlDecodeUni, t:htmlEntityDecode, t:replaceComments, t:compressWhitespace', () => {
    expect(urlDecodeUni('%27+OR%u0020%uFF11%zz')).toBe("' OR 1%zz");
    expect(htmlEntityDecode('&lt;a&#x3e;&#39&QUOT;&copy;')).toBe('<a>\'"&copy;');
    expect(replaceComments('union/**/select/*x*/1/* open')).toBe('union select 1 ');
    expect(compressWhitespace('a \t\n\u00a0b')).toBe('a b');
    expect(applyTransforms('%3CScRiPt%3E', ['urlDecodeUni', 'htmlEntityDecode', 'lowercase'])).toBe('<script>');
  });
});

describe('variant generator', () => {
  it('produces case, URL, double-URL, %u, entity and whitespace/comment spellings', () => {
    const kinds = generateVariants("' OR 1=1 --", 'sql_injection').map((v) => v.kind);
    expect(kinds).toEqual(expect.arrayContaining(['plain', 'case', 'url', 'double-url', 'url-unicode', 'html-entity', 'whitespace', 'sql-comment', 'mixed']));
    const dbl = generateVariants('../', 'path_traversal').find((v) => v.kind === 'double-url')!;
    expect(dbl.wire).toBe(percentEncodeAll(percentEncodeAll('../')));
    expect(generateVariants('; id', 'command_injection').some((v) => v.kind === 'newline-separator')).toBe(true);
  });
});

describe('verifyRule', () => {
  it('has a real benign corpus to measure against', () => {
    expect(groups['params.txt']?.length).toBeGreaterThan(1000);
    expect(benign.length).toBeGreaterThan(4000);
  });

  requires('sharedData').it("measures against HttpParamsDataset's benign rows too", () => {
    expect(groups['HttpParamsDataset:norm']?.length).toBeGreaterThan(10_000);
  });

  it.each(ATTACK_CLASSES)('%s: blocks every triggering payload and variant, FP rate < 0.1%%', (c) => {
    const ex = exploitFor(c);
    const rule = generateRule(ex, opts);
    const v = verifyRule(rule, { triggering: ex.payloads, benign });
    expect(v.missed).toEqual([]);
    expect(v.variantsMissed).toEqual([]);
    expect(v.variantsTested).toBeGreaterThanOrEqual(ex.payloads.length * 7);
    expect(v.matchedTriggering).toBe(ex.payloads.length);
    expect(v.fpRate).toBeLessThan(MAX_FP_RATE);
    // per group too: a rule tuned on one corpus must not flood another
    for (const [name, values] of Object.entries(groups)) {
      const g = verifyRule(rule, { triggering: ex.payloads, benign: values });
      expect(g.falsePositives.length, `${c} on ${name}: ${g.falsePositives.slice(0, 3).join(' | ')}`).toBeLessThanOrEqual(Math.floor(values.length * MAX_FP_RATE));
    }
    expect(v.ok).toBe(true);
  });

  it('fails a rule that misses encoded variants (no decoding transformations)', () => {
    const rule = { ...generateRule(exploitFor('xss'), opts), transforms: [] };
    const v = verifyRule(rule, { triggering: exploitFor('xss').payloads, benign });
    expect(v.ok).toBe(false);
    // 'url' still matches: the parser's own decode undoes one level; the second level needs t:urlDecodeUni.
    expect(v.variantsMissed.map((m) => m.kind)).toEqual(expect.arrayContaining(['case', 'double-url', 'html-entity']));
  });

  it('fails a rule that is too broad, and refuses to measure on an empty corpus', () => {
    const base = generateRule(exploitFor('sql_injection'), opts);
    const broad = verifyRule({ ...base, pattern: "'|\\bselect\\b|=" }, { triggering: exploitFor('sql_injection').payloads, benign });
    expect(broad.ok).toBe(false);
    expect(broad.fpRate).toBeGreaterThanOrEqual(MAX_FP_RATE);
    expect(verifyRule(base, { triggering: exploitFor('sql_injection').payloads, benign: [] }).ok).toBe(false);
  });
});

describe('proposeRule', () => {
  it('proposes a verified rule', () => {
    const p = proposeRule(exploitFor('path_traversal'), { ...opts, benign });
    expect(p.proposed).toBe(true);
  });

  it('does not propose a rule whose only pattern floods benign traffic', () => {
    // "select" alone is explained by no family, so it becomes a literal, which prose is full of.
    const p = proposeRule({ ...exploitFor('sql_injection'), payloads: ['select'] }, { ...opts, benign });
    expect(p.proposed).toBe(false);
    if (!p.proposed) expect(p.reason).toMatch(/false-positive rate/);
  });
});
