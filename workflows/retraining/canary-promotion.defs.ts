// canaryPromotionWorkflow's input, result, Updates and Query: the workflow, the API and tests.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CompensationRecord } from '../../domain/saga';
import type { CanaryAnalysis, CanaryThresholds, StagePolicy, StageTally } from '../../domain/threat/models/canary-analysis';
import { identityProblem } from '../../domain/identity';
import { refuse } from '../refusals';

export interface CanaryPromotionInput {
  candidateModelId: string;
  requester: string;
  /** Candidate shares in percent, rising, ending at 100 (domain canaryStages): `[1, 10, 100]`. */
  stages: number[];
  /** Minimum time each stage below 100 % holds, a duration (`1h`); time held by an operator does not count. */
  stageWindow: string;
  /** Time between analyses (`5m`); each analysis covers the live stats since the previous one. */
  analysisInterval: string;
  thresholds: CanaryThresholds;
  policy: StagePolicy;
}

export type CanaryPhase = 'starting' | 'analysing' | 'held' | 'promoting' | 'rolling_back' | 'done';
export type CanaryOutcome = 'promoted' | 'rolled_back' | 'aborted' | 'cancelled' | 'failed';

export interface CanaryStatus {
  phase: CanaryPhase;
  candidateModelId: string;
  /** The model serving the rest of the traffic (null: the committed model). */
  productionModelId: string | null;
  stages: number[];
  /** Index into `stages` of the current stage; -1 before the first split is set. */
  stageIndex: number;
  /** The candidate's current share of traffic, percent (0 once rolled back). */
  percent: number;
  /** Workflow time (ISO) the current stage started. */
  stageStartedAt: string | null;
  tally: StageTally;
  /** The latest analyses, newest last (at most 10). */
  analyses: CanaryAnalysis[];
  /** Why the stage is held and by whom (an operator, or the analysis when inconclusive too often). */
  hold: { by: string; reason: string; since: string } | null;
  abort: { by: string; reason: string } | null;
  outcome: CanaryOutcome | null;
  reasons: string[];
  /** Ids of the reports this run wrote (GET /api/v1/sentinel/models/{id}/reports/{reportId}). */
  reportIds: number[];
  compensations: CompensationRecord[];
}

export type CanaryPromotionResult = Pick<CanaryStatus, 'candidateModelId' | 'productionModelId' | 'percent' | 'reasons' | 'reportIds' | 'compensations'> & {
  outcome: CanaryOutcome;
  /** The stage (percent) it ended in. */
  stage: number;
};

export interface OperatorInput {
  by: string;
  reason?: string;
}

export const canaryStatusQuery = defineQuery<CanaryStatus>('canaryStatus');
/** Aborts the promotion: routes 100 % back to production and marks the candidate rolled back. */
export const abortCanaryUpdate = defineUpdate<CanaryStatus, [OperatorInput]>('abortCanary');
/** Holds the current stage: no analysis runs and the stage's clock stops until resumed. Idempotent. */
export const holdCanaryUpdate = defineUpdate<CanaryStatus, [OperatorInput]>('holdCanary');
/** Resumes a held stage (held by an operator or by inconclusive analyses; the tally of inconclusive ones restarts). Idempotent. */
export const resumeCanaryUpdate = defineUpdate<CanaryStatus, [OperatorInput]>('resumeCanary');

/** Validator of the three operator Updates: a named operator, and a promotion still running. */
export function checkOperator(status: CanaryStatus, input: OperatorInput): void {
  const problem = typeof input?.by === 'string' ? identityProblem(input.by) : 'is required';
  if (problem) throw refuse('InvalidInput', `by ${problem}`);
  if (input.reason !== undefined && (typeof input.reason !== 'string' || input.reason.length > 500)) throw refuse('InvalidInput', 'reason must be a string of at most 500 characters');
  if (status.outcome || status.phase === 'done' || status.phase === 'rolling_back' || status.phase === 'promoting' || status.abort) {
    throw refuse('PromotionClosed', `the promotion of ${status.candidateModelId} is ${status.outcome ?? (status.abort ? 'aborting' : status.phase)}`);
  }
}
