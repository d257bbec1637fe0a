// The WAF rule lifecycle in Postgres: proposed → applied → rolled back, with every change to
// the active set recorded as a new ruleset version and every transition as an audit event.
// Writers serialise on one advisory lock (taken before any row lock, so no lock-order
// deadlock): a version's rule_ids are then exactly the applied set at that instant, and
// versions are numbered in commit order.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbTx } from '../../db/client';
import { escapeNulDeep, unescapeNulDeep } from '../../db/nul-escape';
import { wafRuleEvents, wafRules, wafRulesetVersions, type WafRuleStatus } from '../../db/schema';
import { ruleDirective, ruleIdCandidates, withRuleId } from '../../domain/threat/rules/rule-id';
import type { GeneratedRule } from '../../domain/threat/rules/types';
import { isReproposable } from '../../domain/threat/rules/stored-rule';
import { sameIdentity } from '../../domain/identity';
import { reproposeLocked } from './rule-repropose';

export type WafRule = typeof wafRules.$inferSelect;
export type WafRuleEvent = typeof wafRuleEvents.$inferSelect;
export type RulesetVersion = typeof wafRulesetVersions.$inferSelect;

/**
 * Why the rule exists; confidence is also stored as a column (the gatekeeper decides on it).
 * `submittedBy`: who submitted the evidence an analysis proposed it from; `reanalyzedBy`: who asked
 * for that run when it was a re-analysis. Both are its requesters for four-eyes (applyRule).
 */
export type RuleProvenance = { confidence: number; evidenceIds: string[]; modelVersion: string; submittedBy?: string; reanalyzedBy?: string } & Record<string, unknown>;

export const SYSTEM_ACTOR = 'system';
export const DEFAULT_FP_THRESHOLD = 3;

export class RuleNotFoundError extends Error {
  constructor(readonly ruleId: number) {
    super(`rule ${ruleId} not found`);
    this.name = 'RuleNotFoundError';
  }
}

/** The transition is not allowed from the rule's current status. */
export class RuleStateError extends Error {
  constructor(
    readonly ruleId: number,
    readonly status: WafRuleStatus | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RuleStateError';
  }
}

/**
 * Four-eyes on overriding the gatekeeper: the people whose request put a rule up for a human may
 * not apply it: a re-verification's requester (the actor of its latest `proposed` event; `system`
 * for an analysis), whoever submitted the evidence the analysis proposed it from
 * (`provenance.submittedBy`), and whoever asked for that re-analysis (`provenance.reanalyzedBy`).
 */
export class RuleSelfApprovalError extends RuleStateError {
  constructor(ruleId: number, status: WafRuleStatus, readonly requester: string, via: 'proposal' | 'evidence' | 'reanalysis' = 'proposal') {
    const why = {
      proposal: `was proposed at the request of "${requester}"`,
      evidence: `was proposed from evidence submitted by "${requester}"`,
      reanalysis: `was proposed by a re-analysis "${requester}" asked for`,
    }[via];
    super(ruleId, status, `rule ${ruleId} ${why}, who may not also apply it: another approver must`);
    this.name = 'RuleSelfApprovalError';
  }
}

const LOCK_SQL = sql`select pg_advisory_xact_lock(hashtext('bulwark:waf_ruleset'))`;

/** Takes the rule-set lock, then the rule's row lock. Throws RuleNotFoundError. */
export async function lockedRule(tx: DbTx, id: number): Promise<WafRule> {
  await tx.execute(LOCK_SQL);
  const [row] = await tx.select().from(wafRules).where(eq(wafRules.id, id)).limit(1).for('update');
  if (!row) throw new RuleNotFoundError(id);
  return row;
}

/** Every id of the rule's class block is taken (25,000 rules of one class). */
export class RuleIdExhaustedError extends Error {
  constructor(readonly attackClass: string) {
    super(`no free rule id left in the ${attackClass} block`);
    this.name = 'RuleIdExhaustedError';
  }
}

type Candidate = Pick<GeneratedRule, 'id' | 'attackClass' | 'secRule' | 'awsWaf'>;

/** Where a rule goes: the first free id on its probe path, or the row already holding the same directive. */
export type RuleSlot = { free: number } | { same: WafRule };

