// Messages of the hardening-cycle workflow, shared by the workflow, the API and tests.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CycleOutcome } from '../../domain/hardening/cycle-outcome';
import type { ApprovalInput, ApprovalRecord, CycleStatus } from '../../domain/hardening/cycle';
import { canonicalIdentity, identityProblem, sameIdentity } from '../../domain/identity';
import { refuse } from '../refusals';

export type {
  ApprovalInput,
  ApprovalRecord,
  CompensationFailure,
  CycleStage,
  CycleStatus,
  ExecutorMode,
  HardeningCycleInput,
  HardeningCycleResult,
} from '../../domain/hardening/cycle';
export type { CycleOutcome };

export const cycleStatusQuery = defineQuery<CycleStatus>('status');
export const approveUpdate = defineUpdate<ApprovalRecord, [ApprovalInput]>('approve');
export const rejectUpdate = defineUpdate<ApprovalRecord, [ApprovalInput]>('reject');

/**
 * Validator shared by both updates (of cycles and of incident containments); throwing rejects
 * the update before it reaches history.
 */
export function checkApprover(status: Pick<CycleStatus, 'awaitingApproval' | 'requester'> & { stage: string }, input: ApprovalInput): void {
  const problem = typeof input?.approver === 'string' ? identityProblem(input.approver) : 'is required';
  if (problem) throw refuse('InvalidInput', `approver ${problem}`);
  if (!status.awaitingApproval) throw refuse('NotAwaitingApproval', `not awaiting approval (stage: ${status.stage})`);
  // Canonical comparison: `car\u200Bol` or `ＣＡＲＯＬ` is still carol.
  if (sameIdentity(input.approver, status.requester)) {
    throw refuse('SelfApprovalRefused', `self-approval refused: ${status.requester} requested this change, and approver "${canonicalIdentity(input.approver)}" is the same identity`);
  }
}
