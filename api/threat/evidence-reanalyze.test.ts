// POST /api/v1/evidence/{id}/reanalyze through app.request() against real analyses on the shared
// Temporal dev server: a new run under the same workflow id once the previous one closed, 409
// while one runs, 404 for unknown evidence.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { withThreatApi } from '../../test/support/suites';
import { threatStatusQuery, type ThreatAnalysisResult } from '../../workflows/threat/threat-analysis.defs';
import { createApp } from '../app';
import { jsonReq } from '../test-support';

const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
let app: ReturnType<typeof createApp>;
withThreatApi((ctx) => ({ env, h, app } = ctx));

const reanalyze = (id: string) => app.request(`/api/v1/evidence/${id}/reanalyze`, { method: 'POST' });

modsec.describe('POST /api/v1/evidence/{id}/reanalyze', () => {
  it('404 for unknown evidence', async () => {
    const res = await reanalyze('no-such-evidence');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'evidence_not_found' });
  });

  it('409 analysis_running while the analysis runs; once closed, a new run of the same workflow id', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    await h.submit(ev);
    await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
    const first = env.client.workflow.getHandle(threatAnalysisId(ev.id));
    await expect.poll(async () => (await first.query(threatStatusQuery)).stage, { timeout: 30_000 }).toBe('review');
    const running = await reanalyze(ev.id);
    expect(running.status).toBe(409);
    expect(await running.json()).toMatchObject({ code: 'analysis_running' });

    expect((await app.request(`/api/v1/evidence/${ev.id}/cancel`, jsonReq('POST', {}))).status).toBe(202);
    const firstRunId = (await first.describe()).runId;
    await first.result().catch(() => undefined);

    const res = await reanalyze(ev.id);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { workflowId: string; runId: string };
    expect(body.workflowId).toBe(threatAnalysisId(ev.id));
    expect(body.runId).not.toBe(firstRunId);
    // The new run analyses again (the test worker polls h.queues; the API started on the default
    // queue, so it is read back here from its own history rather than awaited).
    const second = env.client.workflow.getHandle<() => Promise<ThreatAnalysisResult>>(body.workflowId, body.runId);
    expect((await second.describe()).status.name).toBe('RUNNING');
    await second.terminate('test done');
  });
});
