// What each model report says: the gate checks of a retraining, the analyses behind a canary
// stage decision, a rollback or abort, a promotion. Pure builders of ModelReport (report.ts).
import type { DetectionMetrics, GateCheck } from '../datasets/gates';
import type { CanaryAnalysis } from './canary-analysis';
import type { ModelReport, ReportTable } from './report';

const GATE_OP_TEXT = { '>=': '≥', '<=': '≤' } as const;

/** The gates step of a retraining: each gate's value, limit and verdict, and the holdout metrics of both models. */
export function gateReport(input: {
  modelId: string; at: string; workflowId: string; datasetVersion: number; productionModel: string;
  passed: boolean; reasons: string[]; checks: GateCheck[]; candidate: DetectionMetrics; production: DetectionMetrics;
}): ModelReport {
  const metricRows = (['precision', 'recall', 'f1', 'fpr', 'attacks', 'benign'] as const).map((k) => [k, input.candidate[k], input.production[k]]);
  return {
    kind: 'gates',
    modelId: input.modelId,
    title: `Gates of ${input.modelId}: ${input.passed ? 'passed' : 'failed'}`,
    decision: input.passed ? 'passed' : 'gates_failed',
    at: input.at,
    reasons: input.passed ? ['every gate passed'] : input.reasons,
    facts: [['workflow', input.workflowId], ['dataset version', input.datasetVersion], ['production model compared', input.productionModel]],
    tables: [
      { title: 'Gates', columns: ['gate', 'candidate', 'limit', 'passed'], rows: input.checks.map((c) => [c.gate, c.value, `${GATE_OP_TEXT[c.op]} ${c.threshold}`, c.passed]) },
      { title: 'Holdout metrics', columns: ['metric', 'candidate', 'production'], rows: metricRows },
    ],
  };
}

function analysesTable(analyses: readonly CanaryAnalysis[]): ReportTable[] {
  const summary: ReportTable = {
    title: 'Analyses',
    columns: ['#', 'from', 'to', 'phase', 'candidate requests', 'production requests', 'why'],
    rows: analyses.map((a, i) => [i + 1, new Date(a.fromMs).toISOString(), new Date(a.toMs).toISOString(), a.phase, a.window.candidate.requests, a.window.production.requests, a.reasons.join('; ') || 'all checks passed']),
  };
  const last = analyses.at(-1);
  if (!last) return [summary];
  const checks: ReportTable = { title: 'Checks of the last analysis', columns: ['metric', 'candidate', 'production', 'limit', 'passed'], rows: last.checks.map((c) => [c.metric, c.candidate, c.production, c.limit, c.passed]) };
  const s = (m: 'candidate' | 'production') => last.window[m];
  const live: ReportTable = {
    title: 'Live stats of the last analysis',
    columns: ['model', 'requests', 'agreement', 'p50 ms', 'p95 ms', 'false-positive reports', 'verdict mix'],
    rows: (['candidate', 'production'] as const).map((m) => [m, s(m).requests, s(m).agreementRate, s(m).latencyP50Ms, s(m).latencyP95Ms, s(m).falsePositiveReports, Object.entries(s(m).verdictMix).map(([k, v]) => `${k} ${v}`).join(', ')]),
  };
  return [summary, checks, live];
}

/** A canary stage's outcome (advance, hold, rollback, abort) with the analyses that decided it. */
export function canaryReport(input: {
  kind: 'canary_stage' | 'rollback' | 'abort' | 'promotion'; modelId: string; at: string; workflowId: string;
  productionModelId: string | null; percent: number; decision: string; reasons: string[]; analyses: readonly CanaryAnalysis[];
  compensations?: readonly { step: string; status: string; reason?: string }[];
}): ModelReport {
  const titles = { canary_stage: `Canary stage ${input.percent}% of ${input.modelId}: ${input.decision}`, rollback: `Rollback of ${input.modelId} at ${input.percent}%`, abort: `Abort of ${input.modelId} at ${input.percent}%`, promotion: `Promotion of ${input.modelId} to production` };
  const tables = analysesTable(input.analyses);
  if (input.compensations?.length) tables.push({ title: 'Compensations (newest step first)', columns: ['step', 'status', 'detail'], rows: input.compensations.map((c) => [c.step, c.status, c.reason ?? null]) });
  return {
    kind: input.kind,
    modelId: input.modelId,
    title: titles[input.kind],
    decision: input.decision,
    at: input.at,
    reasons: input.reasons,
    facts: [['workflow', input.workflowId], ['production model', input.productionModelId ?? 'the committed model'], ['candidate share', `${input.percent}%`]],
    tables,
  };
}
