// Entry point: one call per attack class, dispatching to the oracle that owns it.
import { htmlOracle } from './html';
import { pathOracle } from './path';
import { shellOracle } from './shell';
import { sqlOracle } from './sql';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import type { OracleKind, OracleResult } from './types';

export type { OracleKind, OracleResult, ContextResult, Verdict } from './types';
export { ORACLE_KINDS } from './types';

const ORACLES: Record<OracleKind, (payload: string, stack?: TargetStack) => Promise<OracleResult>> = {
  sql_injection: sqlOracle,
  xss: htmlOracle,
  command_injection: shellOracle,
  path_traversal: pathOracle,
};

/** Judges `payload` as an attack of `kind` on `stack` (every modelled target for a part it leaves out). */
export function runOracle(kind: OracleKind, payload: string, stack?: TargetStack): Promise<OracleResult> {
  const oracle = ORACLES[kind];
  if (!oracle) return Promise.reject(new Error(`unknown oracle kind: ${String(kind)}`));
  return oracle(payload, stack);
}
