import { ApplicationFailure } from '@temporalio/common';

export type PermanentFailureType =
  | 'InvalidInput'
  | 'EnvironmentNotFound'
  | 'InvalidAction'
  | 'PolicyBundleInvalid'
  | 'EvidenceNotFound'
  | 'IntegrityMismatch';

/** A failure no retry can fix: bad input or a missing record. */
export function permanentFailure(type: PermanentFailureType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}
