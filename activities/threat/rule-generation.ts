// Rule stage of threat analysis, the decisions: generate a rule from a confirmed exploit and
// verify it against the benign corpus (domain/rules), prove it on real libmodsecurity, and
// ask the gatekeeper policy what to do with it. The database is only read here (to skip a rule
// that is already stored); storing (where the id is fixed) and applying are in rule-store.ts.
import { eq } from 'drizzle-orm';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { seedMetrics } from '../../runtime/metrics';
import { environments } from '../../db/schema';
import { benignCorpus } from '../../data/benign/load';
import { proposeRule } from '../../domain/threat/rules/propose';
import { withRuleId } from '../../domain/threat/rules/rule-id';
import { isReproposable } from '../../domain/threat/rules/stored-rule';
import type { AwsWafRule, ConfirmedExploit, ModsecTransform } from '../../domain/threat/rules/types';
import { ruleMatchesValue } from '../../domain/threat/rules/verify';
import { toWire } from '../../domain/threat/rules/variants';
import { ModsecRulesError, resolveModsecHarness, runModsec, INSTALL_HINT } from '../../runtime/modsec';
import { findRuleSlot } from '../../repo/threat/rules';
import { loadGatekeeperBundle, type GatekeeperDecision, type GatekeeperEngine } from '../../policies/gatekeeper-loader';

/** What the workflow carries of a generated rule (the SecRule text is the rule; the rest explains it). */
export interface CandidateRule {
  id: number;
  attackClass: ConfirmedExploit['attackClass'];
  pattern: string;
  families: string[];
  literalFallbacks: number;
  transforms: ModsecTransform[];
  secRule: string;
  awsWaf: AwsWafRule;
  verification: { benign: number; fpRate: number; falsePositives: string[]; variantsTested: number; triggering: number };
}

export type GenerationResult =
  | { status: 'proposed'; rule: CandidateRule }
  | { status: 'not_proposed'; reason: string }
  | { status: 'duplicate'; ruleId: number; existingStatus: string };

export interface ModsecCheck {
  verified: boolean;
  /** Requests replayed: every triggering payload, then the benign sample. */
  requests: number;
  denied: number;
  mismatches: string[];
  reason: string;
  /** No harness on this worker: nothing was checked, and `reason` names the command that fixes it. */
  unavailable?: true;
}

export interface RuleGenerationDeps {
  db: Db;
  gatekeeper?: GatekeeperEngine;
  /** Benign values for the false-positive budget; defaults to data/benign. */
  benign?: readonly string[];
  /**
   * libmodsecurity harness binary (the worker passes what start-up provisioned, '' for none);
   * undefined: .tools/bin/modsec-harness when built.
   */
  modsecHarness?: string;
  /** Where `cerberus_rules_generated_total` goes; the process registry when omitted. */
  metrics?: Registry;
}

/** Benign requests replayed on ModSecurity per rule: every n-th corpus line, so the sample is stable. */
export const MODSEC_BENIGN_SAMPLE = 300;

function everyNth<T>(xs: readonly T[], n: number): T[] {
  const step = Math.max(1, Math.floor(xs.length / n));
  return xs.filter((_, i) => i % step === 0).slice(0, n);
}

