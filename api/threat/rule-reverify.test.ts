// POST /api/v1/rules/{id}/reverify through app.request(), over a real threat worker (sandbox,
// libmodsecurity, gatekeeper) on the shared Temporal dev server: 202 and the rule back in the
// active set, duplicates joined, and 4xx {code, message} with nothing written otherwise.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureRule, provenanceFor } from '../../repo/threat/rules.test-support';
import { getRule, proposeRule, rejectRule, rollbackRule } from '../../repo/threat/rules';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import type { RuleReverifyFn } from '../../temporal/threat/rule-reverify';
import { attackEvidence } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { connectTestEnv } from '../../test/support/temporal';
import type { ThreatAnalysisResult } from '../../workflows/threat/threat-analysis.defs';
import { createApp } from '../app';
import { jsonReq, TEST_CONFIG } from '../test-support';

const modsec = requires('modsec');
let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
let worker: Worker;
let running: Promise<void>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  env = await connectTestEnv();
  h = await createEvidenceHarness();
  worker = await h.newWorker(env);
  running = worker.run();
  app = createApp({ db: h.db.db, temporal: env.client, config: TEST_CONFIG, objects: h.objects, queues: h.queues });
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await h?.close();
  await env?.teardown();
});

const reverify = (id: number | string, body: unknown = { actor: 'carol', reason: 'CHG-9: verifier installed' }) =>
  app.request(`/api/v1/rules/${id}/reverify`, jsonReq('POST', body));

modsec.describe('POST /api/v1/rules/{id}/reverify', () => {
  it('puts a rolled-back rule back through ModSecurity and the gatekeeper; a twin request joins the same run', async () => {
    const ev = attackEvidence();
    await h.submit(ev);
    await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
    const analysis = await env.client.workflow.getHandle<() => Promise<ThreatAnalysisResult>>(threatAnalysisId(ev.id)).result();
    const ruleId = analysis.rules[0].ruleId!;

    const active = await reverify(ruleId);
    expect(active.status).toBe(409);
    expect(await active.json()).toMatchObject({ code: 'rule_state_conflict', message: expect.stringMatching(/is applied; only a rejected or rolled-back rule/) });

    await rollbackRule(h.db.db, ruleId, 'alice', 'maintenance window');
    const [a, b] = await Promise.all([reverify(ruleId), reverify(ruleId)]);
    expect(a.status).toBe(202);
    const started = (await a.json()) as { workflowId: string; runId: string };
    expect(await b.json()).toMatchObject({ workflowId: started.workflowId, runId: started.runId });
    expect(started).toMatchObject({ ruleId, previousStatus: 'rolled_back', follow: `/api/v1/rules/${ruleId}` });
    expect(started.workflowId).toMatch(new RegExp(`^rule-reverify:${ruleId}:\\d+$`));

    const result = await env.client.workflow.getHandle<RuleReverifyFn>(started.workflowId).result();
    expect(result).toMatchObject({ outcome: 'auto_applied', ruleStatus: 'applied', modsec: { verified: true } });
    const got = (await (await app.request(`/api/v1/rules/${ruleId}`)).json()) as { rule: { status: string }; events: { type: string; actor: string }[] };
    expect(got.rule.status).toBe('applied');
    expect(got.events.slice(-2).map((e) => [e.type, e.actor])).toEqual([['proposed', 'carol'], ['applied', 'system']]);
    expect(await (await app.request('/api/v1/rules/modsecurity.conf')).text()).toContain(`id:${ruleId},`);
  }, 120_000);

  it('answers 404, 400 and 409 rule_not_reverifiable with {code, message} and writes nothing', async () => {
    const missing = await reverify(9_599_998);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'rule_not_found' });

    // A rule stored before payloads were kept with rules: nothing to replay.
    const old = fixtureRule('path_traversal');
    await proposeRule(h.db.db, old, provenanceFor('path_traversal'));
    await rejectRule(h.db.db, old.id, 'alice', 'verifier was missing');
    const before = await getRule(h.db.db, old.id);
    const res = await reverify(old.id);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'rule_not_reverifiable', message: expect.stringMatching(/reanalyze/) });

    for (const body of [{}, { actor: 'system' }, { actor: 'carol', reason: ' ' }, { actor: 'carol', requester: 'x' }]) {
      const bad = await reverify(old.id, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'invalid_request' });
    }
    expect(await getRule(h.db.db, old.id)).toEqual(before);
  });
});
