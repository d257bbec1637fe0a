import { ApplicationFailure } from '@temporalio/common';
import { pgError } from '../db/errors';

export type PermanentFailureType =
  | 'InvalidInput'
  | 'EnvironmentNotFound'
  | 'InvalidAction'
  | 'PolicyBundleInvalid'
  | 'EvidenceNotFound'
  | 'IntegrityMismatch'
  | DatabaseFailureType;

/** Database errors no retry can fix (see databaseFailure). */
export type DatabaseFailureType = 'DataException' | 'ConstraintViolation' | 'InvalidStatement';
export const DATABASE_FAILURE_TYPES: readonly DatabaseFailureType[] = ['DataException', 'ConstraintViolation', 'InvalidStatement'];

/** A failure no retry can fix: bad input or a missing record. */
export function permanentFailure(type: PermanentFailureType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

// SQLSTATEs of class 42 that a retry cannot fix. The "undefined table/column/function" ones
// (42P01, 42703, 42883) are left retryable: during a rolling deploy the migration may land
// after the worker, and the same statement then succeeds.
const INVALID_STATEMENT = new Set(['42601', '42804', '42846', '42P18', '42P08', '42725']);

/**
 * The permanent failure for a database error that can never succeed on retry, else undefined
 * (connection loss, serialization failure, deadlock, … stay retryable):
 * - class 22 data exception (22021 invalid byte sequence, 22P05 untranslatable character such
 *   as NUL in jsonb, 22001 value too long, 22003 out of range, …) and class 54 program limit
 *   (a row or index entry too large) → `DataException`;
 * - class 23 integrity constraint violation (unique, foreign key, not null, check) → `ConstraintViolation`;
 * - syntax and type errors in the statement itself → `InvalidStatement`.
 * The SQLSTATE and constraint go into the failure's details, the server's message into its message.
 */
export function databaseFailure(err: unknown): ApplicationFailure | undefined {
  if (err instanceof ApplicationFailure) return undefined;
  const pg = pgError(err);
  if (!pg) return undefined;
  const cls = pg.code.slice(0, 2);
  const type: DatabaseFailureType | undefined =
    cls === '22' || cls === '54' ? 'DataException' : cls === '23' ? 'ConstraintViolation' : INVALID_STATEMENT.has(pg.code) ? 'InvalidStatement' : undefined;
  if (!type) return undefined;
  return ApplicationFailure.create({
    type,
    message: `database refused the statement (SQLSTATE ${pg.code}${pg.constraint ? `, ${pg.constraint}` : ''}): ${pg.message}`,
    nonRetryable: true,
    // No cause: the driver's error carries the statement's parameters into the history.
    details: [{ sqlstate: pg.code, constraint: pg.constraint ?? null }],
  });
}
