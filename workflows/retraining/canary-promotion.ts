// canaryPromotionWorkflow (issue 11): a registered candidate serves a growing share of traffic
// (stages, default 1 % → 10 % → 100 %). Each stage below 100 % holds for its window while
// periodic analyses compare candidate and production live (domain/threat/models/canary-
// analysis.ts, run by an activity). Failed analyses reaching the failure limit, an operator's
// abort, a failure or a cancellation route 100 % back to production (the compensation
// registered before the first split). At 100 % the candidate becomes production and the previous
// production model is retired. Every stage decision, rollback, abort and promotion is a report.
import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CanaryActivities } from '../../activities/retraining/canary';
import type { CanaryAnalysis } from '../../domain/threat/models/canary-analysis';
import { durationMs } from '../../temporal/duration';
import { SA } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import { Saga } from '../saga';
import {
  abortCanaryUpdate,
  canaryStatusQuery,
  checkOperator,
  holdCanaryUpdate,
  resumeCanaryUpdate,
  type CanaryOutcome,
  type CanaryPromotionInput,
  type CanaryPromotionResult,
  type CanaryStatus,
} from './canary-promotion.defs';

const record = proxyActivities<CanaryActivities>(PROFILES.record);
const serve = proxyActivities<CanaryActivities>(PROFILES.recordUndoable);
const analyse = proxyActivities<CanaryActivities>(PROFILES.evaluate);
const undo = proxyActivities<CanaryActivities>(PROFILES.compensate);

const KEEP_ANALYSES = 10;