export function createRuleGenerationActivities(deps: RuleGenerationDeps) {
  const { db } = deps;
  let gatekeeper: Promise<GatekeeperEngine> | undefined = deps.gatekeeper ? Promise.resolve(deps.gatekeeper) : undefined;
  const benign = () => deps.benign ?? benignCorpus();
  const metrics = seedMetrics(deps.metrics);

  return {
    /**
     * Generate + verify (triggering payloads, their variants, FP < 0.1 %). The id is the rule's
     * first free one as of now; the store fixes the final id under its lock (repo/threat/rules.ts), so
     * this read only saves the work of verifying a rule that is already stored.
     */
    async generateWafRule(input: { exploit: ConfirmedExploit; generatedAt: string }): Promise<GenerationResult> {
      const p = proposeRule(input.exploit, { generatedAt: input.generatedAt, benign: benign() });
      if (!p.proposed) return { status: 'not_proposed', reason: p.reason };
      const slot = await findRuleSlot(db, p.rule);
      // A rejected or rolled-back row of the same rule does not block: the store proposes it again.
      if ('same' in slot && !isReproposable(slot.same.status)) return { status: 'duplicate', ruleId: slot.same.id, existingStatus: slot.same.status };
      const { verification: v } = p;
      const rule = withRuleId(p.rule, 'same' in slot ? slot.same.id : slot.free);
      metrics.rulesGenerated.inc({ attack_class: rule.attackClass });
      return {
        status: 'proposed',
        rule: {
          id: rule.id,
          attackClass: rule.attackClass,
          pattern: rule.pattern,
          families: rule.families.map((f) => f.family),
          literalFallbacks: rule.literalFallbacks.length,
          transforms: rule.transforms,
          secRule: rule.secRule,
          awsWaf: rule.awsWaf,
          verification: {
            benign: benign().length,
            fpRate: v.fpRate,
            falsePositives: v.falsePositives.slice(0, 5),
            variantsTested: v.variantsTested,
            triggering: v.matchedTriggering,
          },
        },
      };
    },

    /** Loads the rule into real libmodsecurity and replays triggering and benign requests. */
    async verifyWafRuleOnModsec(input: { rule: Pick<CandidateRule, 'id' | 'secRule' | 'attackClass' | 'pattern' | 'transforms'>; payloads: string[] }): Promise<ModsecCheck> {
      const harness = deps.modsecHarness ?? resolveModsecHarness();
      const none = { requests: 0, denied: 0, mismatches: [] };
      if (!harness) {
        const reason = `libmodsecurity harness not installed on this worker, so the rule cannot be verified; fix: run \`${INSTALL_HINT}\` (or set MODSEC_HARNESS) and restart the worker`;
        return { ...none, verified: false, unavailable: true, reason };
      }
      const cases = [
        ...input.payloads.map((value) => ({ value, expectDeny: true })),
        ...everyNth(benign(), MODSEC_BENIGN_SAMPLE).map((value) => ({ value, expectDeny: ruleMatchesValue(input.rule, value) })),
      ];
      let verdicts;
      try {
        verdicts = await runModsec(input.rule.secRule, cases.map((c) => ({ uri: `/p?q=${toWire(c.value)}` })), { harness });
      } catch (err) {
        if (err instanceof ModsecRulesError) return { ...none, verified: false, reason: `ModSecurity refused the rule: ${err.message}` };
        throw err; // harness crash or timeout: worth a retry
      }
      const mismatches: string[] = [];
      let denied = 0;
      verdicts.forEach((v, i) => {
        const deny = v.verdict === 'deny' && v.ruleId === input.rule.id;
        if (deny) denied++;
        if (deny !== cases[i].expectDeny) mismatches.push(`${cases[i].expectDeny ? 'expected deny' : 'expected allow'}: ${JSON.stringify(cases[i].value.slice(0, 120))}`);
      });
      const verified = mismatches.length === 0;
      const reason = verified
        ? `loaded in libmodsecurity; denied ${input.payloads.length}/${input.payloads.length} triggering requests with id ${input.rule.id}; ${cases.length - input.payloads.length} benign requests as predicted`
        : `${mismatches.length} of ${cases.length} requests not as predicted`;
      return { verified, requests: cases.length, denied, mismatches: mismatches.slice(0, 5), reason };
    },

    /** OPA gatekeeper: auto_apply / human_review / log_only / reject, with the bundle version. */
    async gatekeepWafRule(input: {
      rule: Pick<CandidateRule, 'id' | 'attackClass' | 'families'> & { fpRate: number; confidence: number; verified: boolean; confirmed?: false };
      evidence: { verdict: string; confidence: number };
      environment: string | null;
    }): Promise<GatekeeperDecision & { tier: string | null }> {
      gatekeeper ??= loadGatekeeperBundle();
      const engine = await gatekeeper;
      const [env] = input.environment
        ? await db.select({ tier: environments.tier }).from(environments).where(eq(environments.name, input.environment)).limit(1)
        : [];
      const tier = env?.tier ?? null;
      const decision = engine.evaluate({
        rule: {
          id: input.rule.id,
          attack_class: input.rule.attackClass,
          confidence: input.rule.confidence,
          verified: input.rule.verified,
          fp_rate: input.rule.fpRate,
          families: input.rule.families,
          // Only a rule no oracle confirmed says so; the policy reads an absent flag as confirmed.
          ...(input.rule.confirmed === false ? { confirmed: false } : {}),
        },
        evidence: input.evidence,
        ...(tier ? { environment: { tier } } : {}),
      });
      return { ...decision, tier };
    },
  };
}

export type RuleGenerationActivities = ReturnType<typeof createRuleGenerationActivities>;
