// The contract of an incident containment (input, plan, live status, result), as plain types
// shared by the workflow, its activities and the API. No I/O: safe to `import type` anywhere.
import type { ApprovalRecord, CompensationFailure } from '../hardening/cycle';
import type { ProposedAction } from '../hardening/types';
import type { Suspect } from './propagation';

export type { Suspect };

export const INCIDENT_OUTCOMES = [
  'contained',
  'resolved',
  'expired',
  'below_threshold',
  'rejected',
  'failed',
  'cancelled',
  'compensation_failed',
] as const;
/** `contained` while holding; the others are final. */
export type IncidentOutcome = (typeof INCIDENT_OUTCOMES)[number];

export const DEFAULT_CONTAINMENT_EXPIRY = '24h';

export interface IncidentInput {
  /** Caller's id of the incident (no `:`); the workflow id is `incident-containment:<environment>:<incidentId>`. */
  incidentId: string;
  environment: string;
  /** 0–10; below the policy's containment threshold nothing is applied (`below_threshold`). */
  severity: number;
  /** What raised the incident, e.g. `credential_anomaly`, `unusual_egress`. */
  signals: string[];
  suspects: Suspect[];
  /** Who raised it; may not approve its containment. */
  requester: string;
  /** Change metadata the policy reads (e.g. change_ticket in prod, owner_approved for credential removal). */
  tags?: Record<string, string>;
  /** How long containment holds before it is released on its own (default 24h). */
  expiresIn?: string;
  /** How long to wait for an approver before rejecting (default 24h). */
  approvalTimeout?: string;
}

/** One candidate of a plan, as ranked by domain/containment/rank.ts and judged by the policy. */
export interface PlannedAction {
  action: ProposedAction;
  key: string;
  ratio: number;
  stopped: number;
  blastRadius: number;
  reason: string;
  /** Policy reasons when denied (then it is not applied) or approval reasons. */
  policy: { allow: boolean; deny_reasons: string[]; requires_approval: boolean; approval_reasons: string[] };
}

export interface ContainmentPlan {
  round: number;
  /** False when the severity is below the policy's containment threshold. */
  gate: { pass: boolean; reason: string };
  propagationBefore: number;
  /** Allowed candidates, best first. */
  ranked: PlannedAction[];
  /** Left out: the twin (breaks an essential flow, stops nothing) or the policy denied them. */
  excluded: { key: string; reason: string }[];
  requiresApproval: boolean;
  approvalReasons: string[];
}

export type StepStatus = 'holding' | 'skipped' | 'broke_flow' | 'released' | 'release_failed';

export interface ContainmentStep {
  /** `<workflowId>:step-<round>-<n>`. */
  step: string;
  key: string;
  action: ProposedAction;
  status: StepStatus;
  reason: string;
  /** Propagation score once this step held (or after it was undone). */
  propagationAfter?: number;
}

export type IncidentStage = 'plan' | 'awaiting_approval' | 'contain' | 'holding' | 'release' | 'compensate' | 'done';

export interface ResolveInput {
  by: string;
  comment?: string;
}
export interface ExtendInput {
  by: string;
  /** A duration from now, e.g. 12h. */
  expiresIn: string;
}
export interface EscalateInput {
  by: string;
  /** Raised severity (never lowers it). */
  severity?: number;
  /** More suspects; their containment goes through the same gates. */
  suspects?: Suspect[];
  comment?: string;
}

export interface IncidentStatus {
  workflowId: string;
  incidentId: string;
  environment: string;
  severity: number;
  requester: string;
  suspects: Suspect[];
  stage: IncidentStage;
  outcome?: IncidentOutcome;
  awaitingApproval: boolean;
  approval?: ApprovalRecord;
  plans: ContainmentPlan[];
  steps: ContainmentStep[];
  propagationBefore?: number;
  propagationNow?: number;
  /** ISO time at which containment is released unless resolved first. */
  expiresAt?: string;
  resolvedBy?: string;
  escalations: { by: string; severity?: number; suspects: Suspect[]; outcome?: string }[];
  /** Release: every essential flow that worked before the incident works again. */
  restored?: boolean;
  restoreDetails?: string[];
  compensated: string[];
  compensationFailures: CompensationFailure[];
  error?: string;
}

export type IncidentResult = IncidentStatus & { outcome: IncidentOutcome };