export async function canaryPromotionWorkflow(input: CanaryPromotionInput): Promise<CanaryPromotionResult> {
  const { workflowId } = workflowInfo();
  const candidate = input.candidateModelId;
  const status: CanaryStatus = {
    phase: 'starting', candidateModelId: candidate, productionModelId: null, stages: input.stages, stageIndex: -1, percent: 0, stageStartedAt: null,
    tally: { passed: 0, failed: 0, inconclusive: 0 }, analyses: [], hold: null, abort: null, outcome: null, reasons: [], reportIds: [], compensations: [],
  };
  const now = () => new Date(Date.now()).toISOString();
  setHandler(canaryStatusQuery, () => status);
  setHandler(abortCanaryUpdate, ({ by, reason }) => {
    status.abort = { by, reason: reason ?? 'aborted by an operator' };
    return status;
  }, { validator: (i) => checkOperator(status, i) });
  setHandler(holdCanaryUpdate, ({ by, reason }) => {
    status.hold ??= { by, reason: reason ?? 'held by an operator', since: now() };
    return status;
  }, { validator: (i) => checkOperator(status, i) });
  setHandler(resumeCanaryUpdate, () => {
    if (status.hold?.by === 'analysis') status.tally.inconclusive = 0;
    status.hold = null;
    return status;
  }, { validator: (i) => checkOperator(status, i) });
  upsertSearchAttributes([{ key: SA.kind, value: 'canary-promotion' }]);

  const stageAnalyses: CanaryAnalysis[] = [];
  const report = async (kind: 'canary_stage' | 'rollback' | 'abort' | 'promotion', decision: string, reasons: string[], key: string) => {
    const id = await CancellationScope.nonCancellable(() =>
      record.saveCanaryReport({
        workflowId, dedupKey: `${workflowInfo().runId}:${key}`, kind, candidateModelId: candidate, productionModelId: status.productionModelId,
        percent: status.percent, decision, reasons, analyses: stageAnalyses, compensations: status.compensations,
      }),
    );
    status.reportIds.push(id);
  };
  const finish = (outcome: CanaryOutcome, reasons: string[]): CanaryPromotionResult => {
    Object.assign(status, { outcome, reasons, phase: 'done' });
    upsertSearchAttributes([{ key: SA.outcome, value: outcome }]);
    const { productionModelId, percent, reportIds, compensations } = status;
    return { outcome, reasons, candidateModelId: candidate, productionModelId, percent, stage: input.stages[Math.max(status.stageIndex, 0)], reportIds, compensations };
  };

  const saga = new Saga();
  const rollBack = async (kind: 'rollback' | 'abort', outcome: CanaryOutcome, reasons: string[]) => {
    status.phase = 'rolling_back';
    status.compensations = (await saga.compensate()).steps;
    // The report names the share the candidate had when it was decided.
    await report(kind, outcome, reasons, `${kind}-${outcome}`);
    status.percent = 0;
    return finish(outcome, reasons);
  };

  try {
    const started = await record.beginCanaryPromotion({ candidateModelId: candidate });
    status.productionModelId = started.productionModelId;
    // Registered before the first split: a run that set any share routes it all back.
    saga.add(`serve ${candidate}`, () => undo.restoreProductionServing({ candidateModelId: candidate, productionModelId: started.productionModelId }));

    for (let i = 0; i < input.stages.length; i++) {
      const percent = input.stages[i];
      Object.assign(status, { stageIndex: i, stageStartedAt: now(), tally: { passed: 0, failed: 0, inconclusive: 0 } });
      stageAnalyses.length = 0;
      if (percent === 100) {
        status.phase = 'promoting';
        await serve.promoteCandidate({ candidateModelId: candidate, productionModelId: status.productionModelId });
        status.percent = 100;
        await report('promotion', 'production', [`promoted to production after ${i} canary stage(s)`, ...(status.productionModelId ? [`${status.productionModelId} retired`] : [])], 'promotion');
        return finish('promoted', []);
      }
      await serve.setServingSplit({ candidateModelId: candidate, productionModelId: status.productionModelId, percent });
      status.percent = percent;
      status.phase = 'analysing';
      const stageStart = Date.now();
      let heldMs = 0;
      let from = stageStart;
      for (;;) {
        // Waits one interval, woken early by an abort or a hold.
        await condition(() => status.abort !== null || status.hold !== null, input.analysisInterval);
        if (status.abort) return await rollBack('abort', 'aborted', [`aborted at ${percent}% by ${status.abort.by}: ${status.abort.reason}`]);
        if (status.hold) {
          const heldAt = Date.now();
          status.phase = 'held';
          await condition(() => status.abort !== null || status.hold === null);
          heldMs += Date.now() - heldAt;
          from = Date.now();
          status.phase = 'analysing';
          continue;
        }
        const to = Date.now();
        const r = await analyse.analyzeCanaryStage({
          candidateModelId: candidate, productionModelId: status.productionModelId, fromMs: from, toMs: to, thresholds: input.thresholds, policy: input.policy,
          tally: status.tally, windowElapsed: to - stageStart - heldMs >= durationMs(input.stageWindow),
        });
        from = to;
        status.tally = r.tally;
        stageAnalyses.push(r.analysis);
        status.analyses = [...status.analyses, r.analysis].slice(-KEEP_ANALYSES);
        if (r.decision.action === 'rollback') return await rollBack('rollback', 'rolled_back', [`rolled back at ${percent}%: ${r.decision.reason}`, ...r.analysis.reasons]);
        if (r.decision.action === 'hold') {
          status.hold = { by: 'analysis', reason: r.decision.reason, since: now() };
          await report('canary_stage', 'hold', [r.decision.reason], `stage-${i}-hold-${stageAnalyses.length}`);
        }
        if (r.decision.action === 'advance') {
          await report('canary_stage', 'advance', [r.decision.reason], `stage-${i}-advance`);
          break;
        }
      }
    }
    throw new Error('canary stages must end at 100'); // unreachable for stages checked by canaryStages()
  } catch (err) {
    const cancelled = isCancellation(err);
    await rollBack('rollback', cancelled ? 'cancelled' : 'failed', [failureText(err)]);
    throw err;
  }
}