/**
 * Walks the rule's id candidates (preferred id first, then its class block in probe order) and
 * stops at the first free id or at a row with the same directive. The same rule always derives
 * the same preferred id and rows are never deleted, so a duplicate is always on this path.
 */
export async function findRuleSlot(q: Db | DbTx, rule: Candidate): Promise<RuleSlot> {
  const wanted = ruleDirective(rule.secRule);
  for (const id of ruleIdCandidates(rule.attackClass, rule.id)) {
    const [row] = await q.select().from(wafRules).where(eq(wafRules.id, id)).limit(1);
    if (!row) return { free: id };
    if (ruleDirective(row.secRule) === wanted) return { same: row };
  }
  throw new RuleIdExhaustedError(rule.attackClass);
}

/**
 * Stores a generated rule as proposed (or logged / rejected, as the gatekeeper decided). The
 * id is chosen here, under the rule-set lock: the rule's own id if free, else the next free
 * one on its probe path (the text is re-rendered for it), so racing analyses never collide.
 * `duplicate`: the same directive is already stored, pending or active, by another analysis
 * (that row is returned); a retry by the same run (provenance.runId, else workflowId) returns
 * its own row. The same directive stored but rejected or rolled back does not block: that row
 * is proposed again (repo/threat/rule-repropose.ts) with this provenance and text (`reproposed`).
 */
export async function proposeRule(
  db: Db,
  rule: Candidate,
  provenance: RuleProvenance,
  opts: { status?: 'proposed' | 'logged' | 'rejected'; reason?: string; actor?: string } = {},
): Promise<{ rule: WafRule; created: boolean; duplicate: boolean; reproposed?: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(LOCK_SQL);
    const slot = await findRuleSlot(tx, rule);
    if ('same' in slot) {
      const same = slot.same;
      // A re-analysis is a new run of the same workflow id: only its own run's row is its own.
      const sameRun = provenance.runId !== undefined ? same.provenance.runId === provenance.runId : same.provenance.workflowId === provenance.workflowId;
      const own = same.secRule === rule.secRule || (provenance.workflowId !== undefined && sameRun);
      if (own) return { rule: same, created: false, duplicate: false };
      if (!isReproposable(same.status)) return { rule: same, created: false, duplicate: true };
      const text = withRuleId(rule, same.id);
      const status = opts.status ?? 'proposed';
      const again = await reproposeLocked(tx, same, provenance, { status, reason: opts.reason ?? (status === 'logged' ? 'logged only' : 'proposed by a new analysis'), actor: opts.actor, text });
      return { rule: again, created: false, duplicate: false, reproposed: true };
    }
    const placed = withRuleId(rule, slot.free);
    const status = opts.status ?? 'proposed';
    const [row] = await tx
      .insert(wafRules)
      // Provenance quotes payloads (oracle evidence), which may hold NUL: escaped (db/nul-escape.ts).
      .values({ id: placed.id, attackClass: placed.attackClass, secRule: placed.secRule, awsWaf: placed.awsWaf, provenance: escapeNulDeep(provenance), status, confidence: provenance.confidence })
      .returning();
    const actor = opts.actor ?? SYSTEM_ACTOR;
    await tx.insert(wafRuleEvents).values({ ruleId: placed.id, type: 'proposed', actor, reason: opts.reason ?? (status === 'logged' ? 'logged only' : null) });
    // A rule the gatekeeper turned down is kept (with why) but never enters the active set.
    if (status === 'rejected') await tx.insert(wafRuleEvents).values({ ruleId: placed.id, type: 'rejected', actor, reason: opts.reason ?? null });
    return { rule: row, created: true, duplicate: false };
  });
}

