import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { ServingStatsBuffer } from '../../domain/threat/serving/stats-buffer';
import { addSamples, snapshotDataset } from '../datasets/samples';
import { getModel, registerModel, setModelStatus } from '../datasets/models';
import { readCanaryWindow, recordServingStats } from './serving-stats';
import { rollbackToProduction, servingModels, ServingSplitError, setServingSplit } from './serving-split';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const MIN = 60_000;

async function register(db: TestDb['db'], id: string) {
  const v = (await snapshotDataset(db, 'test')).version;
  await registerModel(db, { id, kind: 'payload-classifier', datasetVersion: v.version, datasetHash: v.contentHash, codeVersion: 'test', artifactKey: `k/${id}`, artifactSha256: 'x', metrics: {}, gates: [], training: {}, workflowId: 'wf' });
}

describe.each(TEST_BACKENDS)('serving statistics and split ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it('minute rows flushed by several processes add up; the window reads rates, percentiles, mix and reports', async () => {
    const a = new ServingStatsBuffer();
    const b = new ServingStatsBuffer();
    // Candidate: 10 answers at 1 ms in minute 0 (8 compared, 6 agreed), 10 at 4 ms in minute 1 from another process.
    for (let i = 0; i < 10; i++) a.record({ modelId: 'cand', atMs: T0 + i * 1000, latencyMs: 1, label: i < 7 ? 'benign' : 'xss', ...(i < 8 && { agreed: i < 6 }) });
    for (let i = 0; i < 10; i++) b.record({ modelId: 'cand', atMs: T0 + MIN + i, latencyMs: 4, label: 'benign' });
    for (let i = 0; i < 40; i++) b.record({ modelId: 'prod', atMs: T0 + i, latencyMs: 0.5, label: i < 30 ? 'benign' : 'sql_injection', ...(i < 4 && { agreed: true }) });
    // Outside the window (minute 5) and a model not asked about.
    a.record({ modelId: 'cand', atMs: T0 + 5 * MIN, latencyMs: 1000, label: 'xss' });
    a.record({ modelId: 'other', atMs: T0, latencyMs: 1, label: 'xss' });
    await recordServingStats(t.db, a.drain());
    await recordServingStats(t.db, b.drain());
    // A second flush into the same minute adds, not replaces.
    const c = new ServingStatsBuffer();
    c.record({ modelId: 'prod', atMs: T0 + 30_000, latencyMs: 0.5, label: 'benign', agreed: false });
    await recordServingStats(t.db, c.drain());
    await recordServingStats(t.db, []);

    await addSamples(t.db, [
      { data: "O'Brien", label: 'benign', source: 'false_positive:predict', reviewer: 'r', origin: { kind: 'predict_payload', modelId: 'cand' } },
      { data: 'a OR b', label: 'benign', source: 'false_positive:predict', reviewer: 'r', origin: { kind: 'predict_payload', modelVersion: 'cand' } },
      { data: 'x OR y', label: 'benign', source: 'false_positive:predict', reviewer: 'r', origin: { kind: 'predict_payload', modelId: 'prod' } },
      { data: 'z OR w', label: 'benign', source: 'false_positive:rule', reviewer: 'r', origin: { kind: 'waf_rule', modelId: 'cand' } },
    ]);
    const now = Date.now();
    const w = await readCanaryWindow(t.db, { candidateModelId: 'cand', productionModelId: 'prod', fromMs: T0, toMs: T0 + 2 * MIN });
    expect(w.candidate).toMatchObject({ requests: 20, compared: 8, agreementRate: 6 / 8, falsePositiveReports: 0 });
    expect(w.candidate.verdictMix).toEqual({ benign: 17 / 20, xss: 3 / 20 });
    // p50 is in the 1 ms bucket, p95 in the 4 ms one: a histogram is exact to one bucket (×2^¼).
    const near = (v: number | null, want: number) => expect(Math.abs(Math.log2(v! / want))).toBeLessThanOrEqual(0.25);
    near(w.candidate.latencyP50Ms, 1);
    near(w.candidate.latencyP95Ms, 4);
    expect(w.production).toMatchObject({ requests: 41, compared: 5, agreementRate: 4 / 5 });
    expect(w.production.verdictMix.sql_injection).toBeCloseTo(10 / 41);

    // Reports are counted by when they arrived: this window covers now.
    const live = await readCanaryWindow(t.db, { candidateModelId: 'cand', productionModelId: 'prod', fromMs: now - 10 * MIN, toMs: now + 10 * MIN });
    expect(live.candidate).toMatchObject({ requests: 0, agreementRate: null, latencyP50Ms: null, latencyP95Ms: null, verdictMix: {}, falsePositiveReports: 2 });
    expect(live.production.falsePositiveReports).toBe(1);
  });

  it('the split: one canary at a time, 100 % makes production, rollback restores the previous production', async () => {
    await addSamples(t.db, [{ data: 'hello', label: 'benign', source: 'api' }]);
    for (const id of ['m1', 'm2', 'm3']) await register(t.db, id);
    expect(await servingModels(t.db)).toEqual({ canaryPercent: 0 });

    await setModelStatus(t.db, 'm1', 'production');
    await setServingSplit(t.db, { candidateModelId: 'm2', canaryPercent: 10 });
    await setServingSplit(t.db, { candidateModelId: 'm3', canaryPercent: 1 });
    let s = await servingModels(t.db);
    expect([s.production?.id, s.candidate?.id, s.canaryPercent]).toEqual(['m1', 'm3', 1]);
    expect((await getModel(t.db, 'm2'))?.status).toBe('registered');
    await expect(setServingSplit(t.db, { candidateModelId: 'm3', canaryPercent: 101 })).rejects.toThrow(ServingSplitError);
    await expect(setServingSplit(t.db, { candidateModelId: 'nope', canaryPercent: 5 })).rejects.toMatchObject({ code: 'model_not_found' });

    // A failed canary: production keeps serving.
    expect(await rollbackToProduction(t.db, 'm3')).toMatchObject({ candidate: { status: 'rolled_back', canaryPercent: null }, productionModelId: 'm1' });
    await expect(setServingSplit(t.db, { candidateModelId: 'm3', canaryPercent: 5 })).rejects.toMatchObject({ code: 'model_state_conflict' });

    // Promoted all the way, then rolled back: the model it replaced serves again.
    await setServingSplit(t.db, { candidateModelId: 'm2', canaryPercent: 100 });
    s = await servingModels(t.db);
    expect([s.production?.id, s.candidate, (await getModel(t.db, 'm1'))?.status]).toEqual(['m2', undefined, 'retired']);
    expect((await rollbackToProduction(t.db, 'm2')).productionModelId).toBe('m1');
    expect((await servingModels(t.db)).production?.id).toBe('m1');
    // Idempotent.
    expect((await rollbackToProduction(t.db, 'm2')).productionModelId).toBe('m1');
  });
});
