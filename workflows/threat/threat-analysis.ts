// Threat analysis of one piece of captured evidence, from bytes to WAF rule: analyse (fetch,
// verify, detect: once) → record the verdict → (verdict `simulate`) the rule stage in
// threat-rule-stage.ts, fed the payloads the analysis chose. A saga (workflows/saga.ts): each rule's withdrawal is
// registered before the rule is stored, and if the analysis fails or is cancelled every withdrawal
// runs (newest first, each failure recorded, the rest still run); the outcome is then
// recorded on the evidence row and in the search attributes, even under cancellation.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EvidenceActivities } from '../../activities/threat/evidence';
import { isDuration } from '../../temporal/duration';
import { SA } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import {
  reviewRuleSignal,
  reviewRuleUpdate,
  reviewTargets,
  RULE_OUTCOME_PRECEDENCE,
  threatStatusQuery,
  type RuleOutcome,
  type RuleReviewInput,
  type ThreatAnalysisInput,
  type ThreatAnalysisResult,
  type ThreatAnalysisStatus,
  type ThreatOutcome,
} from './threat-analysis.defs';
import { Saga } from '../saga';
import { runRuleStage } from './threat-rule-stage';

export * from './threat-analysis.defs';

// Reads and writes are short; inference is CPU-bound and in-process, like the cycle's decisions.
const store = proxyActivities<EvidenceActivities>(PROFILES.record);
const detect = proxyActivities<EvidenceActivities>(PROFILES.decide);

export async function threatAnalysisWorkflow(input: ThreatAnalysisInput): Promise<ThreatAnalysisResult> {
  const { workflowId } = workflowInfo();
  const status: ThreatAnalysisStatus = { workflowId, evidenceId: input.evidenceId, stage: 'analyze', rules: [], ignoredReviews: [], compensations: [] };
  if (input.reanalyzedBy) status.reanalyzedBy = input.reanalyzedBy;
  const saga = new Saga();
  /** The stage a failure or cancellation interrupted (the story's stage reached). */
  let failedAt: ThreatAnalysisStatus['stage'] | undefined;
  setHandler(threatStatusQuery, () => status);
  const review = (r: RuleReviewInput) => {
    const targets = reviewTargets(status, r);
    const at = new Date().toISOString();
    for (const t of targets) t.review = { ...r, reviewer: r.reviewer.trim(), at };
    return targets;
  };
  setHandler(
    reviewRuleUpdate,
    async (r) => {
      const targets = review(r);
      await condition(() => targets.every((t) => t.outcome !== 'pending_review'));
      return targets;
    },
    { validator: (r) => void reviewTargets(status, r) },
  );
  setHandler(reviewRuleSignal, (r) => {
    try {
      review(r);
    } catch (err) {
      status.ignoredReviews.push(`${String(r?.reviewer)}: ${(err as Error).message}`);
    }
  });
  upsertSearchAttributes([{ key: SA.kind, value: 'threat-analysis' }]);

  const publish = () => {
    upsertSearchAttributes([
      ...(status.verdict ? [{ key: SA.verdict, value: status.verdict }] : []),
      ...(status.ruleOutcome ? [{ key: SA.ruleOutcome, value: status.ruleOutcome }] : []),
    ]);
    upsertMemo({ summary: summarize(status) });
  };
  /** Records how the analysis closed: search attributes, memo and the evidence row (even when cancelled). */
  const close = async (outcome: ThreatOutcome): Promise<void> => {
    const stage = failedAt ?? status.stage;
    status.stage = 'done';
    status.outcome = outcome;
    status.ruleOutcome = aggregate(status) ?? status.ruleOutcome ?? 'none';
    upsertSearchAttributes([{ key: SA.outcome, value: outcome }]);
    publish();
    await CancellationScope.nonCancellable(() =>
      store.recordAnalysisClosed({
        evidenceId: input.evidenceId,
        outcome,
        compensations: status.compensations,
        ...(status.error ? { error: status.error } : {}),
        story: { stage, ruleOutcome: status.ruleOutcome, simulation: status.simulation, rules: status.rules },
      }),
    );
  };
  const finish = async (outcome: ThreatOutcome): Promise<ThreatAnalysisResult> => {
    await close(outcome);
    await condition(allHandlersFinished);
    return { ...status, outcome };
  };

  try {
    if (input.reviewTimeout !== undefined && !isDuration(input.reviewTimeout)) {
      throw ApplicationFailure.create({ type: 'InvalidInput', nonRetryable: true, message: `reviewTimeout "${input.reviewTimeout}" is not a duration like 30m or 72h` });
    }
    const analysis = await detect.analyzeEvidence({ evidenceId: input.evidenceId });
    status.sha256 = analysis.evidence.sha256;
    if (analysis.evidence.submittedBy) status.submittedBy = analysis.evidence.submittedBy;

    status.stage = 'record';
    const recorded = await store.recordVerdict(analysis.verdict);
    // A re-run after an earlier verdict reports the stored one (first write wins), and its model.
    status.verdict = recorded.verdict;
    status.confidence = analysis.verdict.confidence;
    status.anomalyScore = analysis.verdict.anomalyScore;
    status.modelVersion = recorded.modelVersion;
    status.narrative = analysis.verdict.narrative;
    publish();

    if (status.verdict === 'simulate') {
      await runRuleStage({ input, status, targetEnvironment: analysis.evidence.targetEnvironment, payloads: analysis.payloads, saga, publish });
    }
    return await finish('analyzed');
  } catch (err) {
    failedAt = status.stage;
    status.error = failureText(err);
    // Tampered evidence is an answer, not a crash: the activity already recorded it.
    if (failureType(err) === 'IntegrityMismatch') return finish('integrity_failed');
    await compensate(saga, status);
    const cancelled = isCancellation(err);
    const outcome: ThreatOutcome = status.needsHuman ? 'compensation_failed' : cancelled ? 'cancelled' : 'failed';
    if (cancelled) {
      await close(outcome);
      throw err;
    }
    // Only permanent failures get here (the profiles retry the rest): record and complete.
    return finish(outcome);
  }
}