/** Sets the status, snapshots the new applied set as a version and audits the transition. */
async function transition(
  tx: DbTx,
  id: number,
  to: 'applied' | 'rolled_back',
  actor: string,
  reason: string | null,
): Promise<{ rule: WafRule; version: number }> {
  const [rule] = await tx.update(wafRules).set({ status: to, updatedAt: sql`now()` }).where(eq(wafRules.id, id)).returning();
  const applied = await tx.select({ id: wafRules.id }).from(wafRules).where(eq(wafRules.status, 'applied')).orderBy(asc(wafRules.id));
  const [v] = await tx
    .insert(wafRulesetVersions)
    .values({ actor, reason, ruleIds: applied.map((r) => r.id) })
    .returning({ version: wafRulesetVersions.version });
  await tx.insert(wafRuleEvents).values({ ruleId: id, type: to, actor, reason, rulesetVersion: v.version });
  return { rule, version: v.version };
}

/** Rules the gatekeeper parked (proposed for review, or logged only) may be applied. */
const APPLICABLE: readonly WafRuleStatus[] = ['proposed', 'logged'];

export async function applyRule(db: Db, id: number, actor: string, reason?: string) {
  return db.transaction(async (tx) => {
    const row = await lockedRule(tx, id);
    if (!APPLICABLE.includes(row.status)) throw new RuleStateError(id, row.status, `rule ${id} is ${row.status}; only a proposed or logged rule can be applied`);
    const [proposal] = await tx
      .select({ actor: wafRuleEvents.actor })
      .from(wafRuleEvents)
      .where(and(eq(wafRuleEvents.ruleId, id), eq(wafRuleEvents.type, 'proposed')))
      .orderBy(desc(wafRuleEvents.id))
      .limit(1);
    if (proposal && proposal.actor !== SYSTEM_ACTOR && sameIdentity(proposal.actor, actor)) throw new RuleSelfApprovalError(id, row.status, proposal.actor);
    // `system` applying is the gatekeeper's own decision, whatever the evidence's submitter is called.
    for (const via of ['evidence', 'reanalysis'] as const) {
      const requester = row.provenance[via === 'evidence' ? 'submittedBy' : 'reanalyzedBy'];
      if (typeof requester === 'string' && actor !== SYSTEM_ACTOR && sameIdentity(requester, actor)) throw new RuleSelfApprovalError(id, row.status, requester, via);
    }
    return transition(tx, id, 'applied', actor, reason ?? null);
  });
}

export async function rollbackRule(db: Db, id: number, actor: string, reason: string) {
  return db.transaction(async (tx) => {
    const row = await lockedRule(tx, id);
    if (row.status !== 'applied') throw new RuleStateError(id, row.status, `rule ${id} is ${row.status}; only an applied rule can be rolled back`);
    return transition(tx, id, 'rolled_back', actor, reason);
  });
}

/** A reviewer turns a parked rule down; it never enters the active set, so no new version. */
export async function rejectRule(db: Db, id: number, actor: string, reason?: string): Promise<WafRule> {
  return db.transaction(async (tx) => {
    const row = await lockedRule(tx, id);
    if (!APPLICABLE.includes(row.status)) throw new RuleStateError(id, row.status, `rule ${id} is ${row.status}; only a proposed or logged rule can be rejected`);
    const [rule] = await tx.update(wafRules).set({ status: 'rejected', updatedAt: sql`now()` }).where(eq(wafRules.id, id)).returning();
    await tx.insert(wafRuleEvents).values({ ruleId: id, type: 'rejected', actor, reason: reason ?? null });
    return rule;
  });
}

/** Audits that a review window closed with no decision; the rule's status does not change. */
export async function expireReview(db: Db, id: number, reason: string): Promise<WafRule> {
  return db.transaction(async (tx) => {
    const row = await lockedRule(tx, id);
    const [last] = await tx.select().from(wafRuleEvents).where(eq(wafRuleEvents.ruleId, id)).orderBy(desc(wafRuleEvents.id)).limit(1);
    // A retried activity must not audit the same expiry twice.
    if (last?.type !== 'review_expired') await tx.insert(wafRuleEvents).values({ ruleId: id, type: 'review_expired', actor: SYSTEM_ACTOR, reason });
    return row;
  });
}

export interface FalsePositiveResult {
  fpReports: number;
  rolledBack: boolean;
  /** The version the automatic rollback produced. */
  rulesetVersion?: number;
}

/**
 * Records a false-positive report. Once the count exceeds `threshold`, an applied rule is
 * rolled back in the same transaction by 'system' (compensation), audited like any rollback.
 * Reports against a rule that is not applied are still recorded: they are evidence.
 */
