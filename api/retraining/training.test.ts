// The training and model routes through app.request(), with the real Temporal dev server and a
// worker running gatedRetrainingWorkflow on PGlite and a filesystem object store.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanaryActivities } from '../../activities/retraining/canary';
import { addSamples } from '../../repo/datasets/samples';
import { GATED_RETRAINING_ID } from '../../temporal/retraining';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createRetrainingHarness, fixtureSamples, type RetrainingHarness } from '../../test/support/retraining';
import { connectTestEnv, createHarnessWorker } from '../../test/support/temporal';
import { createApp } from '../app';
import { jsonReq, TEST_CONFIG } from '../test-support';

let env: TestWorkflowEnvironment;
let db: TestDb;
let h: RetrainingHarness;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await connectTestEnv();
  db = await createTestPglite();
  h = createRetrainingHarness(db);
  app = createApp({ db: db.db, temporal: env.client, objects: h.objects, config: TEST_CONFIG, queues: { threat: h.taskQueue } });
});
afterAll(async () => {
  h?.close();
  await db?.close();
  await env?.teardown();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(`/api/v1/sentinel${path}`, body === undefined ? { method } : jsonReq(method, body));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('/api/v1/sentinel train and models', () => {
  it('refuses bad input with 400 and unknown models with 404', async () => {
    expect((await call('POST', '/train/payload-classifier', { seed: -1 })).status).toBe(400);
    expect((await call('POST', '/train/payload-classifier', { epochs: 3 })).body.code).toBe('invalid_request');
    expect((await call('POST', '/train/payload-classifier', '{not json')).body.code).toBe('invalid_json');
    expect((await call('POST', '/models/promote', { model_id: 'nope', canary_percent: 10 })).body.code).toBe('model_not_found');
    for (const body of [{ model_id: 'x', canary_percent: 0 }, { model_id: 'x', canary_percent: 101 }, { canary_percent: 10 }, { model_id: '', canary_percent: 10 }]) {
      expect((await call('POST', '/models/promote', body)).status).toBe(400);
    }
  });

  it('the seed calls: train answers training_queued at once, models lists the result, promote re-checks the gates', async () => {
    await addSamples(db.db, fixtureSamples());
    // The seed's curl sends no body at all.
    const res = await app.request('/api/v1/sentinel/train/payload-classifier', { method: 'POST' });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as Record<string, string>;
    expect(queued).toEqual({ status: 'training_queued', workflowId: GATED_RETRAINING_ID, runId: expect.any(String) });
    const worker = await h.newWorker(env);
    // The route starts on the production queue; this test's worker polls its own, so the run
    // is taken over: cancel it and start the same input on the worker's queue.
    await env.client.workflow.getHandle(queued.workflowId, queued.runId).terminate('test: rerun on the test queue');
    const { gatedRetrainingStart } = await import('../../temporal/retraining');
    const result = await worker.runUntil(async () =>
      (await env.client.workflow.start('gatedRetrainingWorkflow', gatedRetrainingStart({ trigger: 'test', requester: 'api', epochs: 3, hashBits: 16 }, { threat: h.taskQueue }, `gated-retraining:api-test-${Date.now()}`))).result(),
    );
    expect(result.outcome).toBe('registered');
    const models = await call('GET', '/models');
    expect(models.body.models).toEqual([expect.objectContaining({ id: result.modelId, status: 'registered', datasetHash: result.contentHash })]);
    const runs = await call('GET', '/train/runs');
    expect(runs.body.runs[0]).toMatchObject({ outcome: 'registered', modelId: result.modelId });

    // A canary: the workflow starts (202) and is followed, held, resumed and aborted through the API.
    const canary = await call('POST', '/models/promote', { model_id: result.modelId, canary_percent: 10, requester: 'alice' });
    expect(canary).toMatchObject({ status: 202, body: { status: 'canary_started', workflowId: `canary-promotion:${result.modelId}`, stages: [10, 100], stage_window: '1h', analysis_interval: '10m' } });
    expect(canary.body.gates.every((g: { passed: boolean }) => g.passed)).toBe(true);
    const canaryWorker = await createHarnessWorker(env, h.taskQueue, { ...h.activities, ...createCanaryActivities({ db: db.db }) });
    await canaryWorker.runUntil(async () => {
      await expect.poll(async () => (await call('GET', `/models/${result.modelId}/promotion`)).body.status?.percent, { timeout: 30_000 }).toBe(10);
      expect((await call('GET', `/models/${result.modelId}/promotion`)).body).toMatchObject({ running: true, status: { phase: 'analysing', stages: [10, 100], stageIndex: 0 } });
      expect((await call('POST', `/models/${result.modelId}/promotion/hold`, { actor: 'bob', reason: 'look first' })).body.status).toMatchObject({ hold: { by: 'bob', reason: 'look first' } });
      expect((await call('POST', `/models/${result.modelId}/promotion/resume`, { actor: 'bob' })).body.status.hold).toBeNull();
      expect((await call('POST', `/models/${result.modelId}/promotion/abort`, { actor: 'bob', extra: 1 })).status).toBe(400);
      expect((await call('POST', `/models/${result.modelId}/promotion/abort`, { actor: 'alice', reason: 'enough' })).body.status.abort).toEqual({ by: 'alice', reason: 'enough' });
      await env.client.workflow.getHandle(`canary-promotion:${result.modelId}`).result();
      expect((await call('GET', `/models/${result.modelId}/promotion`)).body).toMatchObject({ running: false, status: { outcome: 'aborted', percent: 0 } });
    });
    expect((await call('POST', `/models/${result.modelId}/promotion/abort`, { actor: 'alice' })).body.code).toBe('promotion_closed');
    const listed = (await call('GET', '/models')).body.models[0];
    expect(listed).toMatchObject({ status: 'rolled_back' });
    expect(listed.reports.map((r: { kind: string }) => r.kind)).toEqual(['gates', 'abort']);
    const html = await app.request(listed.reports[1].html);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain(`<h1>Abort of ${result.modelId} at 10%</h1>`);
    const md = await app.request(listed.reports[0].markdown);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await md.text()).toContain(`# Gates of ${result.modelId}: passed`);
    expect((await call('GET', `/models/other-model/reports/${listed.reports[0].id}`)).body.code).toBe('report_not_found');
    expect((await call('GET', '/models/no-such-model/promotion')).body.code).toBe('promotion_not_found');

    await db.execute(`update models set status = 'registered' where id = $1`, [result.modelId]);
    const prod = await call('POST', '/models/promote', { model_id: result.modelId, canary_percent: 100 });
    expect(prod.body).toMatchObject({ stage: 'production' });
    expect((await call('GET', '/models')).body.models[0]).toMatchObject({ status: 'production', promotedAt: expect.any(String), canaryPercent: null });
    expect((await call('POST', '/models/promote', { model_id: result.modelId })).body.code).toBe('model_state_conflict');
  }, 120_000);

  it('refuses a promotion whose gates fail now (stricter configured thresholds)', async () => {
    const strict = createApp({ db: db.db, temporal: env.client, objects: h.objects, config: { ...TEST_CONFIG, RETRAIN_MIN_RECALL: 1 } });
    const [m] = ((await (await app.request('/api/v1/sentinel/models')).json()) as { models: { id: string }[] }).models;
    await db.execute(`update models set status = 'registered' where id = $1`, [m.id]);
    const res = await strict.request('/api/v1/sentinel/models/promote', jsonReq('POST', { model_id: m.id, canary_percent: 10 }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'gates_failed', message: expect.stringMatching(/recall 0\.\d+ < 1/) });
  });
});
