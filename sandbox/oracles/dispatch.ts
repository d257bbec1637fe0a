// The oracles themselves, unbounded, in this thread: one per attack class. Only the oracle
// host (bounded/host-entry.mjs) calls this; everything else goes through runOracle (index.ts),
// which bounds each call whatever the payload.
import { htmlOracle } from './html';
import { pathOracle } from './path';
import { shellOracle } from './shell';
import { sqlOracle } from './sql';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import type { OracleKind, OracleResult } from './types';

const ORACLES: Record<OracleKind, (payload: string, stack?: TargetStack) => Promise<OracleResult>> = {
  sql_injection: sqlOracle,
  xss: htmlOracle,
  command_injection: shellOracle,
  path_traversal: pathOracle,
};

/** Judges `payload` as an attack of `kind` on `stack`, in this thread, with no time bound. */
export function judgeInProcess(kind: OracleKind, payload: string, stack?: TargetStack): Promise<OracleResult> {
  const oracle = ORACLES[kind];
  if (!oracle) return Promise.reject(new Error(`unknown oracle kind: ${String(kind)}`));
  return oracle(payload, stack);
}
