// The one place that knows how each Bulwark workflow is started: its registered type, id,
// task queue, search attributes, memo and id reuse/conflict policies. The API, schedules,
// CLI, tests and benches build their start options here, so a workflow listed in the Web UI
// looks the same whoever started it, and dedup works the same everywhere.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  type Client,
  WorkflowIdReusePolicy,
  type ScheduleOptionsStartWorkflowAction,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { HardeningCycleInput, HardeningCycleResult } from '../workflows/hardening/hardening-cycle.defs';
import type { IncidentInput, IncidentResult } from '../domain/containment/incident';
import { DEFAULT_REVIEW_TIMEOUT, type ThreatAnalysisInput, type ThreatAnalysisResult } from '../workflows/threat/threat-analysis.defs';
import { SA, TASK_QUEUES, workflowId, cycleSequencePart } from './ids';

/** Registered workflow type names (the exported function names in workflows/index.ts). */
export const WORKFLOW_TYPES = {
  hardeningCycle: 'hardeningCycleWorkflow',
  threatAnalysis: 'threatAnalysisWorkflow',
  bareNoop: 'bareNoopWorkflow',
  ruleReverify: 'ruleReverifyWorkflow',
  incidentContainment: 'incidentContainmentWorkflow',
  gatedRetraining: 'gatedRetrainingWorkflow',
  canaryPromotion: 'canaryPromotionWorkflow',
} as const;

export type HardeningCycleFn = (input: HardeningCycleInput) => Promise<HardeningCycleResult>;
export type ThreatAnalysisFn = (input: ThreatAnalysisInput) => Promise<ThreatAnalysisResult>;
export type IncidentContainmentFn = (input: IncidentInput) => Promise<IncidentResult>;

/** Task queues a start may override (tests and benches run on queues of their own). */
export interface QueueOverrides {
  hardening?: string;
  threat?: string;
  sandbox?: string;
}

/**
 * How a hardening cycle's id is made:
 * - `seq`: the environment's next cycle number → `hardening-cycle:<env>:000042`;
 * - `request`: a client's idempotency key → `hardening-cycle:<env>:req-<key>`; the same key
 *   joins a running cycle and is never re-run once closed;
 * - `label`: any other caller-chosen suffix (CLI time stamp, test name).
 */
export type CycleIdPart = { seq: number } | { requestId: string } | { label: string };

export function hardeningCycleId(environment: string, part: CycleIdPart): string {
  const suffix = 'seq' in part ? cycleSequencePart(part.seq) : 'requestId' in part ? `req-${part.requestId}` : part.label;
  return workflowId('hardening-cycle', environment, suffix);
}

/** Start options of one hardening cycle. */
export function hardeningCycleStart(
  input: HardeningCycleInput,
  idPart: CycleIdPart,
  queues: QueueOverrides = {},
): WorkflowStartOptions<HardeningCycleFn> & { workflowId: string } {
  return {
    workflowId: hardeningCycleId(input.environment, idPart),
    taskQueue: queues.hardening ?? TASK_QUEUES.hardening,
    args: [input],
    typedSearchAttributes: hardeningSearchAttributes(input),
    memo: { summary: `hardening cycle for ${input.environment} requested by ${input.requester}` },
    ...hardeningMetadata(input),
    // Idempotent request ids: a concurrent twin joins the running cycle, and a finished one is
    // never re-run under the same request id. Sequence ids are unique by construction.
    ...('requestId' in idPart
      ? { workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE }
      : {}),
  };
}

/** Temporal user metadata: the Web UI's title and details of the run. */
function hardeningMetadata(input: HardeningCycleInput): { staticSummary: string; staticDetails: string } {
  const action = input.action ? `${input.action.actionId} on ${input.action.target}` : "the agent's choice";
  return {
    staticSummary: `hardening ${input.environment} for ${input.requester}: ${action} (${input.mode ?? 'sandbox'})`,
    staticDetails: `snapshot → propose → policy → simulate → approval if required (an approver other than ${input.requester}, within ${input.approvalTimeout ?? '24h'}) → execute → verify → reward`,
  };
}

function hardeningSearchAttributes(input: HardeningCycleInput) {
  return [
    { key: SA.kind, value: 'hardening-cycle' },
    { key: SA.environment, value: input.environment },
    ...(input.action ? [{ key: SA.action, value: input.action.actionId }] : []),
  ];
}

/** The Temporal Schedule id of an environment's hardening schedule: `hardening-schedule:<env>`. */
export function hardeningScheduleId(environment: string): string {
  return workflowId('hardening-schedule', environment);
}

/** The action of an environment's hardening Schedule; Temporal appends the scheduled time to the id. */
export function hardeningScheduleAction(input: HardeningCycleInput, queues: QueueOverrides = {}): ScheduleOptionsStartWorkflowAction<HardeningCycleFn> {
  return {
    type: 'startWorkflow',
    workflowType: WORKFLOW_TYPES.hardeningCycle,
    taskQueue: queues.hardening ?? TASK_QUEUES.hardening,
    args: [input],
    workflowId: hardeningCycleId(input.environment, { label: 'scheduled' }),
    typedSearchAttributes: hardeningSearchAttributes(input),
    memo: { summary: `scheduled hardening cycle for ${input.environment}` },
    ...hardeningMetadata(input),
  };
}

