// The rule review window on the time-skipping test server: the default 72 h pass in moments,
// and the rule is left unapplied (still proposed, the expiry audited).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { activeRuleSet, getRule } from '../../repo/threat/rules';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import type { ThreatAnalysisResult } from './threat-analysis';

// The rule stage proves every rule on real libmodsecurity: without the harness these suites skip (CI: fail).
const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await createEvidenceHarness();
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

modsec.describe('threat-analysis review timeout', () => {
  it('leaves the rule unapplied after the default 72 h without a review', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    await h.submit(ev);
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => {
      await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
      const before = Date.now();
      const r = (await env.client.workflow.getHandle(threatAnalysisId(ev.id)).result()) as ThreatAnalysisResult;
      expect(Date.now() - before).toBeLessThan(60_000); // skipped, not waited
      return r;
    });
    expect(result.ruleOutcome).toBe('review_expired');
    expect(result.rules[0].reason).toMatch(/no review within 72h/);
    const stored = await getRule(h.db.db, result.rules[0].ruleId!);
    expect(stored?.rule.status).toBe('proposed');
    expect(stored?.events.map((e) => e.type)).toEqual(['proposed', 'review_expired']);
    expect((await activeRuleSet(h.db.db)).rules).toEqual([]);
  });
});
