// What the soak proves once the burst is over, from Postgres and Temporal: every accepted
// workflow completed, no action executed twice (idempotency keys), no rule stored twice, every
// failure compensated, and the hash-chained audit log verifies.
import type { Client } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { createAuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';

export interface SoakReport {
  accepted: { cycles: number; analyses: number };
  /** Temporal's close status of each accepted workflow → how many. */
  closed: Record<string, number>;
  cycleOutcomes: Record<string, number>;
  analysisOutcomes: Record<string, number>;
  executions: number;
  duplicateExecutions: number;
  rules: number;
  duplicateRules: number;
  uncompensated: number;
  /** Accepted cycles whose database record is missing or not completed. */
  cyclesNotRecorded: number;
  auditEntries: number;
  auditChain: string;
  /** Problems that make the soak fail (empty = nothing lost, nothing duplicated). */
  problems: string[];
}

const tally = (values: (string | null | undefined)[]) =>
  values.reduce<Record<string, number>>((acc, v) => ((acc[v ?? 'none'] = (acc[v ?? 'none'] ?? 0) + 1), acc), {});

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}

async function closeStatuses(client: Client, ids: string[]): Promise<Record<string, number>> {
  const statuses: string[] = [];
  for (let i = 0; i < ids.length; i += 20) {
    const batch = await Promise.all(ids.slice(i, i + 20).map((id) => client.workflow.getHandle(id).describe().then((d) => d.status.name, () => 'NOT_FOUND')));
    statuses.push(...batch);
  }
  return tally(statuses);
}

export async function checkSoak(db: Db, client: Client, accepted: { cycles: string[]; analyses: string[] }): Promise<SoakReport> {
  const problems: string[] = [];
  const closed = await closeStatuses(client, [...accepted.cycles, ...accepted.analyses]);
  const notCompleted = Object.entries(closed).filter(([s]) => s !== 'COMPLETED').reduce((n, [, c]) => n + c, 0);
  if (notCompleted) problems.push(`${notCompleted} accepted workflow(s) did not complete: ${JSON.stringify(closed)}`);

  const cycleRows = await rows<{ workflow_id: string; status: string; outcome: string | null }>(db, sql`select workflow_id, status, outcome from cycles`);
  const byId = new Map(cycleRows.map((r) => [r.workflow_id, r]));
  const cyclesNotRecorded = accepted.cycles.filter((id) => byId.get(id)?.status !== 'completed').length;
  if (cyclesNotRecorded) problems.push(`${cyclesNotRecorded} accepted cycle(s) without a completed record`);
  const cycleOutcomes = tally(accepted.cycles.map((id) => byId.get(id)?.outcome));

  const evidenceRows = await rows<{ id: string; outcome: string | null }>(db, sql`select id, outcome from evidence`);
  const analysisOutcomes = tally(evidenceRows.map((r) => r.outcome ?? 'completed'));

  const [exec] = await rows<{ n: number; keys: number }>(db, sql`select count(*)::int as n, count(distinct idempotency_key)::int as keys from executions`);
  const duplicateExecutions = exec.n - exec.keys;
  if (duplicateExecutions) problems.push(`${duplicateExecutions} action(s) executed twice`);
  const [orphans] = await rows<{ n: number }>(db, sql`select count(*)::int as n from executions e where e.idempotency_key not like e.workflow_id || ':%'`);
  if (orphans.n) problems.push(`${orphans.n} execution(s) whose idempotency key is not their workflow's`);

  const [rules] = await rows<{ n: number }>(db, sql`select count(*)::int as n from waf_rules`);
  const dupRules = await rows<{ n: number }>(db, sql`select count(*)::int as n from waf_rules group by attack_class, sec_rule having count(*) > 1`);
  const duplicateRules = dupRules.reduce((s, r) => s + r.n - 1, 0);
  if (duplicateRules) problems.push(`${duplicateRules} rule(s) stored twice`);

  const uncompensated = (cycleOutcomes.compensation_failed ?? 0) + (analysisOutcomes.compensation_failed ?? 0);
  if (uncompensated) problems.push(`${uncompensated} failure(s) whose compensation failed`);

  const audit = createAuditLog(new PgAuditSink(db));
  const chain = await audit.verify();
  if (!chain.ok) problems.push(`audit chain broken at ${chain.brokenAt}: ${chain.reason}`);
  const [auditCount] = await rows<{ n: number }>(db, sql`select count(*)::int as n from sandbox_audit`);

  return {
    accepted: { cycles: accepted.cycles.length, analyses: accepted.analyses.length },
    closed,
    cycleOutcomes,
    analysisOutcomes,
    executions: exec.n,
    duplicateExecutions,
    rules: rules.n,
    duplicateRules,
    uncompensated,
    cyclesNotRecorded,
    auditEntries: auditCount.n,
    auditChain: chain.ok ? 'verifies' : `broken at ${chain.brokenAt}`,
    problems,
  };
}
