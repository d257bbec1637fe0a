// What a warm spare does before it is offered: load its kind's oracle and run it once on a
// fixed payload of ours that takes the whole path on every modelled stack (for SQL: the
// libpg-query load, PGlite's boot with its canary rows, sql.js, node-sql-parser's grammars;
// for shell: the mvdan/sh wasm instance). Only our own payload ever ran in a spare before the
// one evidence it serves.
import { runOracle } from '../oracles/index';
import type { OracleKind } from '../oracles/types';

export const WARM_UP_PAYLOADS: Record<OracleKind, string> = {
  sql_injection: "' OR '1'='1' -- ",
  xss: '<b onclick=x()>',
  command_injection: 'a; id',
  path_traversal: '../x',
};

/** Runs the kind's oracle once; rejects (the spare is then discarded) when it cannot. */
export async function warmUp(kind: OracleKind): Promise<void> {
  const payload = WARM_UP_PAYLOADS[kind];
  if (payload === undefined) throw new Error(`no warm-up for oracle kind ${String(kind)}`);
  await runOracle(kind, payload);
}
