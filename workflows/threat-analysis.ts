// Threat analysis of one piece of captured evidence: fetch → verify → features + inference →
// record the verdict. Stops at the verdict for now; the sandbox stage will continue from here.
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EvidenceActivities } from '../activities/evidence';
import { SA } from '../temporal/ids';
import { PROFILES } from './activity-profiles';
import { failureText } from './failure-text';
import {
  threatStatusQuery,
  type ThreatAnalysisInput,
  type ThreatAnalysisResult,
  type ThreatAnalysisStatus,
  type ThreatOutcome,
} from './threat-analysis.defs';

export * from './threat-analysis.defs';

// Reads and writes are short; inference is CPU-bound and in-process, like the cycle's decisions.
const store = proxyActivities<EvidenceActivities>(PROFILES.record);
const detect = proxyActivities<EvidenceActivities>(PROFILES.decide);

export async function threatAnalysisWorkflow(input: ThreatAnalysisInput): Promise<ThreatAnalysisResult> {
  const { workflowId } = workflowInfo();
  const status: ThreatAnalysisStatus = { workflowId, evidenceId: input.evidenceId, stage: 'fetch' };
  setHandler(threatStatusQuery, () => status);
  upsertSearchAttributes([{ key: SA.kind, value: 'threat-analysis' }]);

  const finish = (outcome: ThreatOutcome): ThreatAnalysisResult => {
    status.stage = 'done';
    status.outcome = outcome;
    upsertSearchAttributes([
      { key: SA.outcome, value: outcome },
      ...(status.verdict ? [{ key: SA.verdict, value: status.verdict }] : []),
    ]);
    upsertMemo({ summary: summarize(status) });
    return { ...status, outcome };
  };

  try {
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
    return finish('analyzed');
  } catch (err) {
    status.error = failureText(err);
    // Tampered evidence is an answer, not a crash: the activity already recorded it.
    if (failureType(err) === 'IntegrityMismatch') return finish('integrity_failed');
    if (isCancellation(err)) throw err;
    // Only permanent failures get here (the profiles retry the rest): record and complete.
    return finish('failed');
  }
}

function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

function summarize(s: ThreatAnalysisStatus): string {
  if (s.outcome !== 'analyzed') return `${s.evidenceId}: ${s.outcome}`;
  return `${s.evidenceId}: ${s.verdict} (confidence ${(s.confidence ?? 0).toFixed(3)})`;
}
