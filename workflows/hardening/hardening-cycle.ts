// One Zero Trust hardening cycle as a saga: snapshot → propose → policy → simulate →
// approve → execute → verify → (compensate) → reward. Every step is an activity whose
// result is stored; each compensation is registered before its step (workflows/saga.ts).
// Cancelled at any stage, the cycle compensates, records `cancelled` (or
// `compensation_failed`) and then ends as Cancelled in Temporal, as users of the Web UI expect.
import {
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentActivities } from '../../activities/hardening/agent';
import type { ExecutorActivities } from '../../activities/hardening/executor';
import type { PolicyActivities } from '../../activities/hardening/policy';
import type { PostureActivities } from '../../activities/hardening/posture';
import type { RecordActivities } from '../../activities/hardening/records';
import type { TwinActivities } from '../../activities/hardening/twin';
import { SA } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import { Saga } from '../saga';
import { usableStandingApproval } from './standing-approval';
import {
  approveUpdate,
  checkApprover,
  cycleStatusQuery,
  rejectUpdate,
  type ApprovalRecord,
  type CycleOutcome,
  type CycleStatus,
  type HardeningCycleInput,
  type HardeningCycleResult,
} from './hardening-cycle.defs';

export * from './hardening-cycle.defs';

const records = proxyActivities<RecordActivities>(PROFILES.record);
const posture = proxyActivities<PostureActivities>(PROFILES.record);
const agent = proxyActivities<AgentActivities>(PROFILES.decide);
const policy = proxyActivities<PolicyActivities>(PROFILES.decide);
const twin = proxyActivities<TwinActivities>(PROFILES.decide);
const executor = proxyActivities<ExecutorActivities>(PROFILES.execute);

/**
 * Runs started before this patch registered no claim compensation; their histories (e.g. a
 * rolled-back one) must replay without the extra activity.
 */
export const CLAIM_COMPENSATION_PATCH = 'hardening-cycle-claim-compensation';

/**
 * Runs started before this patch did not upsert BulwarkStage at each stage (one more command per
 * stage); their histories must replay without those commands.
 */
export const STAGE_SEARCH_ATTRIBUTE_PATCH = 'bulwark-stage-sa';

/**
 * Runs started before this patch never looked for a standing approval (one more activity, and
 * no wait when one applies); their histories must replay without it.
 */
export const STANDING_APPROVAL_PATCH = 'hardening-cycle-standing-approval';

