// The seed's "timeline": recent cycles, newest first, each with every step it recorded.
// One query with left joins (every step table is unique per workflow) so a page of 500
// cycles costs one round trip, and a cycle that stopped early still shows up.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { approvals, cycles, decisions, executions, policyDecisions, rewards, simulations, verifications } from '../../db/schema';
import { approvalNotice } from './approval-notice';

export async function loadTimeline(db: Db, opts: { limit: number; environment?: string }) {
  const rows = await db
    .select({
      cycle: cycles,
      decision: {
        actionId: decisions.actionId,
        target: decisions.target,
        params: decisions.params,
        source: decisions.source,
        propensity: decisions.propensity,
        explored: decisions.explored,
        explanation: decisions.explanation,
        agentVersion: decisions.agentVersion,
      },
      policy: {
        allowed: policyDecisions.allowed,
        reasons: policyDecisions.reasons,
        requiresApproval: policyDecisions.requiresApproval,
        approvalReasons: policyDecisions.approvalReasons,
        policyVersion: policyDecisions.policyVersion,
      },
      simulation: {
        pass_fail: simulations.passFail,
        predicted_impact: simulations.predictedImpact,
        reasons: simulations.reasons,
      },
      execution: {
        status: executions.status,
        mode: executions.mode,
        ts: executions.ts,
        controlsVersionAfter: executions.controlsVersionAfter,
      },
      verification: {
        regression: verifications.regression,
        brokenFlows: verifications.brokenFlows,
        riskAfter: verifications.riskAfter,
      },
      reward: { value: rewards.rewardValue, components: rewards.components },
      decided: { decision: approvals.decision, approver: approvals.approver, comment: approvals.comment, ts: approvals.ts, standingApprovalId: approvals.standingApprovalId },
    })
    .from(cycles)
    .leftJoin(decisions, eq(decisions.workflowId, cycles.workflowId))
    .leftJoin(policyDecisions, eq(policyDecisions.workflowId, cycles.workflowId))
    .leftJoin(simulations, eq(simulations.workflowId, cycles.workflowId))
    // Only the forward change: a compensation row would otherwise duplicate the cycle.
    .leftJoin(executions, and(eq(executions.workflowId, cycles.workflowId), eq(executions.kind, 'apply')))
    .leftJoin(verifications, eq(verifications.workflowId, cycles.workflowId))
    .leftJoin(rewards, eq(rewards.workflowId, cycles.workflowId))
    .leftJoin(approvals, eq(approvals.workflowId, cycles.workflowId))
    .where(opts.environment ? eq(cycles.environment, opts.environment) : undefined)
    .orderBy(desc(cycles.startedAt), desc(cycles.workflowId))
    .limit(opts.limit);

  return rows.map(({ cycle, decision, policy, simulation, execution, verification, reward, decided }) => {
    const summary = (cycle.summary ?? {}) as { riskBefore?: number; riskAfter?: number };
    // Waiting: running, its policy asked for approval, the simulation passed, nobody answered yet.
    const awaitingApproval = cycle.status === 'running' && policy?.requiresApproval === true && simulation?.pass_fail === true && !decided;
    const reasons = Array.isArray(policy?.approvalReasons) ? (policy.approvalReasons as string[]) : [];
    return {
      workflowId: cycle.workflowId,
      environment: cycle.environment,
      ts: cycle.startedAt,
      finishedAt: cycle.finishedAt,
      status: cycle.status,
      outcome: cycle.outcome,
      trigger: cycle.trigger,
      requester: cycle.requester,
      mode: cycle.mode,
      riskBefore: summary.riskBefore ?? null,
      riskAfter: summary.riskAfter ?? null,
      // Left-joined groups come back null when the cycle never reached that step.
      decision,
      policy,
      simulation,
      execution,
      verification,
      reward,
      awaitingApproval,
      /** Awaiting: who may approve, why, and the call; decided: who answered and how; null when none was needed. */
      approval: awaitingApproval
        ? approvalNotice({ workflowId: cycle.workflowId, environment: cycle.environment, requester: cycle.requester, reasons })
        : decided
          ? { state: decided.decision, approver: decided.approver, comment: decided.comment, ts: decided.ts, standingApprovalId: decided.standingApprovalId }
          : null,
    };
  });
}
