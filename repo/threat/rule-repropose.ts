// The way back for a rule that was turned down or rolled back: rejected | rolled_back →
// proposed, audited, then the decision of whoever proposes it again (a new analysis of the same
// exploit, or POST /api/v1/rules/{id}/reverify): stays proposed for review, logged, or rejected
// again. Applying stays applyRule's job (proposed → applied), so the active set and its
// versions change in one place only. The caller holds the rule-set lock (repo/threat/rules.ts).
import { eq, sql } from 'drizzle-orm';
import type { Db, DbTx } from '../../db/client';
import { escapeNulDeep } from '../../db/nul-escape';
import { wafRuleEvents, wafRules } from '../../db/schema';
import { isReproposable } from '../../domain/threat/rules/stored-rule';
import { lockedRule, RuleStateError, SYSTEM_ACTOR, type RuleProvenance, type WafRule } from './rules';

export type ReproposedStatus = 'proposed' | 'logged' | 'rejected';

export interface ReproposeOptions {
  /** What the proposer decided; 'proposed' waits for an analyst (or the proposer applies it next). */
  status: ReproposedStatus;
  reason: string;
  actor?: string;
  /** New rule text (same directive, fresh provenance comments); kept as stored when omitted. */
  text?: { secRule: string; awsWaf: unknown };
}

/**
 * Under the caller's rule-set lock: moves `row` (rejected or rolled back) back to proposed, then
 * to `opts.status`, replacing its provenance (the previous one is kept under `supersedes`).
 * Throws RuleStateError for any other status: a pending or active rule is never re-proposed.
 */
export async function reproposeLocked(tx: DbTx, row: WafRule, provenance: RuleProvenance, opts: ReproposeOptions): Promise<WafRule> {
  if (!isReproposable(row.status)) {
    throw new RuleStateError(row.id, row.status, `rule ${row.id} is ${row.status}; only a rejected or rolled-back rule can be proposed again`);
  }
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const previous = { status: row.status, workflowId: row.provenance.workflowId ?? null, confidence: row.confidence };
  const [rule] = await tx
    .update(wafRules)
    .set({
      status: opts.status,
      provenance: escapeNulDeep({ ...provenance, supersedes: previous }),
      confidence: provenance.confidence,
      ...(opts.text ? { secRule: opts.text.secRule, awsWaf: opts.text.awsWaf } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(wafRules.id, row.id))
    .returning();
  await tx.insert(wafRuleEvents).values({ ruleId: row.id, type: 'proposed', actor, reason: `proposed again (was ${row.status}): ${opts.reason}` });
  if (opts.status === 'rejected') await tx.insert(wafRuleEvents).values({ ruleId: row.id, type: 'rejected', actor, reason: opts.reason });
  return rule;
}

/**
 * reproposeLocked for a rule by id, in its own transaction under the rule-set lock.
 * Errors: RuleNotFoundError, RuleStateError (the rule is not rejected / rolled back, or no longer
 * in `expectStatus`: someone changed it since it was read; nothing is written then).
 */
export async function reproposeRule(
  db: Db,
  id: number,
  provenance: RuleProvenance,
  opts: ReproposeOptions & { expectStatus?: WafRule['status'] },
): Promise<WafRule> {
  return db.transaction(async (tx) => {
    const row = await lockedRule(tx, id);
    if (opts.expectStatus && row.status !== opts.expectStatus) {
      throw new RuleStateError(id, row.status, `rule ${id} is ${row.status} now, not ${opts.expectStatus} as when it was read`);
    }
    return reproposeLocked(tx, row, provenance, opts);
  });
}
