// How gatedRetraining is started, by the API, the daily Schedule and tests alike: its id, task
// queue, search attributes, memo and conflict policy.
import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type ScheduleOptionsStartWorkflowAction,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { CanaryPromotionInput, CanaryPromotionResult } from '../workflows/retraining/canary-promotion.defs';
import type { GatedRetrainingInput, GatedRetrainingResult } from '../workflows/retraining/gated-retraining.defs';
import { SA, TASK_QUEUES, workflowId } from './ids';
import { WORKFLOW_TYPES, type QueueOverrides } from './workflows';

export type GatedRetrainingFn = (input: GatedRetrainingInput) => Promise<GatedRetrainingResult>;

/** `gated-retraining:payload-classifier`: one training of the classifier at a time. */
export const GATED_RETRAINING_ID = workflowId('gated-retraining', 'payload-classifier');
/** The daily Schedule: `retraining-schedule:payload-classifier`. */
export const RETRAINING_SCHEDULE_ID = workflowId('retraining-schedule', 'payload-classifier');
/** Every day at 03:00 UTC. */
export const RETRAINING_SCHEDULE_CRON = '0 3 * * *';

function metadata(input: GatedRetrainingInput) {
  return {
    memo: { summary: `payload-classifier retraining (${input.trigger}, ${input.requester})` },
    staticSummary: `retrain the payload classifier for ${input.requester} (${input.trigger})`,
    staticDetails: 'snapshot a dataset version → train (heartbeating) → validate on the holdout split → gates → register',
    typedSearchAttributes: [{ key: SA.kind, value: 'gated-retraining' }],
  };
}

/**
 * Start options of an on-demand retraining. A request while one runs joins it (USE_EXISTING)
 * instead of training twice; a closed one may be followed by a new run under the same id.
 */
export function gatedRetrainingStart(input: GatedRetrainingInput, queues: QueueOverrides = {}, id = GATED_RETRAINING_ID): WorkflowStartOptions<GatedRetrainingFn> & { workflowId: string } {
  return {
    workflowId: id,
    taskQueue: queues.threat ?? TASK_QUEUES.threat,
    args: [input],
    ...metadata(input),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  };
}

/** The daily Schedule's action; Temporal appends the scheduled time to the id. */
export function retrainingScheduleAction(input: GatedRetrainingInput, queues: QueueOverrides = {}): ScheduleOptionsStartWorkflowAction<GatedRetrainingFn> {
  return {
    type: 'startWorkflow',
    workflowType: WORKFLOW_TYPES.gatedRetraining,
    taskQueue: queues.threat ?? TASK_QUEUES.threat,
    args: [input],
    workflowId: workflowId('gated-retraining', 'scheduled'),
    ...metadata(input),
  };
}

export type CanaryPromotionFn = (input: CanaryPromotionInput) => Promise<CanaryPromotionResult>;

/** `canary-promotion:<model id>`: one promotion per model at a time. */
export function canaryPromotionId(modelId: string): string {
  return workflowId('canary-promotion', modelId);
}

/**
 * Start options of a model's canary promotion. A request while one runs joins it
 * (USE_EXISTING); a closed one may be followed by a new run (the API refuses rolled-back
 * models, so that is a model promoted again after, say, an operator's abort of a canary).
 */
export function canaryPromotionStart(input: CanaryPromotionInput, queues: QueueOverrides = {}, id = canaryPromotionId(input.candidateModelId)): WorkflowStartOptions<CanaryPromotionFn> & { workflowId: string } {
  return {
    workflowId: id,
    taskQueue: queues.threat ?? TASK_QUEUES.threat,
    args: [input],
    memo: { summary: `canary promotion of ${input.candidateModelId} (${input.requester})` },
    staticSummary: `canary ${input.candidateModelId} at ${input.stages.join('% → ')}% for ${input.requester}`,
    staticDetails: `each stage below 100%: set the split, hold ${input.stageWindow} with an analysis every ${input.analysisInterval} (agreement, p95 latency, false-positive reports, verdict mix); ${input.policy.failureLimit} failed analyses roll back to production; at 100% the candidate becomes production`,
    typedSearchAttributes: [{ key: SA.kind, value: 'canary-promotion' }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  };
}
