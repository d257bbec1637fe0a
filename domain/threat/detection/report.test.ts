import { describe, expect, it } from 'vitest';
import { defaultAnomalyModel } from './anomaly';
import { createInferenceEngine } from './engine';
import { attackEvidence } from './fixtures';
import { defaultModel } from './model-io';
import { esc, renderHtmlReport } from './report';

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
});
