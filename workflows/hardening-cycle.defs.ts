// Messages of the hardening-cycle workflow, shared by the workflow, the API and tests.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CycleOutcome } from '../domain/hardening/cycle-outcome';
import type { PolicyDecision, ProposedAction, SimulationResult } from '../domain/hardening/types';
import type { CompensationFailure } from './saga';

export type ExecutorMode = 'recommend' | 'sandbox';

export interface HardeningCycleInput {
  environment: string;
  /** Who asked for the change; may not approve it. */
  requester: string;
  trigger: 'api' | 'schedule' | 'cli' | 'seed-api' | 'test';
  mode?: ExecutorMode;
  /** An operator-chosen action; skips the agent but not the gates. */
  action?: ProposedAction;
  /** Change metadata the policy reads, e.g. change_ticket, owner_approved. */
  tags?: Record<string, string>;
  /** How long to wait for an approver before rejecting, e.g. '24h'. */
  approvalTimeout?: string;
}

export type { CycleOutcome, CompensationFailure };

export type CycleStage =
  | 'snapshot'
  | 'propose'
  | 'policy'
  | 'simulate'
  | 'awaiting_approval'
  | 'execute'
  | 'verify'
  | 'compensate'
  | 'reward'
  | 'done';

export interface ApprovalInput {
  approver: string;
  comment?: string;
}

export interface ApprovalRecord extends ApprovalInput {
  decision: 'approved' | 'rejected';
}

export interface CycleStatus {
  workflowId: string;
  environment: string;
  requester: string;
  stage: CycleStage;
  outcome?: CycleOutcome;
  action?: ProposedAction;
  propensity?: number;
  explanation?: string;
  riskBefore?: number;
  riskAfter?: number;
  policy?: Pick<PolicyDecision, 'allow' | 'deny_reasons' | 'requires_approval' | 'approval_reasons' | 'policy_version'>;
  simulation?: SimulationResult;
  awaitingApproval: boolean;
  approval?: ApprovalRecord;
  /** Steps whose compensation undid something (`<workflowId>:execute`, `<workflowId>:claim`). */
  compensated: string[];
  /** Compensations that failed, with the reason: these steps need a human (outcome compensation_failed). */
  compensationFailures?: CompensationFailure[];
  reward?: number;
  error?: string;
}

export type HardeningCycleResult = CycleStatus & { outcome: CycleOutcome };

export const cycleStatusQuery = defineQuery<CycleStatus>('status');
export const approveUpdate = defineUpdate<ApprovalRecord, [ApprovalInput]>('approve');
export const rejectUpdate = defineUpdate<ApprovalRecord, [ApprovalInput]>('reject');

/** Validator shared by both updates; throwing rejects the update before it reaches history. */
export function checkApprover(status: CycleStatus, input: ApprovalInput): void {
  if (!input || typeof input.approver !== 'string' || input.approver.trim() === '') {
    throw new Error('approver is required');
  }
  if (!status.awaitingApproval) throw new Error(`cycle is not awaiting approval (stage: ${status.stage})`);
  if (input.approver.trim().toLowerCase() === status.requester.trim().toLowerCase()) {
    throw new Error(`self-approval refused: ${input.approver} requested this change`);
  }
}
