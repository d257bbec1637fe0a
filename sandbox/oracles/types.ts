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
}

export interface OracleResult {
  verdict: Verdict;
  oracle: string;
  evidence: string[];
  contexts: ContextResult[];
}

export const ORACLE_KINDS: readonly OracleKind[] = ['sql_injection', 'xss', 'command_injection', 'path_traversal'];

/** Folds per-context results into one verdict: any exploitable context is enough. */
export function summarise(oracle: string, contexts: ContextResult[], extra: string[] = []): OracleResult {
  const hits = contexts.filter((c) => c.exploitable);
  const evidence = hits.length
    ? hits.map((c) => `${c.name}: ${c.detail}`)
    : [`no context exploitable (${contexts.length} checked)`, ...contexts.map((c) => `${c.name}: ${c.detail}`)];
  return {
    verdict: hits.length ? 'exploit_possible' : 'exploit_improbable',
    oracle,
    evidence: [...evidence, ...extra],
    contexts,
  };
}
