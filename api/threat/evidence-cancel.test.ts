// POST /api/v1/evidence/{id}/cancel through app.request() against a real threat analysis on
// the shared Temporal dev server (PGlite, real sandbox and gatekeeper): 202 for a running
// analysis, then 200 with the recorded outcome on every repeat; 404 for unknown evidence.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import { evidence } from '../../db/schema';
import { getRule } from '../../repo/threat/rules';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { threatStatusQuery } from '../../workflows/threat/threat-analysis.defs';
import { createApp } from '../app';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { withThreatApi } from '../../test/support/suites';

// The rule stage proves every rule on real libmodsecurity: without the harness these suites skip (CI: fail).
const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
let app: ReturnType<typeof createApp>;
withThreatApi((ctx) => ({ env, h, app } = ctx));

const cancel = (id: string) => app.request(`/api/v1/evidence/${id}/cancel`, { method: 'POST' });

modsec.describe('POST /api/v1/evidence/{id}/cancel', () => {
  it('cancels a running analysis once (202), then answers 200 with the recorded outcome', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    await h.submit(ev);
    await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
    const handle = env.client.workflow.getHandle(threatAnalysisId(ev.id));
    await expect.poll(async () => (await handle.query(threatStatusQuery)).stage, { timeout: 60_000 }).toBe('review');
    const ruleId = (await handle.query(threatStatusQuery)).rules[0].ruleId!;

    const first = await cancel(ev.id);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ evidenceId: ev.id, workflowId: handle.workflowId, workflowStatus: 'RUNNING', cancelRequested: true });
    await expect(handle.result()).rejects.toThrow();

    const again = await cancel(ev.id);
    expect(again.status).toBe(200);
    const body = (await again.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ workflowStatus: 'CANCELLED', cancelRequested: false, status: 'cancelled', outcome: 'cancelled' });
    expect(body.compensations).toEqual([{ step: `withdraw rule ${ruleId} (command_injection)`, status: 'done', reason: `rule ${ruleId} rejected (was proposed)` }]);
    expect((await getRule(h.db.db, ruleId))?.rule.status).toBe('rejected');
    expect((await cancel(ev.id)).status).toBe(200);
  });

  it('answers 200 for a finished analysis without touching it, and for evidence never analysed', async () => {
    const ev = evidenceWithPayload('blue running shoes');
    await h.submit(ev);
    await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
    const handle = env.client.workflow.getHandle(threatAnalysisId(ev.id));
    await handle.result();
    const res = await cancel(ev.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ workflowStatus: 'COMPLETED', cancelRequested: false, outcome: 'analyzed', compensations: [] });

    await h.db.db.insert(evidence).values({ id: 'cancel-never-analysed', sha256: 'x'.repeat(64), objectKey: 'k', size: 1, source: 'test', status: 'received' });
    const never = await cancel('cancel-never-analysed');
    expect(never.status).toBe(200);
    expect(await never.json()).toMatchObject({ workflowStatus: null, cancelRequested: false, status: 'received', outcome: null });
  });

  it('answers 404 {code, message} for unknown evidence', async () => {
    const res = await cancel('no-such-evidence');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'evidence_not_found', message: expect.any(String) });
  });

  it('is documented in the OpenAPI document with its examples', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const op = doc.paths['/api/v1/evidence/{id}/cancel']?.post;
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '202', '400', '404', '502', '503']);
    expect(JSON.stringify(op?.responses['202'])).toContain('"cancelRequested":true');
  });
});