/**
 * Runs the saga's compensations (newest first, each to its end, even under cancellation: see
 * Saga.compensate) and records each; failures are listed in `needsHuman`.
 */
async function compensate(saga: Saga, status: ThreatAnalysisStatus): Promise<void> {
  if (!saga.size) return;
  status.stage = 'compensate';
  const report = await saga.compensate();
  status.compensations.push(...report.steps);
  for (const f of report.failed) log.error('compensation failed', { step: f.step, error: f.reason });
  if (report.failed.length) status.needsHuman = report.failed.map((f) => `${f.step}: ${f.reason}`);
}

function aggregate(s: ThreatAnalysisStatus): RuleOutcome | undefined {
  return RULE_OUTCOME_PRECEDENCE.find((o) => s.rules.some((r) => r.outcome === o));
}

function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function summarize(s: ThreatAnalysisStatus): string {
  const head = s.verdict ? `${s.evidenceId}: ${s.verdict} (confidence ${(s.confidence ?? 0).toFixed(3)})` : `${s.evidenceId}: ${s.stage}`;
  const rules = s.rules
    .filter((r) => r.ruleId !== undefined)
    .map((r) => `rule ${r.ruleId} ${r.outcome}${r.outcome === 'rule_verification_unavailable' ? ` (${r.reason})` : ''}`);
  return [
    head,
    s.outcome && s.outcome !== 'analyzed' ? `outcome: ${s.outcome}` : '',
    s.ruleOutcome ? `rules: ${s.ruleOutcome}` : '',
    ...rules,
    s.needsHuman ? `needs a human: ${s.needsHuman.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
