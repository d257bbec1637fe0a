// Why a workflow Update was refused. Validators throw these typed failures so the API can map
// each refusal to its own error code (api/errors.ts) instead of parsing messages.
import { ApplicationFailure } from '@temporalio/workflow';

export const UPDATE_REFUSALS = ['InvalidInput', 'SelfApprovalRefused', 'NotAwaitingApproval', 'NotAwaitingReview', 'ReviewerRefused', 'NotHolding', 'PromotionClosed'] as const;
export type UpdateRefusal = (typeof UPDATE_REFUSALS)[number];

/** A refused Update: rejected before it reaches history, so it is never retried. */
export function refuse(type: UpdateRefusal, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
