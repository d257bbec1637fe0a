// Rule stage of threat analysis, the writes: store the generated rule with its provenance,
// apply it to the active set (by the gatekeeper or an analyst), reject it, audit an expired
// review, and the saga's compensation. Every call is safe to retry: a transition that already
// happened (this workflow's own earlier attempt) answers with the current state.
import { Context } from '@temporalio/activity';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { seedMetrics } from '../../runtime/metrics';
import {
  applyRule,
  expireReview,
  findRuleByOrigin,
  getRule,
  proposeRule,
  rejectRule,
  rollbackRule,
  RuleIdExhaustedError,
  RuleNotFoundError,
  RuleStateError,
  type RuleProvenance,
} from '../../repo/threat/rules';
import { permanentFailure } from '../failures';
import type { CandidateRule } from './rule-generation';

export interface StoredRule {
  ruleId: number;
  status: string;
  /** Active-set version after an apply/rollback. */
  rulesetVersion?: number;
}

async function current(db: Db, ruleId: number): Promise<StoredRule> {
  const found = await getRule(db, ruleId);
  if (!found) throw permanentFailure('InvalidInput', `rule ${ruleId} does not exist`);
  const version = [...found.events].reverse().find((e) => e.rulesetVersion !== null)?.rulesetVersion ?? undefined;
  return { ruleId, status: found.rule.status, rulesetVersion: version };
}

/** Runs a transition; if the rule is already where the transition leads, reports that instead. */
async function transitionTo(db: Db, ruleId: number, target: string, run: () => Promise<unknown>): Promise<StoredRule> {
  try {
    await run();
  } catch (err) {
    if (err instanceof RuleNotFoundError) throw permanentFailure('InvalidInput', err.message);
    if (!(err instanceof RuleStateError)) throw err;
    const now = await current(db, ruleId);
    if (now.status === target) return now;
    throw permanentFailure('InvalidInput', err.message, { ruleId, status: now.status });
  }
  return current(db, ruleId);
}

/** The calling workflow run's id inside an activity; undefined when called directly (tests). */
export function currentRunId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.runId;
  } catch {
    return undefined;
  }
}

export function createRuleStoreActivities(deps: { db: Db; metrics?: Registry }) {
  const { db } = deps;
  const metrics = seedMetrics(deps.metrics);
  return {
    /**
     * Stores the rule; the store picks its final id under the rule-set lock, so `ruleId` (and
     * `secRule`, re-rendered for it) may differ from the candidate's when another analysis took
     * that id first. `duplicate`: another analysis already stored the same rule (nothing stored).
     */
    async storeWafRule(input: {
      rule: Pick<CandidateRule, 'id' | 'attackClass' | 'secRule' | 'awsWaf'>;
      provenance: RuleProvenance;
      status: 'proposed' | 'logged' | 'rejected';
      reason: string;
    }): Promise<StoredRule & { secRule: string; duplicate: boolean }> {
      try {
        // The run id tells this run's own row from an earlier run's of the same workflow id (a re-analysis).
        const provenance = { ...input.provenance, runId: input.provenance.runId ?? currentRunId() };
        const { rule, duplicate } = await proposeRule(db, input.rule, provenance, { status: input.status, reason: input.reason });
        return { ruleId: rule.id, status: rule.status, secRule: rule.secRule, duplicate };
      } catch (err) {
        if (err instanceof RuleIdExhaustedError) throw permanentFailure('InvalidInput', err.message);
        throw err;
      }
    },

    async applyWafRule(input: { ruleId: number; actor: string; reason: string }): Promise<StoredRule> {
      // Counted only when this call applied it, not when a retry finds it already applied.
      return transitionTo(db, input.ruleId, 'applied', async () => {
        await applyRule(db, input.ruleId, input.actor, input.reason);
        metrics.rulesApplied.inc({ via: 'workflow' });
      });
    },

    async rejectWafRule(input: { ruleId: number; actor: string; reason: string }): Promise<StoredRule> {
      return transitionTo(db, input.ruleId, 'rejected', () => rejectRule(db, input.ruleId, input.actor, input.reason));
    },

    async expireWafRuleReview(input: { ruleId: number; reason: string }): Promise<StoredRule> {
      await expireReview(db, input.ruleId, input.reason);
      return current(db, input.ruleId);
    },

    /**
     * Compensation: takes the rule a threat analysis stored for one attack class out of play,
     * whatever state the pipeline left it in (applied → rolled back, proposed/logged → rejected).
     * Found by origin, not id, so it is safe to push before the store and to retry. `status`
     * is the rule's status afterwards; `detail` says what was done.
     */
    async withdrawWafRule(input: { workflowId: string; attackClass: string; reason: string }): Promise<StoredRule & { detail: string }> {
      const row = await findRuleByOrigin(db, input.workflowId, input.attackClass);
      if (!row) return { ruleId: 0, status: 'none', detail: `no ${input.attackClass} rule stored by ${input.workflowId}: nothing to withdraw` };
      const id = row.id;
      if (row.status === 'applied') {
        const r = await transitionTo(db, id, 'rolled_back', () => rollbackRule(db, id, 'system', input.reason));
        return { ...r, detail: `rule ${id} rolled back (rule set version ${r.rulesetVersion})` };
      }
      if (row.status === 'proposed' || row.status === 'logged') {
        const r = await transitionTo(db, id, 'rejected', () => rejectRule(db, id, 'system', input.reason));
        return { ...r, detail: `rule ${id} rejected (was ${row.status})` };
      }
      return { ruleId: id, status: row.status, detail: `rule ${id} already ${row.status}` };
    },
  };
}

export type RuleStoreActivities = ReturnType<typeof createRuleStoreActivities>;