export async function reportFalsePositive(
  db: Db,
  id: number,
  reporter: string,
  detail: string,
  threshold: number = DEFAULT_FP_THRESHOLD,
): Promise<FalsePositiveResult> {
  return db.transaction(async (tx) => {
    await lockedRule(tx, id);
    const [row] = await tx
      .update(wafRules)
      .set({ fpReports: sql`${wafRules.fpReports} + 1`, updatedAt: sql`now()` })
      .where(eq(wafRules.id, id))
      .returning();
    await tx.insert(wafRuleEvents).values({ ruleId: id, type: 'fp_report', actor: reporter, reason: detail });
    if (row.status !== 'applied' || row.fpReports <= threshold) return { fpReports: row.fpReports, rolledBack: false };
    const reason = `automatic rollback: ${row.fpReports} false-positive reports exceed the threshold of ${threshold}`;
    const { version } = await transition(tx, id, 'rolled_back', SYSTEM_ACTOR, reason);
    return { fpReports: row.fpReports, rolledBack: true, rulesetVersion: version };
  });
}

/** A stored row as it was written: provenance strings NUL-unescaped. */
const decoded = (r: WafRule): WafRule => ({ ...r, provenance: unescapeNulDeep(r.provenance) });

export interface ActiveRuleSet {
  /** 0 before any rule was ever applied. */
  version: number;
  generatedAt: Date | null;
  rules: WafRule[];
  /** The ModSecurity .conf: a header naming the version, then each rule's provenance and SecRule. */
  text: string;
}

/** The latest version's rules. Read by the version's rule_ids, so it is one consistent snapshot. */
export async function activeRuleSet(db: Db): Promise<ActiveRuleSet> {
  const [v] = await db.select().from(wafRulesetVersions).orderBy(desc(wafRulesetVersions.version)).limit(1);
  const ids = v?.ruleIds ?? [];
  const rules = ids.length ? (await db.select().from(wafRules).where(inArray(wafRules.id, ids)).orderBy(asc(wafRules.id))).map(decoded) : [];
  const header = [
    '# Bulwark active WAF rule set',
    `# version: ${v?.version ?? 0}`,
    `# generated at: ${v ? v.ts.toISOString() : 'never'}`,
    `# rules: ${rules.length}`,
  ].join('\n');
  const text = [header, ...rules.map((r) => r.secRule.trimEnd())].join('\n\n') + '\n';
  return { version: v?.version ?? 0, generatedAt: v?.ts ?? null, rules, text };
}

export async function listRules(db: Db, opts: { status?: WafRuleStatus; limit?: number } = {}): Promise<WafRule[]> {
  const q = db.select().from(wafRules);
  const filtered = opts.status ? q.where(eq(wafRules.status, opts.status)) : q;
  return (await filtered.orderBy(desc(wafRules.createdAt), asc(wafRules.id)).limit(opts.limit ?? 100)).map(decoded);
}

/** The rule a threat analysis stored for one attack class (at most one: one exploit per class). */
export async function findRuleByOrigin(db: Db, workflowId: string, attackClass: string): Promise<WafRule | undefined> {
  const [row] = await db
    .select()
    .from(wafRules)
    .where(and(eq(wafRules.attackClass, attackClass), sql`${wafRules.provenance}->>'workflowId' = ${workflowId}`))
    .limit(1);
  return row && decoded(row);
}

export async function getRule(db: Db, id: number): Promise<{ rule: WafRule; events: WafRuleEvent[] } | undefined> {
  const [rule] = await db.select().from(wafRules).where(eq(wafRules.id, id)).limit(1);
  if (!rule) return undefined;
  const events = await db.select().from(wafRuleEvents).where(eq(wafRuleEvents.ruleId, id)).orderBy(asc(wafRuleEvents.id));
  return { rule: decoded(rule), events };
}

export async function listVersions(db: Db, opts: { limit?: number } = {}): Promise<RulesetVersion[]> {
  return db.select().from(wafRulesetVersions).orderBy(desc(wafRulesetVersions.version)).limit(opts.limit ?? 100);
}
