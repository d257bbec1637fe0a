import { describe, expect, it } from 'vitest';
import { checkGates } from '../datasets/gates';
import { analyzeCanary, DEFAULT_CANARY_THRESHOLDS, type ModelWindowStats } from './canary-analysis';
import { renderHtml, renderMarkdown } from './report';
import { canaryReport, gateReport } from './report-content';

const metrics = { precision: 0.9, recall: 0.71, f1: 0.79, fpr: 0.02, attacks: 40, benign: 10 };
const stats = (over: Partial<ModelWindowStats> = {}): ModelWindowStats => ({ requests: 200, agreementRate: 0.99, latencyP50Ms: 4, latencyP95Ms: 10, falsePositiveReports: 0, verdictMix: { benign: 190, xss: 10 }, ...over });

describe('gate report', () => {
  const decision = checkGates(metrics, { minPrecision: 0.85, minRecall: 0.8, maxFpr: 0.05, minF1: 0.82 }, { candidate: 0, production: 0, total: 3 }, { candidate: 1, production: 2, total: 5 });
  const report = gateReport({ modelId: 'pc-v3-abc', at: '2026-01-01T00:00:00.000Z', workflowId: 'gated-retraining:payload-classifier', datasetVersion: 3, productionModel: 'committed', ...decision, candidate: metrics, production: { ...metrics, recall: 0.85 } });

  it('names each failed gate with its value and limit in Markdown', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('# Gates of pc-v3-abc: failed');
    expect(md).toContain('**Decision:** gates_failed');
    expect(md).toContain('- recall 0.71 < 0.8');
    expect(md).toContain('- f1 0.79 < 0.82');
    expect(md).toContain('| recall | 0.71 | ≥ 0.8 | no |');
    expect(md).toContain('| precision | 0.9 | ≥ 0.85 | yes |');
    expect(md).toContain('| recall | 0.71 | 0.85 |');
  });

  it('renders the same content as an HTML document', () => {
    const html = renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<li>recall 0.71 &lt; 0.8</li>');
    expect(html).toContain('<tr><td>recall</td><td>0.71</td><td>≥ 0.8</td><td>no</td></tr>');
  });
});

describe('canary report', () => {
  const failed = analyzeCanary({ candidate: stats({ agreementRate: 0.8 }), production: stats() }, DEFAULT_CANARY_THRESHOLDS, 0, 60_000);
  const report = canaryReport({
    kind: 'rollback', modelId: 'pc-v4-<x>', at: '2026-01-01T01:00:00.000Z', workflowId: 'canary-promotion:pc-v4-x', productionModelId: 'pc-v3-abc', percent: 10,
    decision: 'rolled_back', reasons: ['2 failed analyses reached the failure limit 2'], analyses: [failed, failed],
    compensations: [{ step: 'serve pc-v4-x', status: 'failed', reason: 'db down' }],
  });

  it('shows the analyses, the last checks, live stats and each compensation', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('# Rollback of pc-v4-<x> at 10%');
    expect(md).toContain('| 2 | 1970-01-01T00:00:00.000Z | 1970-01-01T00:01:00.000Z | failed | 200 | 200 | agreement 0.8 < 0.95 |');
    expect(md).toContain('| agreement | 0.8 | 0.99 | 0.95 | no |');
    expect(md).toContain('| candidate | 200 | 0.8 | 4 | 10 | 0 | benign 190, xss 10 |');
    expect(md).toContain('| serve pc-v4-x | failed | db down |');
  });

  it('escapes every value in HTML', () => {
    const html = renderHtml(report);
    expect(html).toContain('<title>Rollback of pc-v4-&lt;x&gt; at 10%</title>');
    expect(html).not.toContain('<x>');
  });
});
