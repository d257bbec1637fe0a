// Re-verification of a stored WAF rule that was rejected or rolled back (e.g. rejected because
// the ModSecurity verifier was missing): prepare (read it back, re-check its stored payloads
// and the benign corpus) → libmodsecurity → OPA gatekeeper → store the decision (rejected |
// rolled_back → proposed → proposed | logged | rejected) → auto-apply when the gatekeeper says
// so. Nothing is written before the store, so an unavailable verifier or a failed check leaves
// the rule as it was; the withdrawal is registered before the store (saga), so a cancellation
// or failure afterwards takes the rule back out of play.
import { isCancellation, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { RuleGenerationActivities } from '../../activities/threat/rule-generation';
import type { RuleStoreActivities } from '../../activities/threat/rule-store';
import type { RuleReverifyActivities } from '../../activities/threat/rule-reverify';
import { SA } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import { Saga } from '../saga';
import { ruleReverifyStatusQuery, type RuleReverifyInput, type RuleReverifyOutcome, type RuleReverifyResult, type RuleReverifyStatus } from './rule-reverify.defs';

export * from './rule-reverify.defs';

const prepare = proxyActivities<RuleReverifyActivities>(PROFILES.decide);
const decide = proxyActivities<RuleGenerationActivities>(PROFILES.decide);
const modsec = proxyActivities<RuleGenerationActivities>(PROFILES.verifyRule);
const store = proxyActivities<RuleStoreActivities & RuleReverifyActivities>(PROFILES.recordUndoable);
const undo = proxyActivities<RuleStoreActivities>(PROFILES.compensate);

const STORED_STATUS = { auto_apply: 'proposed', human_review: 'proposed', log_only: 'logged', reject: 'rejected' } as const;
const OUTCOME = { auto_apply: 'auto_applied', human_review: 'pending_review', log_only: 'logged', reject: 'gatekeeper_rejected' } as const;

export async function ruleReverifyWorkflow(input: RuleReverifyInput): Promise<RuleReverifyResult> {
  const { workflowId } = workflowInfo();
  const status: RuleReverifyStatus = { workflowId, ruleId: input.ruleId, requester: input.requester, stage: 'prepare', compensations: [] };
  setHandler(ruleReverifyStatusQuery, () => status);
  const label = (what: string) => ({ summary: `rule ${input.ruleId}: ${what}` });
  const saga = new Saga();

  const finish = (outcome: RuleReverifyOutcome, reason: string): RuleReverifyResult => {
    Object.assign(status, { outcome, reason, stage: 'done' });
    upsertSearchAttributes([{ key: SA.ruleOutcome, value: outcome }]);
    upsertMemo({ summary: `rule ${input.ruleId} re-verified for ${input.requester}: ${outcome}` });
    return { ...status, outcome };
  };

  try {
    const rule = await prepare.prepareRuleReverify.executeWithOptions(label('read back and re-check on the benign corpus'), [{ ruleId: input.ruleId }]);
    status.previousStatus = rule.status;
    status.corpus = rule.corpus;
    if (!rule.corpus.ok) return finish('not_proposed', `not proposed: ${rule.corpus.reasons.join('; ')}`);

    status.stage = 'verify';
    status.modsec = await modsec.verifyWafRuleOnModsec.executeWithOptions(label('verify on ModSecurity'), [
      { rule: { id: rule.ruleId, secRule: rule.secRule, attackClass: rule.attackClass, pattern: rule.pattern, transforms: rule.transforms }, payloads: rule.payloads },
    ]);
    // Not the gatekeeper's call: nothing was checked, nothing is written.
    if (status.modsec.unavailable) return finish('rule_verification_unavailable', status.modsec.reason);

    status.stage = 'gatekeeper';
    const decision = await decide.gatekeepWafRule.executeWithOptions(label('gatekeeper'), [{
      rule: { id: rule.ruleId, attackClass: rule.attackClass, families: rule.families, fpRate: rule.corpus.fpRate, confidence: rule.confidence, verified: status.modsec.verified },
      evidence: rule.evidence,
      environment: rule.environment,
    }]);
    status.gatekeeper = decision;
    // People reported this rule blocking legitimate traffic: it never returns to the active set
    // without an analyst, whatever the gatekeeper's confidence. (Older histories lack fpReports.)
    const reported = rule.fpReports ?? 0;
    const action = decision.action === 'auto_apply' && reported > 0 ? 'human_review' : decision.action;
    const held = action !== decision.action ? `; held for review: ${reported} false-positive report(s) on record` : '';
    const why = `re-verified for ${input.requester}${input.reason ? ` (${input.reason})` : ''}; gatekeeper ${decision.action} (policy ${decision.policy_version.slice(0, 12)}): ${decision.reasons.join('; ')}${held}`;

    // Registered before the store: finds the rule only once the store put this run's provenance on it.
    saga.add(`withdraw rule ${rule.ruleId}`, async () => {
      const w = await undo.withdrawWafRule({ workflowId, attackClass: rule.attackClass, reason: `compensation: re-verification ${workflowId} did not complete` });
      return w.status === 'none' ? { status: 'nothing_to_do', reason: w.detail } : w.detail;
    });
    status.stage = 'store';
    const stored = await store.reproposeWafRule.executeWithOptions(label(`propose again as ${STORED_STATUS[action]}`), [{
      ruleId: rule.ruleId,
      expectStatus: rule.status,
      status: STORED_STATUS[action],
      reason: why,
      actor: input.requester,
      provenance: { ...rule.provenance, workflowId, modsec: status.modsec, gatekeeper: decision, verification: rule.corpus, reverifiedBy: input.requester },
    }]);
    status.ruleStatus = stored.status;
    if (action === 'auto_apply') {
      status.stage = 'apply';
      const applied = await store.applyWafRule.executeWithOptions(label('apply'), [{ ruleId: rule.ruleId, actor: 'system', reason: why }]);
      Object.assign(status, { ruleStatus: applied.status, rulesetVersion: applied.rulesetVersion });
    }
    return finish(OUTCOME[action], why);
  } catch (err) {
    const cancelled = isCancellation(err);
    status.stage = 'compensate';
    const report = await saga.compensate();
    status.compensations = report.steps;
    const failed = report.failed.length ? `; compensation failed, needs a human: ${report.failed.map((f) => `${f.step} (${f.reason})`).join('; ')}` : '';
    finish(cancelled ? 'cancelled' : 'failed', `${cancelled ? 'cancelled' : failureText(err)}${failed}`);
    throw err;
  }
}
