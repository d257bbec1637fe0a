// Messages of the hardening-cycle workflow, shared by the workflow, the API and tests.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CycleOutcome } from '../domain/hardening/cycle-outcome';
import type { ApprovalInput, ApprovalRecord, CycleStatus } from '../domain/hardening/cycle';

export type {
  ApprovalInput,
  ApprovalRecord,
  CompensationFailure,
  CycleStage,
  CycleStatus,
  ExecutorMode,
  HardeningCycleInput,
  HardeningCycleResult,
} from '../domain/hardening/cycle';
export type { CycleOutcome };

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
