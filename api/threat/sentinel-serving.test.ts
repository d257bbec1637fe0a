// predict-payload and model-server/health with a registry (PGlite, filesystem object store):
// the answer names the model that gave it, health shows both models, the split, the cache and
// the breaker per model, and a false-positive report quoting model_id counts against that model.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCanaryWindow } from '../../repo/models/serving-stats';
import { setServingSplit } from '../../repo/models/serving-split';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createServingFixture, type ServingFixture } from '../../test/support/serving';
import { createApp } from '../app';
import { jsonReq, TEST_CONFIG, throwingTemporal } from '../test-support';

let t: TestDb;
let f: ServingFixture;
let app: ReturnType<typeof createApp>;
type Json = any;
const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
  const res = await app.request(`/api/v1/sentinel${path}`, body === undefined ? { method } : jsonReq(method, body));
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  t = await createTestPglite();
  f = await createServingFixture(t.db);
  await setServingSplit(t.db, { candidateModelId: await f.register('pc-api-prod', 1), canaryPercent: 100 });
  await setServingSplit(t.db, { candidateModelId: await f.register('pc-api-cand', 2), canaryPercent: 40 });
  app = createApp({ db: t.db, temporal: throwingTemporal(), objects: f.objects, config: TEST_CONFIG, metrics: new Registry(), detection: { serving: { refreshMs: 100, flushMs: 0 } } });
});
afterAll(async () => {
  f?.close();
  await t?.close();
});

describe('serving with a canary candidate', () => {
  it('predict-payload names the model that answered; a retry of the payload gets the same model', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const payload = `name=${i}' OR 1=1 --`;
      const a = await call('POST', '/predict-payload', { payload });
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ model_id: expect.stringMatching(/^pc-api-(prod|cand)$/), cached: false });
      expect(a.body.model_stage).toBe(a.body.model_id === 'pc-api-cand' ? 'canary' : 'production');
      expect(a.body.model_version).toBe(a.body.model_id);
      const b = await call('POST', '/predict-payload', { payload });
      expect(b.body).toMatchObject({ model_id: a.body.model_id, cached: true });
      seen.set(a.body.model_id, (seen.get(a.body.model_id) ?? 0) + 1);
    }
    // Both serve at 40 %.
    expect(seen.get('pc-api-cand')).toBeGreaterThan(5);
    expect(seen.get('pc-api-prod')).toBeGreaterThan(5);
  });

  it('health shows both models, the split, the cache and the breaker per model', async () => {
    const { status, body } = await call('GET', '/model-server/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'healthy',
      models: {
        production: { id: 'pc-api-prod', version: 'pc-api-prod', stage: 'production', loaded: true, artifact_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), circuit_breaker: { state: 'closed' } },
        candidate: { id: 'pc-api-cand', stage: 'canary', loaded: true, artifact_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
      split: { production_percent: 60, candidate_percent: 40, candidate_id: 'pc-api-cand' },
      registry: { source: 'registry', errors: [] },
      cache: { hits: expect.any(Number), misses: expect.any(Number) },
    });
    expect(body.cache.hits).toBeGreaterThanOrEqual(60);
    expect(Object.keys(body.breakers).sort()).toEqual(['pc-api-cand', 'pc-api-prod']);
  });

  it('a false-positive report quoting model_id counts against that model', async () => {
    const a = await call('POST', '/predict-payload', { payload: "O'Brien" });
    const r = await call('POST', '/dataset/add-false-positive', { sample: { payload: "O'Brien", predicted_class: a.body.class, model_id: a.body.model_id }, reviewer: 'analyst@example.com' });
    expect(r.status).toBe(201);
    const other = a.body.model_id === 'pc-api-cand' ? 'pc-api-prod' : 'pc-api-cand';
    const w = await readCanaryWindow(t.db, { candidateModelId: a.body.model_id, productionModelId: other, fromMs: Date.now() - 60_000, toMs: Date.now() + 60_000 });
    expect([w.candidate.falsePositiveReports, w.production.falsePositiveReports]).toEqual([1, 0]);
  });
});
