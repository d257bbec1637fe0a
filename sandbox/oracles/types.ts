// Shared result shape for every exploit oracle. `evidence` lists the facts that decided the
// verdict (so an analyst or the rule generator can cite them); `contexts` reports each
// injection context the payload was spliced into, because a payload is usually only
// dangerous in some of them.
export type OracleKind = 'sql_injection' | 'xss' | 'command_injection' | 'path_traversal';
export type Verdict = 'exploit_possible' | 'exploit_improbable';

export interface ContextResult {
  name: string;
  exploitable: boolean;
  detail: string;
  /** The modelled target this context belongs to ('mysql', 'cmd', 'tomcat', 'js_string_single'…). */
  stack?: string;
}

export interface OracleResult {
  verdict: Verdict;
  oracle: string;
  evidence: string[];
  contexts: ContextResult[];
  /** Every stack judged (the declared one, or every modelled one when the evidence names none). */
  stacks: string[];
  /** The stacks on which some context is exploitable; empty when improbable. */
  confirmedOn: string[];
  /** Time the call took in the oracle host, engine boots excluded (ms); absent in-process. */
  durationMs?: number;
}

export const ORACLE_KINDS: readonly OracleKind[] = ['sql_injection', 'xss', 'command_injection', 'path_traversal'];

/** Folds per-context results into one verdict: any exploitable context is enough. */
export function summarise(oracle: string, contexts: ContextResult[], extra: string[] = [], stacks?: string[]): OracleResult {
  const hits = contexts.filter((c) => c.exploitable);
  const judged = stacks ?? [...new Set(contexts.map((c) => c.stack ?? oracle))];
  const confirmedOn = [...new Set(hits.map((c) => c.stack ?? oracle))];
  const line = (c: ContextResult) => `${c.stack ? `[${c.stack}] ` : ''}${c.name}: ${c.detail}`;
  const evidence = hits.length
    ? hits.map(line)
    : [`no context exploitable (${contexts.length} checked on ${judged.join(', ')})`, ...contexts.map(line)];
  return {
    verdict: hits.length ? 'exploit_possible' : 'exploit_improbable',
    oracle,
    evidence: [...evidence, ...extra],
    contexts,
    stacks: judged,
    confirmedOn,
  };
}