/** `threat-analysis:<evidence id>`: one analysis per evidence, ever. */
export function threatAnalysisId(evidenceId: string): string {
  return workflowId('threat-analysis', evidenceId);
}

/**
 * Start options of the analysis of one piece of evidence. A running twin is joined and a
 * closed analysis is never re-run for the same evidence (USE_EXISTING + REJECT_DUPLICATE),
 * so duplicate submissions and redelivered events start nothing new.
 */
export function threatAnalysisStart(
  evidenceId: string,
  opts: { reviewTimeout?: string; queues?: QueueOverrides } = {},
): WorkflowStartOptions<ThreatAnalysisFn> & { workflowId: string } {
  const queues = opts.queues ?? {};
  const input: ThreatAnalysisInput = {
    evidenceId,
    ...(opts.reviewTimeout ? { reviewTimeout: opts.reviewTimeout } : {}),
    ...(queues.sandbox ? { sandboxTaskQueue: queues.sandbox } : {}),
  };
  return {
    workflowId: threatAnalysisId(evidenceId),
    taskQueue: queues.threat ?? TASK_QUEUES.threat,
    args: [input],
    typedSearchAttributes: [{ key: SA.kind, value: 'threat-analysis' }],
    memo: { summary: `threat analysis of evidence ${evidenceId}` },
    staticSummary: `threat analysis of evidence ${evidenceId}`,
    staticDetails: `analyze → record the verdict → (simulate) sandbox replay → per confirmed attack class: rule, corpus and ModSecurity verification, gatekeeper, store → apply / log / review (within ${input.reviewTimeout ?? DEFAULT_REVIEW_TIMEOUT})`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  };
}

/**
 * Starts the analysis of one piece of evidence unless it already exists (running: joined;
 * closed: left alone). Resolves once Temporal has acknowledged the start (or the duplicate).
 */
export async function startThreatAnalysis(
  client: Client,
  evidenceId: string,
  opts: { reviewTimeout?: string; queues?: QueueOverrides } = {},
): Promise<{ workflowId: string }> {
  const options = threatAnalysisStart(evidenceId, opts);
  try {
    await client.workflow.start<ThreatAnalysisFn>(WORKFLOW_TYPES.threatAnalysis, options);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { workflowId: options.workflowId };
}

/**
 * Start options of a re-analysis: a new run of the same workflow id (`threat-analysis:<id>`),
 * allowed only once the previous run is closed (ALLOW_DUPLICATE; a running one makes the start
 * fail with WorkflowExecutionAlreadyStartedError). The Web UI lists the runs under one id.
 */
export function threatReanalysisStart(
  evidenceId: string,
  opts: { reviewTimeout?: string; queues?: QueueOverrides; reanalyzedBy?: string } = {},
): WorkflowStartOptions<ThreatAnalysisFn> & { workflowId: string } {
  const first = threatAnalysisStart(evidenceId, opts);
  const [input] = first.args;
  return {
    ...first,
    // Who asked: four-eyes refuses their review of the rules this run proposes.
    args: [{ ...input, ...(opts.reanalyzedBy ? { reanalyzedBy: opts.reanalyzedBy } : {}) }],
    memo: { summary: `re-analysis of evidence ${evidenceId}` },
    staticSummary: `re-analysis of evidence ${evidenceId}`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  };
}

/** `incident-containment:<environment>:<incident id>`: one containment per incident, ever. */
export function incidentContainmentId(environment: string, incidentId: string): string {
  return workflowId('incident-containment', environment, incidentId);
}

/**
 * Start options of one incident's containment (on the hardening queue: it changes the same
 * environment model). The same incident id joins the running workflow and never starts a
 * second one once closed (USE_EXISTING + REJECT_DUPLICATE).
 */
export function incidentContainmentStart(
  input: IncidentInput,
  queues: QueueOverrides = {},
): WorkflowStartOptions<IncidentContainmentFn> & { workflowId: string } {
  const suspects = input.suspects.map((s) => `${s.kind} ${s.id}`).join(', ');
  return {
    workflowId: incidentContainmentId(input.environment, input.incidentId),
    taskQueue: queues.hardening ?? TASK_QUEUES.hardening,
    args: [input],
    typedSearchAttributes: [
      { key: SA.kind, value: 'incident-containment' },
      { key: SA.environment, value: input.environment },
      { key: SA.severity, value: input.severity },
    ],
    memo: { summary: `incident ${input.incidentId} in ${input.environment} (severity ${input.severity}) raised by ${input.requester}` },
    staticSummary: `contain incident ${input.incidentId} in ${input.environment}: severity ${input.severity}, suspects ${suspects}`,
    staticDetails: `severity gate → rank containment by threat propagation stopped per dependency → approval if required (an approver other than ${input.requester}) → apply one by one, verifying essential flows → hold until resolve or ${input.expiresIn ?? '24h'} → release in reverse, verify flows restored`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  };
}
