// Entry point: one call per attack class, dispatched to the oracle that owns it, inside the
// oracle host (bounded/host.ts): a worker thread with a memory cap that is killed when a call
// outlasts SANDBOX_ORACLE_BOUND_MS or a statement SANDBOX_STATEMENT_TIMEOUT_MS.
import type { TargetStack } from '../../domain/threat/evidence/stack';
import { sharedOracleHost } from './bounded/host';

export { setCanarySnapshot, setHostKinds } from './bounded/host';
import type { OracleKind, OracleResult } from './types';

export type { OracleKind, OracleResult, ContextResult, Verdict } from './types';
export { ORACLE_KINDS } from './types';

/**
 * Judges `payload` as an attack of `kind` on `stack` (every modelled target for a part it
 * leaves out). Resolves within the configured bound with a verdict for any payload (time spent
 * booting an engine excepted); rejects only for an unknown kind.
 */
export function runOracle(kind: OracleKind, payload: string, stack?: TargetStack): Promise<OracleResult> {
  return sharedOracleHost().run(kind, payload, stack);
}

/** Starts the oracle host now (engines still boot on first use), so the first call does not wait for it. */
export function warmOracles(): Promise<void> {
  return sharedOracleHost().start();
}

/** Stops this thread's oracle host (tests, shutdown); the next call starts a new one. */
export function closeOracles(): Promise<void> {
  return sharedOracleHost().close();
}
