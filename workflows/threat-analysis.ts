// Threat analysis of one piece of captured evidence, from bytes to WAF rule: fetch → verify →
// features + inference → record the verdict → (verdict `simulate`) the rule stage in
// threat-rule-stage.ts. A saga: rules stored along the way are withdrawn if the analysis fails
// or is cancelled before it completes.
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
import type { EvidenceActivities } from '../activities/evidence';
import { isDuration } from '../temporal/duration';
import { SA } from '../temporal/ids';
import { PROFILES } from './activity-profiles';
import { failureText } from './failure-text';
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
import { runRuleStage, type Compensation } from './threat-rule-stage';

export * from './threat-analysis.defs';

// Reads and writes are short; inference is CPU-bound and in-process, like the cycle's decisions.
const store = proxyActivities<EvidenceActivities>(PROFILES.record);
const detect = proxyActivities<EvidenceActivities>(PROFILES.decide);

export async function threatAnalysisWorkflow(input: ThreatAnalysisInput): Promise<ThreatAnalysisResult> {
  const { workflowId } = workflowInfo();
  const status: ThreatAnalysisStatus = { workflowId, evidenceId: input.evidenceId, stage: 'fetch', rules: [], ignoredReviews: [] };
  const compensations: Compensation[] = [];
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
  const finish = async (outcome: ThreatOutcome): Promise<ThreatAnalysisResult> => {
    status.stage = 'done';
    status.outcome = outcome;
    status.ruleOutcome = aggregate(status) ?? status.ruleOutcome ?? 'none';
    upsertSearchAttributes([{ key: SA.outcome, value: outcome }]);
    publish();
    await condition(allHandlersFinished);
    return { ...status, outcome };
  };

  try {
    if (input.reviewTimeout !== undefined && !isDuration(input.reviewTimeout)) {
      throw ApplicationFailure.create({ type: 'InvalidInput', nonRetryable: true, message: `reviewTimeout "${input.reviewTimeout}" is not a duration like 30m or 72h` });
    }
    const verified = await store.fetchAndVerifyEvidence({ evidenceId: input.evidenceId });
    status.sha256 = verified.sha256;

    status.stage = 'analyze';
    const analysis = await detect.analyzeEvidence({ evidenceId: input.evidenceId });

    status.stage = 'record';
    const recorded = await store.recordVerdict(analysis);
    // A re-run after an earlier verdict reports the stored one (first write wins).
    status.verdict = recorded.verdict;
    status.confidence = analysis.confidence;
    status.anomalyScore = analysis.anomalyScore;
    status.modelVersion = analysis.modelVersion;
    status.narrative = analysis.narrative;
    publish();

    if (status.verdict === 'simulate') {
      await runRuleStage({ input, status, targetEnvironment: verified.targetEnvironment, compensations, publish });
    }
    return await finish('analyzed');
  } catch (err) {
    status.error = failureText(err);
    // Tampered evidence is an answer, not a crash: the activity already recorded it.
    if (failureType(err) === 'IntegrityMismatch') return finish('integrity_failed');
    await compensate(compensations, status);
    if (isCancellation(err)) {
      status.ruleOutcome = aggregate(status) ?? status.ruleOutcome;
      publish();
      throw err;
    }
    // Only permanent failures get here (the profiles retry the rest): record and complete.
    return finish('failed');
  }
}

/** Runs the saga's compensations newest first; they must run even when the workflow is cancelled. */
async function compensate(compensations: Compensation[], status: ThreatAnalysisStatus): Promise<void> {
  if (!compensations.length) return;
  await CancellationScope.nonCancellable(async () => {
    for (const undo of compensations) {
      try {
        await undo();
      } catch (err) {
        log.error('compensation failed', { error: failureText(err) });
      }
    }
  });
  const neverStored = ['gatekeeper_rejected', 'duplicate', 'rule_verification_unavailable'];
  for (const r of status.rules) if (r.ruleId !== undefined && !neverStored.includes(r.outcome)) r.outcome = 'withdrawn';
  status.ruleOutcome = 'withdrawn';
}

function aggregate(s: ThreatAnalysisStatus): RuleOutcome | undefined {
  return RULE_OUTCOME_PRECEDENCE.find((o) => s.rules.some((r) => r.outcome === o));
}

function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function summarize(s: ThreatAnalysisStatus): string {
  if (!s.verdict) return `${s.evidenceId}: ${s.outcome ?? s.stage}`;
  const rules = s.rules
    .filter((r) => r.ruleId !== undefined)
    .map((r) => `rule ${r.ruleId} ${r.outcome}${r.outcome === 'rule_verification_unavailable' ? ` (${r.reason})` : ''}`);
  return [`${s.evidenceId}: ${s.verdict} (confidence ${(s.confidence ?? 0).toFixed(3)})`, s.ruleOutcome ? `rules: ${s.ruleOutcome}` : '', ...rules].filter(Boolean).join('; ');
}
