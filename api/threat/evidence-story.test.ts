// GET /api/v1/evidence/{id} tells the analysis's whole story after the run, read from the
// database (evidence.story, verdicts, waf_rules): through app.request() against real analyses on
// the shared Temporal dev server (PGlite, real sandbox, libmodsecurity and gatekeeper).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import type { AnalysisExplanation } from '../../domain/threat/story';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { attackEvidence, evidenceWithPayload } from '../../test/support/evidence';
import { type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { withThreatApi } from '../../test/support/suites';
import { createApp } from '../app';

const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
let app: ReturnType<typeof createApp>;
withThreatApi((ctx) => ({ env, h, app } = ctx));

type View = { story: AnalysisExplanation; findings: { attackClass: string; verdict: string; preview: string; evidence: string[] }[]; verdict: { verdict: string }; evidence: Record<string, unknown>; workflow: { status: string; live: unknown } };

async function analysed(ev: { id: string }): Promise<View> {
  await h.submit(ev as never);
  await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
  await env.client.workflow.getHandle(threatAnalysisId(ev.id)).result();
  const res = await app.request(`/api/v1/evidence/${ev.id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as View;
}

modsec.describe('GET /api/v1/evidence/{id}: the story after the run', () => {
  it('an applied rule: stage, verdict, confirmation, proposal and the gatekeeper with its reasons', async () => {
    const ev = attackEvidence();
    const view = await analysed(ev);
    expect(view.workflow).toMatchObject({ status: 'COMPLETED', live: null });
    expect(view.verdict.verdict).toBe('simulate');
    expect(view.story).toMatchObject({ stage: 'apply', outcome: 'analyzed', ruleOutcome: 'auto_applied', simulation: { status: 'ok' } });
    const [sqli] = view.story.classes;
    expect(sqli).toMatchObject({ attackClass: 'sql_injection', confirmed: true, rule: { proposed: true, outcome: 'auto_applied' }, gatekeeper: { action: 'auto_apply' } });
    expect(sqli.confirmedWhy).toMatch(/^2 of 2 payload\(s\) confirmed by the sandbox/);
    expect(sqli.rule.why).toMatch(/^gatekeeper auto_apply/);
    expect(sqli.gatekeeper!.reasons.length).toBeGreaterThan(0);
    // The sandbox's finding per payload, beside the story.
    expect(view.findings.filter((f) => f.attackClass === 'sql_injection' && f.verdict === 'exploit_possible')).toHaveLength(2);
    // Read from the database, not the (closed) workflow.
    const [row] = await h.db.execute('select story from evidence where id = $1', [ev.id]);
    expect((row.story as { rules: { ruleId: number }[] }).rules[0].ruleId).toBe(sqli.rule.ruleId);
  });

  it('an exploit the sandbox cannot reproduce while the classifier is sure: unconfirmed, why per stack, the rule waits for an analyst', async () => {
    const ev = { ...evidenceWithPayload("' waitfor delay '0:0:5'--"), target: { service: 'web', stack: { database: 'postgres' as const } } };
    await h.submit(ev as never);
    await startThreatAnalysis(env.client, ev.id, { queues: h.queues, reviewTimeout: '1s' });
    await env.client.workflow.getHandle(threatAnalysisId(ev.id)).result();
    const res = await app.request(`/api/v1/evidence/${ev.id}`);
    const view = (await res.json()) as View;
    expect(view.story).toMatchObject({ outcome: 'analyzed', ruleOutcome: 'review_expired', simulation: { status: 'ok', outcome: 'unconfirmed' } });
    const [sqli] = view.story.classes;
    expect(sqli).toMatchObject({ attackClass: 'sql_injection', confirmed: false, rule: { proposed: true, outcome: 'review_expired' }, gatekeeper: { action: 'human_review' } });
    expect(sqli.confirmedWhy).toMatch(/^unconfirmed: the classifier is confident \([01]\.\d+\) but no oracle confirmed any of \d+ payload\(s\), so any rule waits for an analyst; .*\[postgres\]/);
    expect(sqli.gatekeeper!.reasons[0]).toMatch(/^Review unconfirmed/);
  });
});