export async function hardeningCycleWorkflow(input: HardeningCycleInput): Promise<HardeningCycleResult> {
  const { workflowId } = workflowInfo();
  const mode = input.mode ?? 'sandbox';
  const status: CycleStatus & Required<Pick<CycleStatus, 'compensationFailures'>> = {
    workflowId,
    environment: input.environment,
    requester: input.requester,
    stage: 'snapshot',
    awaitingApproval: false,
    compensated: [],
    compensationFailures: [],
  };
  let approval: ApprovalRecord | undefined;
  setHandler(cycleStatusQuery, () => status);
  const decide = (decision: ApprovalRecord['decision']) => (a: { approver: string; comment?: string }) => {
    approval = { approver: a.approver.trim(), comment: a.comment, decision };
    status.approval = approval;
    return approval;
  };
  setHandler(approveUpdate, decide('approved'), { validator: (a) => checkApprover(status, a) });
  setHandler(rejectUpdate, decide('rejected'), { validator: (a) => checkApprover(status, a) });

  // BulwarkStage lets the Web UI find cycles by stage (BulwarkStage="awaiting_approval").
  const stageVisible = patched(STAGE_SEARCH_ATTRIBUTE_PATCH);
  const enter = (stage: CycleStatus['stage']) => {
    status.stage = stage;
    if (stageVisible) upsertSearchAttributes([{ key: SA.stage, value: stage }]);
  };
  upsertSearchAttributes([
    { key: SA.kind, value: 'hardening-cycle' },
    { key: SA.environment, value: input.environment },
    ...(stageVisible ? [{ key: SA.stage, value: status.stage }] : []),
  ]);
  // Not cancellable: a cancel racing this insert could otherwise close the record before it
  // exists, and the late insert would leave it `running` for ever.
  await CancellationScope.nonCancellable(() => records.recordCycleStarted({ workflowId, ...input, mode }));

  const saga = new Saga();
  /** Runs the compensations; true when every one succeeded (the outcome may stand). */
  const compensate = async (): Promise<boolean> => {
    enter('compensate');
    status.awaitingApproval = false;
    const report = await saga.compensate();
    status.compensated.push(...report.compensated);
    status.compensationFailures.push(...report.failed);
    if (report.failed.length === 0) return true;
    const steps = report.failed.map((f) => `${f.step} (${f.reason})`).join('; ');
    status.error = `${status.error ? `${status.error}; ` : ''}compensation failed, needs a human: ${steps}`;
    return false;
  };

  const finish = async (outcome: CycleOutcome, stateId?: number): Promise<HardeningCycleResult> => {
    status.outcome = outcome;
    await CancellationScope.nonCancellable(async () => {
      // No learning from a cancellation: it says nothing about the action (see RewardOutcome).
      if (status.action && stateId !== undefined && outcome !== 'cancelled') {
        enter('reward');
        const learned = await agent.rewardAndLearn({
          workflowId,
          environment: input.environment,
          stateId,
          action: status.action,
          outcome,
          breakageRisk: status.simulation?.predicted_impact.breakage_risk ?? 0,
          riskAfter: status.riskAfter,
        });
        status.reward = learned.reward;
        status.riskAfter = learned.riskAfter;
      }
      enter('done');
      status.awaitingApproval = false;
      await records.recordCycleOutcome({ workflowId, status: { ...status, outcome } });
    });
    upsertSearchAttributes([{ key: SA.outcome, value: outcome }]);
    upsertMemo({ summary: summarize(status) });
    return { ...status, outcome };
  };

  let stateId: number | undefined;
  try {
    const snapshot = await posture.snapshotState({ workflowId, environment: input.environment });
    stateId = snapshot.stateId;
    status.riskBefore = snapshot.riskBefore;

    enter('propose');
    const proposal = await agent.proposeAction({
      workflowId,
      environment: input.environment,
      stateId,
      requester: input.requester,
      tags: input.tags ?? {},
      action: input.action,
    });
    if (!proposal.action) return await finish('no_action', stateId);
    status.action = proposal.action;
    // The proposal claims its action (other cycles mask it as in flight); undoing the claim
    // frees it even when a later compensation fails.
    if (patched(CLAIM_COMPENSATION_PATCH)) {
      saga.add(`${workflowId}:claim`, async () => (await records.releaseActionClaim({ workflowId })).released);
    }
    status.propensity = proposal.propensity;
    status.explanation = proposal.explanation;
    upsertSearchAttributes([{ key: SA.action, value: proposal.action.actionId }]);

    enter('policy');
    const gate = await policy.evaluatePolicy({
      workflowId,
      environment: input.environment,
      action: proposal.action,
      requester: input.requester,
      tags: input.tags ?? {},
    });
    status.policy = gate;
    if (!gate.allow) return await finish('policy_denied', stateId);

    enter('simulate');
    status.simulation = await twin.simulateChange({ workflowId, environment: input.environment, action: proposal.action });
    if (!status.simulation.pass_fail) return await finish('simulation_failed', stateId);

    if (gate.requires_approval) {
      if (patched(STANDING_APPROVAL_PATCH)) {
        const grant = await usableStandingApproval(input, proposal.action.actionId, status);
        if (grant) approval = status.approval = grant;
      }
      let decided = true;
      if (!approval) {
        enter('awaiting_approval');
        status.awaitingApproval = true;
        const timeout = input.approvalTimeout ?? '24h';
        const summary = `waiting for an approver other than ${input.requester} (${timeout})`;
        decided = await condition(() => approval !== undefined, timeout, { summary });
        status.awaitingApproval = false;
      }
      await records.recordApproval({
        workflowId,
        requester: input.requester,
        approval: approval ?? null,
        reasons: gate.approval_reasons,
      });
      if (!decided) return await finish('approval_timed_out', stateId);
      if (approval?.decision !== 'approved') return await finish('rejected', stateId);
    }

    enter('execute');
    const executionKey = `${workflowId}:execute`;
    saga.add(executionKey, async () => {
      const res = await executor.compensateExecution({ workflowId, environment: input.environment, executionKey });
      return res.status === 'compensated';
    });
    const execution = await executor.executeAction({
      workflowId,
      environment: input.environment,
      action: proposal.action,
      mode,
      idempotencyKey: executionKey,
    });
    if (execution.status === 'recommended') return await finish('recommended', stateId);

    enter('verify');
    const verification = await twin.verifyChange({ workflowId, environment: input.environment, executionKey });
    status.riskAfter = verification.risk_after;
    if (verification.regression) {
      status.error = `regression: ${verification.broken_flows.join(', ')}`;
      const undone = await compensate();
      return await finish(undone ? 'rolled_back' : 'compensation_failed', stateId);
    }
    return await finish('applied', stateId);
  } catch (err) {
    const cancelled = isCancellation(err);
    const failedAt = status.stage;
    status.error = cancelled ? `cancelled at ${failedAt}` : failureText(err);
    const undone = await compensate();
    const failedOutcome = failedAt === 'execute' || failedAt === 'verify' ? 'execution_failed' : 'failed';
    const result = await finish(!undone ? 'compensation_failed' : cancelled ? 'cancelled' : failedOutcome, stateId);
    // Recorded first, then the run ends as Cancelled (not Completed) in Temporal.
    if (cancelled) throw err;
    return result;
  }
}

function summarize(s: CycleStatus): string {
  const action = s.action ? `${s.action.actionId}@${s.action.target}` : 'no action';
  const risk =
    s.riskBefore !== undefined ? ` risk ${s.riskBefore.toFixed(3)}→${(s.riskAfter ?? s.riskBefore).toFixed(3)}` : '';
  const reward = s.reward !== undefined ? ` reward ${s.reward.toFixed(3)}` : '';
  const failed = s.compensationFailures ?? [];
  const human = failed.length ? ` (needs a human: ${failed.map((f) => f.step).join(', ')})` : '';
  return `${s.environment}: ${action} → ${s.outcome}${human}${risk}${reward}`;
}
