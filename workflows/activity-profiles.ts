import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';

// Named timeout/retry profiles; every proxyActivities call picks one of these.
// Types listed in nonRetryableErrorTypes are permanent: retrying cannot fix bad input.
const PERMANENT = [
  'InvalidInput',
  'EnvironmentNotFound',
  'InvalidAction',
  'PolicyBundleInvalid',
  'EvidenceNotFound',
  // Evidence bytes that do not match their recorded SHA-256 will not match on a retry either.
  'IntegrityMismatch',
  // Thrown by policies/loader.ts (error name = failure type) for input the wasm cannot judge as OPA would.
  'PolicyInputError',
  // Database errors a retry cannot fix (activities/failures.ts databaseFailure, applied to every
  // activity by the worker's interceptor): a NUL in a string, a constraint violation.
  'DataException',
  'ConstraintViolation',
  'InvalidStatement',
];

export const PROFILES = {
  /** Short database reads/writes: retried quickly, the database may blip. */
  record: {
    startToCloseTimeout: '30s',
    retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: PERMANENT },
  },
  /**
   * Database writes a saga compensation must see (storing or applying a WAF rule). A cancelled
   * workflow waits for one in flight to finish before compensating: with TRY_CANCEL the undo
   * could run first, find nothing, and the write would commit afterwards, never undone.
   */
  recordUndoable: {
    startToCloseTimeout: '30s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: PERMANENT },
  },
  /** In-process decisions (agent scoring, OPA wasm, twin simulation): CPU-bound and fast. */
  decide: {
    startToCloseTimeout: '1m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: PERMANENT },
  },
  /**
   * Changes to the environment. Bounded attempts (why: an executor that keeps failing
   * needs a human, and the saga must get to compensate rather than retry forever).
   */
  execute: {
    startToCloseTimeout: '2m',
    // A cancelled cycle waits for a running change to finish (or acknowledge the cancel) before
    // compensating: with the default TRY_CANCEL the undo could run first, find nothing to undo,
    // and the change would commit afterwards, applied with no compensation.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      maximumAttempts: 5,
      nonRetryableErrorTypes: PERMANENT,
    },
  },
  /**
   * Exploit simulation in an isolated sandbox. The sandbox enforces its own wall-time limit
   * (SANDBOX_TIMEOUT); the activity heartbeats, so a lost worker is noticed in 30 s, not 30 m.
   * Three attempts (why: a payload that crashes the sandbox each time will keep crashing it;
   * the analysis records the abort instead of retrying forever).
   */
  simulate: {
    startToCloseTimeout: '30m',
    heartbeatTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 3, nonRetryableErrorTypes: PERMANENT },
  },
  /**
   * Saga compensations. Bounded attempts (why: a compensation that keeps failing must be
   * recorded as failed, so the run's outcome can say what needs a human, instead of hanging
   * the run for ever); about a minute and a half of retries rides out a database blip.
   */
  compensate: {
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 8, nonRetryableErrorTypes: PERMANENT },
  },
  /** Evaluating models on a dataset version (holdout, false-positive reports, regression set): CPU for seconds to minutes. */
  evaluate: {
    startToCloseTimeout: '15m',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 5, nonRetryableErrorTypes: PERMANENT },
  },
  /**
   * Training a candidate model in a worker thread. Heartbeats every second, so a lost worker is
   * noticed in 30 s and the training restarts on another (deterministic: the same artifact).
   * Bounded attempts (why: data that crashes training will keep crashing it; the run records why).
   */
  train: {
    startToCloseTimeout: '2h',
    // A cancelled run waits for the training to stop before discarding its artifact: with
    // TRY_CANCEL the discard could run first and the artifact be stored afterwards, orphaned.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    heartbeatTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 4, nonRetryableErrorTypes: PERMANENT },
  },
  /** Replays requests through libmodsecurity in a child process: seconds, not minutes. */
  verifyRule: {
    startToCloseTimeout: '2m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: PERMANENT },
  },
} satisfies Record<string, ActivityOptions>;
