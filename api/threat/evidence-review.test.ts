// POST /api/v1/evidence/{id}/review through app.request() against a real threat analysis on
// the shared Temporal dev server (PGlite, real sandbox, libmodsecurity and gatekeeper).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import { evidence } from '../../db/schema';
import type { AnalysisExplanation } from '../../domain/threat/story';
import { activeRuleSet } from '../../repo/threat/rules';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { threatStatusQuery } from '../../workflows/threat/threat-analysis.defs';
import { createApp } from '../app';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { jsonReq } from '../test-support';
import { withThreatApi } from '../../test/support/suites';

// The rule stage proves every rule on real libmodsecurity: without the harness these suites skip (CI: fail).
const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
let app: ReturnType<typeof createApp>;
withThreatApi((ctx) => ({ env, h, app } = ctx));

const review = (id: string, body: unknown) => app.request(`/api/v1/evidence/${id}/review`, jsonReq('POST', body));

async function awaitingReview(): Promise<string> {
  const ev = evidenceWithPayload(REVIEW_PAYLOAD);
  await h.submit(ev);
  await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
  const handle = env.client.workflow.getHandle(threatAnalysisId(ev.id));
  await expect.poll(async () => (await handle.query(threatStatusQuery)).stage, { timeout: 30_000 }).toBe('review');
  return ev.id;
}

async function storyOf(id: string): Promise<AnalysisExplanation> {
  const res = await app.request(`/api/v1/evidence/${id}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { story: AnalysisExplanation }).story;
}

modsec.describe('POST /api/v1/evidence/{id}/review', () => {
  it('rejects malformed reviews with 400 before anything reaches the workflow', async () => {
    for (const body of [{ decision: 'approve' }, { reviewer: 'alice', decision: 'maybe' }, { reviewer: 'alice', decision: 'approve', extra: 1 }, { reviewer: ' ', decision: 'reject' }]) {
      const res = await review('anything', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('404 for unknown evidence; 409 for evidence whose analysis is not waiting', async () => {
    expect((await review('no-such-evidence', { reviewer: 'alice', decision: 'approve' })).status).toBe(404);
    await h.db.db.insert(evidence).values({ id: 'never-analysed', sha256: 'x'.repeat(64), objectKey: 'k', size: 1, source: 'test', status: 'received' });
    const res = await review('never-analysed', { reviewer: 'alice', decision: 'approve' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'not_awaiting_review' });
  });

  // Before the approval: a rejected rule never blocks a new proposal of the same rule as a duplicate.
  it("an analyst's rejection: the story's stage is reject, with the decision and who took it", async () => {
    const id = await awaitingReview();
    const res = await review(id, { reviewer: 'carol', decision: 'reject', reason: 'too broad' });
    expect(res.status).toBe(200);
    const [rule] = (await res.json()) as { ruleId: number; outcome: string }[];
    expect(rule.outcome).toBe('review_rejected');
    await env.client.workflow.getHandle(threatAnalysisId(id)).result();
    const story = await storyOf(id);
    expect(story).toMatchObject({ stage: 'reject', outcome: 'analyzed', ruleOutcome: 'review_rejected' });
    expect(story.classes.find((k) => k.rule.ruleId === rule.ruleId)).toMatchObject({
      rule: { outcome: 'review_rejected', why: 'rejected in review by carol: too broad' },
      review: { decision: 'reject', reviewer: 'carol', reason: 'too broad' },
    });
    expect((await activeRuleSet(h.db.db)).rules.map((r) => r.id)).not.toContain(rule.ruleId);
  });

  it('refuses the system and an unknown rule id with 409, then applies an analyst\'s approval', async () => {
    const id = await awaitingReview();
    const system = await review(id, { reviewer: 'system', decision: 'approve' });
    expect(system.status).toBe(409);
    expect(((await system.json()) as { message: string }).message).toMatch(/analyst, not the system/);
    const wrongRule = await review(id, { reviewer: 'alice', decision: 'approve', ruleId: 1 });
    expect(wrongRule.status).toBe(409);
    const ok = await review(id, { reviewer: 'alice', decision: 'approve', reason: 'seen in the incident' });
    expect(ok.status).toBe(200);
    const [rule] = (await ok.json()) as { ruleId: number; outcome: string; review: { reviewer: string } }[];
    expect(rule).toMatchObject({ outcome: 'approved', review: { reviewer: 'alice' } });
    expect((await activeRuleSet(h.db.db)).rules.map((r) => r.id)).toEqual([rule.ruleId]);
    // Decided: a second review is a conflict, not a second application.
    expect((await review(id, { reviewer: 'bob', decision: 'reject' })).status).toBe(409);
    // The evidence's story says what the analyst decided and who, not "review" (the stage it waited in).
    await env.client.workflow.getHandle(threatAnalysisId(id)).result();
    const story = await storyOf(id);
    expect(story).toMatchObject({ stage: 'apply', outcome: 'analyzed', ruleOutcome: 'approved' });
    expect(story.classes.find((k) => k.rule.ruleId === rule.ruleId)).toMatchObject({
      rule: { outcome: 'approved', why: 'approved in review by alice: seen in the incident' },
      review: { decision: 'approve', reviewer: 'alice', reason: 'seen in the incident', at: expect.any(String) },
    });
  });
});
