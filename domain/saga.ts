// What a saga's compensation came to, as plain data: the workflows' saga helper
// (workflows/saga.ts) reports it, the threat analysis records it on the evidence row, and the
// API returns it. Pure types and constants: safe in the workflow sandbox and outside it.

/** done: it undid something; nothing_to_do: there was nothing to undo; failed: a human must finish it. */
export const COMPENSATION_STATUSES = ['done', 'failed', 'nothing_to_do'] as const;
export type CompensationStatus = (typeof COMPENSATION_STATUSES)[number];

/** One compensation a saga ran; `reason` says what it did (when its undo said) or why it failed. */
export interface CompensationRecord {
  step: string;
  status: CompensationStatus;
  reason?: string;
}

/** A failed compensation: structurally the hardening cycle's CompensationFailure (domain/hardening/cycle.ts). */
export interface FailedCompensation {
  step: string;
  reason: string;
}
