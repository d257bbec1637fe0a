// What a warm spare does before it is offered: load its kind's oracle and run it once on a
// fixed payload of ours that takes the whole path on every modelled stack (for SQL: the
// libpg-query load, PGlite's boot with its canary rows, sql.js, node-sql-parser's grammars;
// for shell: the mvdan/sh wasm instance). Only our own payload ever ran in a spare before the
// one evidence it serves.
import { runOracle, setHostKinds } from '../oracles/index';
import { SPARE_PRIORITY } from './spare-priority';
import type { OracleKind } from '../oracles/types';

export const WARM_UP_PAYLOADS: Record<OracleKind, string> = {
  sql_injection: "' OR '1'='1' -- ",
  xss: '<b onclick=x()>',
  command_injection: 'a; id',
  path_traversal: '../x',
};

/**
 * The kinds a spare of `kind` can be asked for: the runner gives a task the spare of its costliest
 * kind (sandbox/runner.ts SPARE_PRIORITY), so its other items are of cheaper kinds only.
 */
export function kindsServedBy(kind: OracleKind): OracleKind[] {
  const i = SPARE_PRIORITY.indexOf(kind);
  return i < 0 ? [...SPARE_PRIORITY] : SPARE_PRIORITY.slice(i);
}

/** Runs the kind's oracle once; rejects (the spare is then discarded) when it cannot. Its host pre-loads only the parsers of the kinds it can serve. */
export async function warmUp(kind: OracleKind): Promise<void> {
  const payload = WARM_UP_PAYLOADS[kind];
  if (payload === undefined) throw new Error(`no warm-up for oracle kind ${String(kind)}`);
  setHostKinds(kindsServedBy(kind));
  await runOracle(kind, payload);
}
