// canaryPromotionWorkflow on the time-skipping test server (hours of stage windows pass in
// seconds), with real PGlite, the real registry and serving-split functions, and live stats
// rows written as the model server writes them: promotion through 1 % → 10 % → 100 %,
// automatic rollback on degradation, abort by Update, hold and resume, holding on too little
// traffic, and cancellation.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getModel } from '../../repo/datasets/models';
import { getModelReport, reportsByModel } from '../../repo/datasets/model-reports';
import { canaryPromotionStart, type CanaryPromotionFn } from '../../temporal/retraining';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { CANDIDATE, canaryInput, createCanaryHarness, HEALTHY, PRODUCTION, seedModels, writeTraffic, type CanaryHarness } from '../../test/support/canary';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { abortCanaryUpdate, canaryStatusQuery, holdCanaryUpdate, resumeCanaryUpdate, type CanaryPromotionInput } from './canary-promotion.defs';

const H = 3_600_000;
let seq = 0;
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(() => env?.teardown());

describe('canaryPromotionWorkflow', () => {
  let db: TestDb;
  let h: CanaryHarness;
  let t0: number;
  beforeEach(async () => {
    db = await createTestPglite();
    await seedModels(db);
    h = createCanaryHarness(db);
    // The server's clock, not ours: earlier tests in this file skipped it hours ahead.
    t0 = (await env.currentTimeMs()) - 60_000;
  });
  const started: WorkflowHandle<CanaryPromotionFn>[] = [];
  afterEach(async () => {
    // A run a failed test left open would keep activities pending, and the test server does
    // not skip time while an activity is pending: every later test would hang.
    for (const handle of started.splice(0)) await handle.terminate('test over').catch(() => undefined);
    await db?.close();
  });

  const start = async (over: Partial<CanaryPromotionInput> = {}) => {
    const handle = await env.client.workflow.start<CanaryPromotionFn>(WORKFLOW_TYPES.canaryPromotion, canaryPromotionStart(canaryInput(over), { threat: h.taskQueue }, `canary-promotion:${CANDIDATE}-${++seq}`));
    started.push(handle);
    return handle;
  };
  const healthyFor = async (hours: number) => {
    await writeTraffic(db, CANDIDATE, t0, t0 + hours * H, HEALTHY);
    await writeTraffic(db, PRODUCTION, t0, t0 + hours * H, HEALTHY);
  };
  const reports = async () => (await reportsByModel(db.db, [CANDIDATE])).get(CANDIDATE) ?? [];

  it('goes 1% → 10% → 100% over hours of windows in seconds, then the candidate is production and the previous one retired', async () => {
    await healthyFor(6);
    const worker = await h.newWorker(env);
    const began = Date.now();
    const handle = await start();
    const result = await worker.runUntil(handle.result());
    expect(Date.now() - began).toBeLessThan(60_000);
    expect(result).toMatchObject({ outcome: 'promoted', stage: 100, percent: 100, productionModelId: PRODUCTION, compensations: [] });
    const d = await handle.describe();
    expect(d.closeTime!.getTime() - d.startTime.getTime()).toBeGreaterThanOrEqual(2 * H);
    expect((await getModel(db.db, CANDIDATE))?.status).toBe('production');
    expect((await getModel(db.db, PRODUCTION))?.status).toBe('retired');
    const rs = await reports();
    expect(rs.map((r) => [r.kind, r.decision])).toEqual([['canary_stage', 'advance'], ['canary_stage', 'advance'], ['promotion', 'production']]);
    expect(result.reportIds).toEqual(rs.map((r) => r.id));
    const first = (await getModelReport(db.db, rs[0].id))!;
    expect(first.markdown).toContain('# Canary stage 1% of pc-v2-candidate: advance');
    expect(first.markdown).toMatch(/\| agreement \| 0\.99 \| 0\.99 \| 0\.95 \| yes \|/);
    expect(first.html).toContain('<h2>Analyses</h2>');
  }, 120_000);

  it('rolls back to production automatically when the candidate degrades at 10%', async () => {
    await healthyFor(6);
    // From 65 min on (the 10 % stage starts at 60 min) the candidate disagrees with production.
    await writeTraffic(db, CANDIDATE, t0 + 66 * 60_000, t0 + 6 * H, { ...HEALTHY, agreement: 0.6 });
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => (await start()).result());
    expect(result).toMatchObject({ outcome: 'rolled_back', stage: 10, percent: 0 });
    expect(result.reasons[0]).toBe('rolled back at 10%: 2 failed analyses reached the failure limit 2');
    expect(result.reasons).toEqual([expect.any(String), expect.stringMatching(/^agreement 0\.[0-8]\d* < 0\.95$/)]);
    expect(result.compensations).toEqual([{ step: `serve ${CANDIDATE}`, status: 'done', reason: `${CANDIDATE} canary → rolled_back; ${PRODUCTION} serves 100%` }]);
    expect((await getModel(db.db, CANDIDATE))?.status).toBe('rolled_back');
    expect((await getModel(db.db, PRODUCTION))?.status).toBe('production');
    const rs = await reports();
    expect(rs.map((r) => [r.kind, r.decision])).toEqual([['canary_stage', 'advance'], ['rollback', 'rolled_back']]);
    const md = (await getModelReport(db.db, rs[1].id))!.markdown;
    expect(md).toContain('# Rollback of pc-v2-candidate at 10%');
    expect(md).toMatch(/\| agreement \| 0\.[0-8]\d* \| 0\.99 \| 0\.95 \| no \|/);
    expect(md).toContain(`| serve ${CANDIDATE} | done |`);
  }, 120_000);

  it('an operator aborts by Update: validated, rolled back, recorded', async () => {
    await healthyFor(6);
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await env.sleep('25m');
      const live = await handle.query(canaryStatusQuery);
      expect(live).toMatchObject({ phase: 'analysing', percent: 1, stageIndex: 0, tally: { passed: 2, failed: 0, inconclusive: 0 } });
      expect((await getModel(db.db, CANDIDATE))).toMatchObject({ status: 'canary', canaryPercent: 1 });
      const refused = await handle.executeUpdate(abortCanaryUpdate, { args: [{ by: '' }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidInput', message: expect.stringMatching(/^by /) });
      const answer = await handle.executeUpdate(abortCanaryUpdate, { args: [{ by: 'alice', reason: 'customer complaint' }] });
      expect(answer.abort).toEqual({ by: 'alice', reason: 'customer complaint' });
      return handle.result();
    });
    expect(result).toMatchObject({ outcome: 'aborted', stage: 1, percent: 0, reasons: ['aborted at 1% by alice: customer complaint'] });
    expect((await getModel(db.db, CANDIDATE))?.status).toBe('rolled_back');
    expect((await reports()).map((r) => [r.kind, r.decision])).toEqual([['abort', 'aborted']]);
  }, 120_000);

  it('a held stage runs no analysis and its clock stops until resumed', async () => {
    await healthyFor(12);
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await env.sleep('15m');
      await handle.executeUpdate(holdCanaryUpdate, { args: [{ by: 'bob', reason: 'watching a dashboard' }] });
      await env.sleep('5h');
      const held = await handle.query(canaryStatusQuery);
      expect(held).toMatchObject({ phase: 'held', percent: 1, stageIndex: 0, hold: { by: 'bob', reason: 'watching a dashboard' }, tally: { passed: 1 } });
      await handle.executeUpdate(resumeCanaryUpdate, { args: [{ by: 'bob' }] });
      return handle.result();
    });
    expect(result.outcome).toBe('promoted');
  }, 120_000);

  it('too little traffic: inconclusive analyses past the limit hold for an operator (no rollback), who can abort', async () => {
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => {
      const handle = await start();
      await env.sleep('2h');
      const held = await handle.query(canaryStatusQuery);
      expect(held).toMatchObject({ phase: 'held', percent: 1, hold: { by: 'analysis', reason: '4 inconclusive analyses exceed the limit 3: too little traffic to judge' }, tally: { passed: 0, failed: 0, inconclusive: 4 } });
      expect(held.analyses.at(-1)?.reasons).toEqual(['inconclusive: requests candidate 0, production 0 < 50']);
      await handle.executeUpdate(abortCanaryUpdate, { args: [{ by: 'carol' }] });
      return handle.result();
    });
    expect(result.outcome).toBe('aborted');
    expect((await reports()).map((r) => [r.kind, r.decision])).toEqual([['canary_stage', 'hold'], ['abort', 'aborted']]);
  }, 120_000);

  it('a cancelled promotion routes everything back to production and records its outcome', async () => {
    await healthyFor(6);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await start();
      await env.sleep('70m');
      expect((await getModel(db.db, CANDIDATE))).toMatchObject({ status: 'canary', canaryPercent: 10 });
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
    });
    expect((await getModel(db.db, CANDIDATE))?.status).toBe('rolled_back');
    expect((await getModel(db.db, PRODUCTION))?.status).toBe('production');
    expect((await reports()).map((r) => [r.kind, r.decision])).toEqual([['canary_stage', 'advance'], ['rollback', 'cancelled']]);
  }, 120_000);
});
