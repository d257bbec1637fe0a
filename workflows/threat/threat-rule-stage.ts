// The rule stage of threatAnalysisWorkflow: sandbox simulation → per confirmed attack class:
// rule generation + corpus verification → libmodsecurity verification → OPA gatekeeper →
// store → auto-apply / log / reject, or wait for an analyst's review. Each rule's compensation
// (withdraw: reject or roll back whatever this analysis stored for its class) is pushed before
// the store, so a store whose answer was lost to a cancellation is still undone.
import { msToNumber } from '@temporalio/common/lib/time';
import { condition, isCancellation, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { RuleGenerationActivities } from '../../activities/threat/rule-generation';
import type { RuleStoreActivities } from '../../activities/threat/rule-store';
import type { SimulationActivities } from '../../activities/threat/simulation';
import type { SimulationPayload, UnconfirmedClass } from '../../activities/threat/simulation-payloads';
import type { ConfirmedExploit } from '../../domain/threat/rules/types';
import { TASK_QUEUES } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import type { Saga } from '../saga';
import { DEFAULT_REVIEW_TIMEOUT, type RuleOutcome, type RuleTrack, type ThreatAnalysisInput, type ThreatAnalysisStatus } from './threat-analysis.defs';

const decide = proxyActivities<RuleGenerationActivities>(PROFILES.decide);
const modsec = proxyActivities<RuleGenerationActivities>(PROFILES.verifyRule);
const store = proxyActivities<RuleStoreActivities>(PROFILES.recordUndoable);
const undo = proxyActivities<RuleStoreActivities>(PROFILES.compensate);

/** A stored rule someone decided against: it is rejected for that reason, not withdrawn. */
const DECIDED_OUT: readonly RuleOutcome[] = ['gatekeeper_rejected', 'review_rejected'];

/**
 * Issue 12, no silent drops: a class the classifier is confident of and no oracle confirmed gets
 * a rule too, marked unconfirmed, which the gatekeeper only ever sends to an analyst. Histories
 * from before never saw an `unconfirmed` list, so they replay unchanged.
 */
export const UNCONFIRMED_PATCH = 'threat-analysis-unconfirmed-to-review';

const STORED_STATUS = { auto_apply: 'proposed', human_review: 'proposed', log_only: 'logged', reject: 'rejected' } as const;

export interface RuleStageContext {
  input: ThreatAnalysisInput;
  status: ThreatAnalysisStatus;
  targetEnvironment: string | null;
  /** What the sandbox replays: chosen and bounded by the analysis (simulation-payloads.ts). */
  payloads: SimulationPayload[];
  /** The analysis's saga: each rule's withdrawal is registered in it before the store. */
  saga: Saga;
  /** Publishes status.ruleOutcome (search attribute) while the workflow waits. */
  publish: () => void;
}

export async function runRuleStage(ctx: RuleStageContext): Promise<void> {
  const { status, input } = ctx;
  status.stage = 'simulate';
  // Exploit simulation runs on its own queue so sandbox workers scale apart from analysis.
  const sandbox = proxyActivities<SimulationActivities>({ ...PROFILES.simulate, taskQueue: input.sandboxTaskQueue ?? TASK_QUEUES.sandbox });
  let sim;
  try {
    const summary = `replay ${ctx.payloads.length} payload(s) in the sandbox`;
    sim = await sandbox.simulateExploits.executeWithOptions({ summary }, [
      { evidenceId: input.evidenceId, workflowId: status.workflowId, modelVersion: status.modelVersion ?? 'unknown', payloads: ctx.payloads },
    ]);
  } catch (err) {
    if (isCancellation(err)) throw err;
    status.simulation = { sandboxId: null, status: 'error', reason: failureText(err), durationMs: 0, simulated: [] };
    status.ruleOutcome = 'sandbox_aborted';
    return;
  }
  const { exploits, ...summary } = sim;
  status.simulation = summary;
  if (sim.status !== 'ok' && sim.status !== 'nothing_to_simulate') {
    status.ruleOutcome = 'sandbox_aborted';
    return;
  }
  const unconfirmed = sim.unconfirmed ?? [];
  // The patch marker is written only where the new branch runs (an unconfirmed class exists).
  const review = unconfirmed.length > 0 && patched(UNCONFIRMED_PATCH);
  if (!exploits.length && !review) {
    status.ruleOutcome = 'no_exploit';
    return;
  }
  for (const exploit of exploits) await ruleForExploit(ctx, exploit);
  if (review) for (const u of unconfirmed) await ruleForExploit(ctx, unconfirmedExploit(ctx, u), u);
  if (status.rules.some((r) => r.outcome === 'pending_review')) await awaitReviews(ctx);
}

/** The rule generator's input for a class no oracle confirmed: the confident payloads, and why each oracle declined. */
function unconfirmedExploit(ctx: RuleStageContext, u: UnconfirmedClass): ConfirmedExploit {
  return {
    attackClass: u.attackClass,
    payloads: u.payloads,
    evidenceIds: [ctx.input.evidenceId],
    modelVersion: ctx.status.modelVersion ?? 'unknown',
    confidence: u.confidence,
    oracleEvidence: u.reasons.map((r) => `unconfirmed: ${r}`),
  };
}

/** `unconfirmed`: the class no oracle confirmed (the rule goes to an analyst, never auto-applied). */
async function ruleForExploit(ctx: RuleStageContext, exploit: ConfirmedExploit, unconfirmed?: UnconfirmedClass): Promise<void> {
  const { status } = ctx;
  const track: RuleTrack = {
    attackClass: exploit.attackClass,
    outcome: 'not_proposed',
    reason: '',
    payloads: exploit.payloads.length,
    ...(unconfirmed ? { confirmed: false as const, oracleReasons: unconfirmed.reasons } : {}),
  };
  status.rules.push(track);

  // Each activity of this class is labelled with it in the Web UI's timeline.
  const label = (what: string) => ({ summary: `${exploit.attackClass}: ${what}` });
  status.stage = 'generate';
  const gen = await decide.generateWafRule.executeWithOptions(label('generate a rule and verify it on the corpus'), [
    { exploit, generatedAt: new Date().toISOString() },
  ]);
  if (gen.status === 'not_proposed') {
    track.reason = `not proposed: ${gen.reason}`;
    return;
  }
  if (gen.status === 'duplicate') {
    Object.assign(track, { outcome: 'duplicate', ruleId: gen.ruleId, reason: `the same rule ${gen.ruleId} already exists (${gen.existingStatus})` });
    return;
  }
  const { rule } = gen;
  Object.assign(track, { ruleId: rule.id, secRule: rule.secRule, families: rule.families, verification: rule.verification });

  status.stage = 'verify';
  track.modsec = await modsec.verifyWafRuleOnModsec.executeWithOptions(label(`verify rule ${rule.id} on ModSecurity`), [
    { rule, payloads: exploit.payloads },
  ]);
  if (track.modsec.unavailable) {
    // Not the gatekeeper's call: nothing was checked. Nothing is stored, so a later analysis
    // (once the verifier is installed) proposes the same rule afresh.
    Object.assign(track, { outcome: 'rule_verification_unavailable', reason: track.modsec.reason });
    return;
  }

  status.stage = 'gatekeeper';
  const decision = await decide.gatekeepWafRule.executeWithOptions(label(`gatekeeper for rule ${rule.id}`), [
    {
      rule: {
        id: rule.id,
        attackClass: rule.attackClass,
        families: rule.families,
        fpRate: rule.verification.fpRate,
        confidence: exploit.confidence,
        verified: track.modsec.verified,
        ...(unconfirmed ? { confirmed: false } : {}),
      },
      evidence: { verdict: status.verdict ?? 'unknown', confidence: status.confidence ?? 0 },
      environment: ctx.targetEnvironment,
    },
  ]);
  track.gatekeeper = decision;
  const why = `gatekeeper ${decision.action} (policy ${decision.policy_version.slice(0, 12)}): ${decision.reasons.join('; ')}`;

  // Registered before the store: the withdrawal finds this analysis's rule of this class, if any.
  const compensation = ctx.saga.add(`withdraw the ${exploit.attackClass} rule`, async () => {
    const w = await undo.withdrawWafRule({ workflowId: status.workflowId, attackClass: exploit.attackClass, reason: `compensation: threat analysis ${status.workflowId} did not complete` });
    if (w.status === 'none') return { status: 'nothing_to_do', reason: w.detail };
    // Out of play now, and not by a decision (gatekeeper, analyst): withdrawn by this (or an earlier) attempt.
    if (w.ruleId === track.ruleId && (w.status === 'rejected' || w.status === 'rolled_back') && !DECIDED_OUT.includes(track.outcome)) track.outcome = 'withdrawn';
    return w.detail;
  });
  const stored = await store.storeWafRule.executeWithOptions(label(`store the rule as ${STORED_STATUS[decision.action]}`), [{
    rule,
    status: STORED_STATUS[decision.action],
    reason: why,
    provenance: {
      confidence: exploit.confidence,
      evidenceIds: exploit.evidenceIds,
      modelVersion: exploit.modelVersion,
      workflowId: status.workflowId,
      oracleEvidence: exploit.oracleEvidence,
      ...(unconfirmed ? { confirmed: false } : {}),
      // What a later re-verification (POST /api/v1/rules/{id}/reverify) replays and asks again.
      payloads: exploit.payloads,
      targetEnvironment: ctx.targetEnvironment,
      evidence: { verdict: status.verdict ?? 'unknown', confidence: status.confidence ?? 0 },
      families: rule.families,
      verification: rule.verification,
      modsec: track.modsec,
      gatekeeper: decision,
      // The rule's requester for four-eyes (repo/threat/rules.ts applyRule): who submitted the evidence.
      ...(status.submittedBy ? { submittedBy: status.submittedBy } : {}),
      ...(status.reanalyzedBy ? { reanalyzedBy: status.reanalyzedBy } : {}),
    },
  }]);
  if (stored.duplicate) {
    Object.assign(track, { outcome: 'duplicate', ruleId: stored.ruleId, reason: `the same rule ${stored.ruleId} was stored by another analysis meanwhile (${stored.status})` });
    return;
  }
  // The store fixed the id under its lock: another analysis may have taken the candidate's.
  Object.assign(track, { ruleId: stored.ruleId, secRule: stored.secRule });
  compensation.step = `withdraw rule ${stored.ruleId} (${exploit.attackClass})`;
  track.reason = why;
  if (decision.action === 'reject') track.outcome = 'gatekeeper_rejected';
  else if (decision.action === 'log_only') track.outcome = 'logged';
  else if (decision.action === 'human_review') track.outcome = 'pending_review';
  else {
    status.stage = 'apply';
    const applied = await store.applyWafRule.executeWithOptions(label(`apply rule ${stored.ruleId}`), [{ ruleId: stored.ruleId, actor: 'system', reason: why }]);
    Object.assign(track, { outcome: 'auto_applied', rulesetVersion: applied.rulesetVersion });
  }
}

/** Waits for analysts' decisions until every rule is decided or the review window closes. */
async function awaitReviews(ctx: RuleStageContext): Promise<void> {
  const { status, input } = ctx;
  const timeout = input.reviewTimeout ?? DEFAULT_REVIEW_TIMEOUT;
  let expired = false;
  const pending = () => status.rules.filter((r) => r.outcome === 'pending_review');
  status.stage = 'review';
  status.ruleOutcome = 'pending_review';
  ctx.publish();
  const started = Date.now();
  // The rejection on cancellation is expected (the main flow sees it too); unhandled, it would fail the task.
  const classes = pending().map((r) => r.attackClass).join(', ');
  sleep(timeout, { summary: `review window for ${classes} (${timeout})` }).then(
    () => (expired = true),
    () => undefined,
  );
  status.reviewDeadline = new Date(started + msToNumber(timeout)).toISOString();
  const decided = () => pending().filter((r) => r.review);

  while (pending().length) {
    await condition(() => expired || decided().length > 0);
    for (const track of decided()) {
      const review = track.review!;
      const by = `${review.decision === 'approve' ? 'approved' : 'rejected'} in review by ${review.reviewer}${review.reason ? `: ${review.reason}` : ''}`;
      // The stage names the decision being carried out: the story must not say "review" once an analyst decided.
      status.stage = review.decision === 'approve' ? 'apply' : 'reject';
      if (review.decision === 'approve') {
        const summary = `${track.attackClass}: apply rule ${track.ruleId} (approved by ${review.reviewer})`;
        const applied = await store.applyWafRule.executeWithOptions({ summary }, [{ ruleId: track.ruleId!, actor: review.reviewer, reason: by }]);
        Object.assign(track, { outcome: 'approved', reason: by, rulesetVersion: applied.rulesetVersion });
      } else {
        const summary = `${track.attackClass}: reject rule ${track.ruleId} (rejected by ${review.reviewer})`;
        await store.rejectWafRule.executeWithOptions({ summary }, [{ ruleId: track.ruleId!, actor: review.reviewer, reason: by }]);
        Object.assign(track, { outcome: 'review_rejected', reason: by });
      }
    }
    if (pending().length) status.stage = 'review';
    if (expired) {
      for (const track of pending().filter((r) => !r.review)) {
        const reason = `no review within ${timeout}: left unapplied (still proposed; an analyst may apply it from /api/v1/rules)`;
        await store.expireWafRuleReview({ ruleId: track.ruleId!, reason });
        Object.assign(track, { outcome: 'review_expired', reason });
      }
    }
  }
  status.reviewDeadline = undefined;
  // Closed with mixed decisions: an applied rule is the most consequential, so the story says apply.
  if (status.rules.some((r) => r.outcome === 'approved')) status.stage = 'apply';
}
