// Re-verification of a stored rule (workflows/threat/rule-reverify.ts): read it back with the
// payloads it was verified with and check it again on the benign corpus (prepare), then, after
// libmodsecurity and the gatekeeper (activities/threat/rule-generation.ts), store the decision
// (rejected | rolled_back → proposed → decided, repo/threat/rule-repropose.ts). Applying is
// applyWafRule's, as for an analysis, so both paths count rules the same way.
import { eq } from 'drizzle-orm';
import type { Registry } from 'prom-client';
import { benignCorpus } from '../../data/benign/load';
import type { Db } from '../../db/client';
import { verdicts, type WafRuleStatus } from '../../db/schema';
import { isReproposable, parseRuleCore, storedPayloads } from '../../domain/threat/rules/stored-rule';
import type { AttackClass, ModsecTransform } from '../../domain/threat/rules/types';
import { verifyRule } from '../../domain/threat/rules/verify';
import { getRule, RuleNotFoundError, RuleStateError, type RuleProvenance } from '../../repo/threat/rules';
import { reproposeRule, type ReproposedStatus } from '../../repo/threat/rule-repropose';
import { seedMetrics } from '../../runtime/metrics';
import { permanentFailure } from '../failures';
import { currentRunId, type StoredRule } from './rule-store';

export interface ReverifyPreparation {
  ruleId: number;
  /** rejected | rolled_back: the re-proposal only goes ahead from this status. */
  status: string;
  attackClass: AttackClass;
  secRule: string;
  pattern: string;
  transforms: ModsecTransform[];
  families: string[];
  payloads: string[];
  confidence: number;
  evidence: { verdict: string; confidence: number };
  environment: string | null;
  /** The stored provenance, which the re-proposal keeps and extends. */
  provenance: RuleProvenance;
  /** False-positive reports on record against this rule (an automatic rollback passed the threshold). */
  fpReports: number;
  /** The payloads, their variants and the benign corpus, checked again now. */
  corpus: { ok: boolean; fpRate: number; benign: number; reasons: string[] };
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

export function createRuleReverifyActivities(deps: { db: Db; benign?: readonly string[]; metrics?: Registry }) {
  const { db } = deps;
  const metrics = seedMetrics(deps.metrics);

  return {
    /**
     * Reads the rule back for re-verification. Permanent `InvalidInput` failures: unknown rule,
     * a status other than rejected / rolled back, no stored payloads, a SecRule not in the
     * generated form. Counts `cerberus_rules_generated_total` when the corpus check passes, as
     * generateWafRule does for an analysis.
     */
    async prepareRuleReverify(input: { ruleId: number }): Promise<ReverifyPreparation> {
      const found = await getRule(db, input.ruleId);
      if (!found) throw permanentFailure('InvalidInput', `rule ${input.ruleId} not found`);
      const { rule } = found;
      if (!isReproposable(rule.status)) {
        throw permanentFailure('InvalidInput', `rule ${rule.id} is ${rule.status}; only a rejected or rolled-back rule can be re-verified`);
      }
      const core = parseRuleCore(rule.attackClass, rule.secRule);
      if (typeof core === 'string') throw permanentFailure('InvalidInput', `rule ${rule.id}: ${core}`);
      const payloads = storedPayloads(rule.provenance);
      if (typeof payloads === 'string') throw permanentFailure('InvalidInput', `rule ${rule.id}: ${payloads}`);
      const provenance = rule.provenance as RuleProvenance;
      let evidence = provenance.evidence as ReverifyPreparation['evidence'] | undefined;
      if (!evidence) {
        const [v] = await db.select().from(verdicts).where(eq(verdicts.evidenceId, String(provenance.evidenceIds?.[0] ?? ''))).limit(1);
        evidence = { verdict: v?.verdict ?? 'unknown', confidence: v?.confidence ?? 0 };
      }
      const benign = deps.benign ?? benignCorpus();
      const v = verifyRule(core, { triggering: payloads, benign });
      if (v.ok) metrics.rulesGenerated.inc({ attack_class: core.attackClass });
      return {
        ruleId: rule.id,
        status: rule.status,
        attackClass: core.attackClass,
        secRule: rule.secRule,
        pattern: core.pattern,
        transforms: core.transforms,
        families: strings(provenance.families),
        payloads,
        confidence: rule.confidence,
        evidence,
        environment: typeof provenance.targetEnvironment === 'string' ? provenance.targetEnvironment : null,
        provenance,
        fpReports: rule.fpReports,
        corpus: { ok: v.ok, fpRate: v.fpRate, benign: benign.length, reasons: v.reasons },
      };
    },

    /**
     * Stores the gatekeeper's decision on a re-verified rule: `expectStatus` → proposed → `status`,
     * audited with `actor`, in one transaction (nothing is written when the rule changed since it
     * was read: permanent `InvalidInput`). A retry after a lost answer finds its own run's row.
     */
    async reproposeWafRule(input: {
      ruleId: number;
      expectStatus: string;
      status: ReproposedStatus;
      reason: string;
      actor: string;
      provenance: RuleProvenance;
    }): Promise<StoredRule> {
      const runId = currentRunId();
      const provenance = { ...input.provenance, ...(runId ? { runId } : {}) };
      try {
        const rule = await reproposeRule(db, input.ruleId, provenance, {
          status: input.status,
          reason: input.reason,
          actor: input.actor,
          expectStatus: input.expectStatus as WafRuleStatus,
        });
        return { ruleId: rule.id, status: rule.status };
      } catch (err) {
        if (err instanceof RuleNotFoundError) throw permanentFailure('InvalidInput', err.message);
        if (!(err instanceof RuleStateError)) throw err;
        const now = await getRule(db, input.ruleId);
        if (runId && now?.rule.provenance.runId === runId) return { ruleId: input.ruleId, status: now.rule.status };
        throw permanentFailure('InvalidInput', err.message, { ruleId: input.ruleId, status: now?.rule.status });
      }
    },
  };
}

export type RuleReverifyActivities = ReturnType<typeof createRuleReverifyActivities>;
