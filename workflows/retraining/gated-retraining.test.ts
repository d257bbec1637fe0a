// gatedRetrainingWorkflow on the real Temporal dev server, real PGlite and a filesystem object
// store: a registered model with its provenance, insufficient data, each threshold and comparison
// gate failing in turn (the candidate's artifact discarded by compensation), and a worker restart mid-training.
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { regressionSet } from '../../activities/retraining/regression-set';
import { addSamples, getDatasetVersion } from '../../repo/datasets/samples';
import { getModel, listModels, listRetrainingRuns } from '../../repo/datasets/models';
import { getModelReport, reportsByModel } from '../../repo/datasets/model-reports';
import { gatedRetrainingStart, type GatedRetrainingFn } from '../../temporal/retraining';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createRetrainingHarness, fixtureSamples, type RetrainingHarness } from '../../test/support/retraining';
import { connectTestEnv } from '../../test/support/temporal';
import type { GatedRetrainingInput } from './gated-retraining.defs';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.teardown());

describe('gatedRetrainingWorkflow', () => {
  let db: TestDb;
  let h: RetrainingHarness;
  beforeEach(async () => {
    db = await createTestPglite();
    h = createRetrainingHarness(db);
  });
  afterEach(async () => {
    h?.close();
    await db?.close();
  });

  const start = (input: Partial<GatedRetrainingInput>, id: string) =>
    env.client.workflow.start<GatedRetrainingFn>(WORKFLOW_TYPES.gatedRetraining, gatedRetrainingStart({ trigger: 'test', requester: 'tester', epochs: 3, hashBits: 16, ...input }, { threat: h.taskQueue }, `gated-retraining:${id}-${Date.now()}`));

  it('snapshots, trains, validates and registers a model whose provenance names the dataset version and hash', async () => {
    await addSamples(db.db, fixtureSamples());
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => (await start({}, 'ok')).result());
    expect(result).toMatchObject({ outcome: 'registered', reasons: [], modelId: expect.stringMatching(/^pc-v1-/) });
    expect(result.gates.map((g) => [g.gate, g.passed])).toEqual([['precision', true], ['recall', true], ['fpr', true], ['f1', true], ['false_positive_reports', true], ['regression_set', true]]);
    const model = (await getModel(db.db, result.modelId!))!;
    const version = (await getDatasetVersion(db.db, result.datasetVersion!))!;
    expect(model).toMatchObject({ status: 'registered', datasetVersion: version.version, datasetHash: version.contentHash, codeVersion: expect.stringMatching(/^(git|package):/) });
    expect(model.metrics).toMatchObject({ holdout: { precision: expect.any(Number) }, productionModel: expect.any(String) });
    const head = await h.objects.head(model.artifactKey);
    expect(head?.sha256).toBe(model.artifactSha256);
    const [run] = await listRetrainingRuns(db.db);
    expect(run).toMatchObject({ outcome: 'registered', modelId: model.id, datasetVersion: version.version, finishedAt: expect.any(Date) });
    expect(run.steps.map((s) => s.step)).toEqual(['snapshot', 'train', 'validate', 'register', 'registered']);
    const [report] = (await reportsByModel(db.db, [model.id])).get(model.id)!;
    expect(report).toMatchObject({ kind: 'gates', decision: 'passed' });
    expect(run.steps.find((s) => s.step === 'validate')?.detail).toEqual({ reportId: report.id });
    expect((await getModelReport(db.db, report.id))!.markdown).toMatch(/\| precision \| [\d.]+ \| ≥ 0\.85 \| yes \|/);
  }, 120_000);

  it('refuses a hashBits no model could be loaded with, started directly: a non-retryable InvalidInput before any snapshot or training', async () => {
    await addSamples(db.db, fixtureSamples());
    const worker = await h.newWorker(env);
    const err = await worker.runUntil(async () => (await start({ hashBits: 4 }, 'bad-bits')).result().catch((e: unknown) => e));
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause!.message).toBe('retraining input refused: hashBits (4): must be 8..24: a model with fewer n-gram hash bits could not be loaded');
    const [run] = await listRetrainingRuns(db.db);
    expect(run).toMatchObject({ outcome: 'failed', finishedAt: expect.any(Date) });
    expect(JSON.stringify(run.reasons)).toContain('hashBits (4): must be 8..24');
    expect(run.steps.map((s) => s.step)).not.toContain('snapshot');
    expect(await listModels(db.db)).toEqual([]);
  }, 120_000);

  it('ends insufficient_data below 20 samples, trains nothing and says why', async () => {
    await addSamples(db.db, fixtureSamples().filter((_, i) => i % 5 === 0));
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => (await start({}, 'few')).result());
    expect(result).toMatchObject({ outcome: 'insufficient_data', modelId: null, reasons: [expect.stringMatching(/^insufficient_data: 1\d payload samples, at least 20 needed/)] });
    expect(await listModels(db.db)).toEqual([]);
    expect((await listRetrainingRuns(db.db))[0]).toMatchObject({ outcome: 'insufficient_data', reasons: result.reasons });
  }, 60_000);

  it('each threshold gate failing in turn refuses the candidate, records why and discards its artifact', async () => {
    await addSamples(db.db, fixtureSamples());
    const base = { minPrecision: 0.85, minRecall: 0.8, maxFpr: 0.05, minF1: 0.82 };
    const cases = [
      ['precision', { ...base, minPrecision: 0.99 }, /^precision 0\.\d+ < 0\.99$/],
      ['recall', { ...base, minRecall: 0.99 }, /^recall 0\.\d+ < 0\.99$/],
      ['fpr', { ...base, maxFpr: -0.01 }, /^fpr 0 > -0\.01$/],
      ['f1', { ...base, minF1: 0.99 }, /^f1 0\.\d+ < 0\.99$/],
    ] as const;
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      for (const [gate, gates, reason] of cases) {
        const result = await (await start({ gates }, `gate-${gate}`)).result();
        expect(result.outcome, gate).toBe('gates_failed');
        expect(result.reasons, gate).toEqual([expect.stringMatching(reason)]);
        expect(result.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual([gate]);
        expect(result.compensations).toEqual([{ step: expect.stringMatching(/^train pc-v1-/), status: 'done', reason: expect.stringMatching(/^deleted models\/payload-classifier\//) }]);
      }
    });
    expect(await listModels(db.db)).toEqual([]);
    const runs = await listRetrainingRuns(db.db);
    expect(runs.map((r) => r.outcome)).toEqual(['gates_failed', 'gates_failed', 'gates_failed', 'gates_failed']);
    expect(runs[0].gates).toHaveLength(6);
    // Each refusal is explained in a report under the candidate's id, naming the failed gate.
    const reports = [...(await reportsByModel(db.db, [runs[0].modelId ?? ''])).values()].flat();
    expect(reports.map((r) => [r.kind, r.decision])).toEqual(cases.map(() => ['gates', 'gates_failed']));
    const md = (await getModelReport(db.db, reports[1].id))!.markdown;
    expect(md).toMatch(/^- recall 0\.\d+ < 0\.99$/m);
  }, 120_000);

  it('each comparison gate failing in turn: a candidate worse than production on a reported false positive, then on the past misses', async () => {
    // Thresholds out of the way, so only the two comparisons with production can refuse.
    const gates = { minPrecision: 0, minRecall: 0, maxFpr: 1, minF1: 0 };
    await addSamples(db.db, fixtureSamples());
    // An analyst's false-positive report, held out so the candidate never trains on it, that a
    // candidate trained on the fixtures flags and the committed production model does not (the
    // candidate's 60 samples read `&` as a shell separator; `how to alert('x') in js` served
    // until pc1-s1-9668755e69, which flags it while the candidate no longer does).
    await addSamples(db.db, [{ data: 'AT&T', label: 'benign', source: 'false_positive:predict', reviewer: 'bob', split: 'holdout' }]);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const flagging = await (await start({ gates }, 'gate-fp')).result();
      expect(flagging.outcome).toBe('gates_failed');
      expect(flagging.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(['false_positive_reports']);
      expect(flagging.reasons).toEqual([expect.stringMatching(/flags 1 of 1 reported false positives; production flags 0/)]);

      // A bad import labels the past misses benign: the candidate learns to miss what production catches.
      await addSamples(db.db, regressionSet().map((r) => ({ data: r.payload, label: 'benign', source: 'bad-import', split: 'train' as const })));
      const forgetful = await (await start({ gates }, 'gate-regression')).result();
      expect(forgetful.outcome).toBe('gates_failed');
      expect(forgetful.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(['regression_set']);
      expect(forgetful.reasons).toEqual([expect.stringMatching(/misses [1-9]\d* of 18 past misses; production misses 0/)]);
    });
    expect(await listModels(db.db)).toEqual([]);
  }, 180_000);

  it('a worker shut down mid-training: the training restarts on another worker and only the finished model is registered', async () => {
    await addSamples(db.db, fixtureSamples());
    const first = await h.newWorker(env);
    const firstRun = first.run();
    // Enough epochs that training is still running when the first worker goes.
    const handle = await start({ epochs: 400 }, 'restart');
    await expect
      .poll(async () => ((await handle.describe()).raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'trainCandidateModel' && a.heartbeatDetails), { timeout: 60_000, interval: 250 })
      .toBe(true);
    expect(await listModels(db.db)).toEqual([]);
    first.shutdown();
    await firstRun;
    expect(await listModels(db.db)).toEqual([]);
    const second = await h.newWorker(env);
    const result = await second.runUntil(handle.result());
    expect(result.outcome).toBe('registered');
    const models = await listModels(db.db);
    expect(models.map((m) => m.id)).toEqual([result.modelId]);
    expect(models[0].training).toMatchObject({ attempt: expect.any(Number), resumed: false });
    expect((models[0].training as { attempt: number }).attempt).toBeGreaterThanOrEqual(2);
    expect((await h.objects.head(models[0].artifactKey))?.sha256).toBe(models[0].artifactSha256);
  }, 180_000);
});
