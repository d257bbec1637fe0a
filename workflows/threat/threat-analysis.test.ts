// threatAnalysisWorkflow on the shared Temporal dev server, with PGlite and a real
// filesystem object store.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { attackEvidence, benignEvidence, createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { connectTestEnv } from '../../test/support/temporal';
import { SA } from '../../temporal/ids';
import { threatStatusQuery, type ThreatAnalysisResult } from './threat-analysis';

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;

beforeAll(async () => {
  env = await connectTestEnv();
  h = await createEvidenceHarness();
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

async function analyse(evidenceId: string): Promise<{ result: ThreatAnalysisResult; workflowId: string }> {
  await startThreatAnalysis(env.client, evidenceId, { queues: h.queues });
  const handle = env.client.workflow.getHandle(threatAnalysisId(evidenceId));
  return { result: await handle.result(), workflowId: handle.workflowId };
}

describe('threatAnalysisWorkflow', () => {
  it('analyses attack evidence to a simulate verdict, visible as a search attribute', async () => {
    const ev = attackEvidence();
    await h.submit(ev);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const { result, workflowId } = await analyse(ev.id);
      expect(workflowId).toBe(`threat-analysis:${ev.id}`);
      expect(result).toMatchObject({ outcome: 'analyzed', verdict: 'simulate', stage: 'done', evidenceId: ev.id });
      expect(result.confidence).toBeGreaterThanOrEqual(0.75);
      const handle = env.client.workflow.getHandle(workflowId);
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(SA.verdict)).toBe('simulate');
      expect(desc.typedSearchAttributes.get(SA.kind)).toBe('threat-analysis');
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('analyzed');
      expect(String(desc.memo?.summary)).toMatch(new RegExp(`^${ev.id}: simulate \\(confidence`));
      // The query answers after completion too (from the final state).
      expect((await handle.query(threatStatusQuery)).verdict).toBe('simulate');
      const [v] = await h.db.execute('select verdict, integrity, narrative from verdicts where evidence_id = $1', [ev.id]);
      expect(v).toMatchObject({ verdict: 'simulate', integrity: 'ok' });
      const [e] = await h.db.execute('select status, outcome from evidence where id = $1', [ev.id]);
      expect(e).toMatchObject({ status: 'analyzed', outcome: 'analyzed' });
      expect(String(v.narrative)).toMatch(/SIMULATE/);
    });
  });

  it('analyses ordinary browsing to a benign verdict', async () => {
    const ev = benignEvidence();
    await h.submit(ev);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const { result, workflowId } = await analyse(ev.id);
      expect(result).toMatchObject({ outcome: 'analyzed', verdict: 'benign' });
      expect((await env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SA.verdict)).toBe('benign');
    });
  });

  it('completes with integrity_failed (recorded, not a crash) when the stored object was tampered with', async () => {
    const ev = attackEvidence();
    const { objectKey } = await h.submit(ev);
    await h.objects.put(objectKey, new TextEncoder().encode(JSON.stringify({ ...ev, tags: ['tampered'] })));
    let recordCalls = 0;
    const worker = await h.newWorker(env, {
      async recordVerdict(input) {
        recordCalls += 1;
        return h.activities.recordVerdict(input);
      },
    });
    await worker.runUntil(async () => {
      const { result, workflowId } = await analyse(ev.id);
      expect(result.outcome).toBe('integrity_failed');
      expect(result.verdict).toBeUndefined();
      expect(result.error).toMatch(/integrity check/);
      const desc = await env.client.workflow.getHandle(workflowId).describe();
      expect(desc.status.name).toBe('COMPLETED');
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('integrity_failed');
      expect(desc.typedSearchAttributes.get(SA.verdict)).toBeUndefined();
    });
    expect(recordCalls).toBe(0);
    const [v] = await h.db.execute('select integrity from verdicts where evidence_id = $1', [ev.id]);
    expect(v.integrity).toBe('mismatch');
    const [e] = await h.db.execute('select status, outcome, closed_at from evidence where id = $1', [ev.id]);
    expect(e).toMatchObject({ status: 'integrity_failed', outcome: 'integrity_failed' });
    expect(e.closed_at).not.toBeNull();
  });

  it('starts one workflow for the same evidence submitted twice, before and after it finishes', async () => {
    const ev = attackEvidence();
    await h.submit(ev);
    const id = threatAnalysisId(ev.id);
    // Concurrent twins while nothing is polling: both join the one running workflow.
    await Promise.all([startThreatAnalysis(env.client, ev.id, { queues: h.queues }), startThreatAnalysis(env.client, ev.id, { queues: h.queues })]);
    const handle = env.client.workflow.getHandle(id);
    const runId = (await handle.describe()).runId;
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      expect((await handle.result()).verdict).toBe('simulate');
    });
    // After completion the duplicate is refused quietly: no second run.
    await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
    const after = await handle.describe();
    expect(after.runId).toBe(runId);
    expect(after.status.name).toBe('COMPLETED');
    const runs: string[] = [];
    for await (const wf of env.client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(wf.runId);
    expect(runs).toEqual([runId]);
  });
});
