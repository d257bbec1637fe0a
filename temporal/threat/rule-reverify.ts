// How a rule re-verification is started (POST /api/v1/rules/{id}/reverify, tests): its id,
// queue, search attributes and dedup policy, beside the other workflows' in temporal/workflows.ts.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type WorkflowStartOptions } from '@temporalio/client';
import type { RuleReverifyInput, RuleReverifyResult } from '../../workflows/threat/rule-reverify.defs';
import { SA, TASK_QUEUES, workflowId } from '../ids';
import type { QueueOverrides } from '../workflows';

export type RuleReverifyFn = (input: RuleReverifyInput) => Promise<RuleReverifyResult>;

/**
 * `rule-reverify:<rule id>:<attempt>`, where the attempt is the number of audit events the rule
 * had when the request read it: requests racing on an unchanged rule get the same id, and each
 * change to the rule (a re-proposal, a rejection) makes the next request a new attempt.
 */
export function ruleReverifyId(ruleId: number, attempt: number): string {
  return workflowId('rule-reverify', ruleId, attempt);
}

/**
 * Start options of one re-verification. A running twin is joined (USE_EXISTING); once closed,
 * the same attempt may run again (ALLOW_DUPLICATE), e.g. after `rule_verification_unavailable`,
 * which writes nothing and so leaves the attempt number as it was.
 */
export function ruleReverifyStart(
  input: RuleReverifyInput,
  attempt: number,
  queues: QueueOverrides = {},
): WorkflowStartOptions<RuleReverifyFn> & { workflowId: string } {
  return {
    workflowId: ruleReverifyId(input.ruleId, attempt),
    taskQueue: queues.threat ?? TASK_QUEUES.threat,
    args: [input],
    typedSearchAttributes: [{ key: SA.kind, value: 'rule-reverify' }],
    memo: { summary: `re-verification of rule ${input.ruleId} for ${input.requester}` },
    staticSummary: `re-verify rule ${input.ruleId} for ${input.requester}`,
    staticDetails: 'read back → benign corpus → ModSecurity → gatekeeper → propose again (rejected | rolled back → proposed → decision) → apply if auto-apply',
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  };
}
