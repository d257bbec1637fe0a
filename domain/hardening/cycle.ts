// The contract of a hardening cycle (input, live status, result), as plain types: the workflow,
// its activities, the API and the CLI all speak it, and none of them imports another for it.
import type { CycleOutcome } from './cycle-outcome';
import type { PolicyDecision, ProposedAction, SimulationResult } from './types';

/** A compensation that failed after its retries, with the reason: the step needs a human. */
export interface CompensationFailure {
  /** The compensated step's key, e.g. `<workflowId>:execute`. */
  step: string;
  reason: string;
}

export type ExecutorMode = 'recommend' | 'sandbox';

export interface HardeningCycleInput {
  environment: string;
  /** Who asked for the change; may not approve it. */
  requester: string;
  trigger: 'api' | 'schedule' | 'cli' | 'seed-api' | 'test';
  mode?: ExecutorMode;
  /** An operator-chosen action; skips the agent but not the gates. */
  action?: ProposedAction;
  /** Change metadata the policy reads, e.g. change_ticket, owner_approved. */
  tags?: Record<string, string>;
  /** How long to wait for an approver before rejecting, e.g. '24h'. */
  approvalTimeout?: string;
}

export type CycleStage =
  | 'snapshot'
  | 'propose'
  | 'policy'
  | 'simulate'
  | 'awaiting_approval'
  | 'execute'
  | 'verify'
  | 'compensate'
  | 'reward'
  | 'done';

export interface ApprovalInput {
  approver: string;
  comment?: string;
}

export interface ApprovalRecord extends ApprovalInput {
  decision: 'approved' | 'rejected';
  /** Approved by this standing approval (its granter is `approver`), not by a person answering. */
  standingApprovalId?: number;
}

export interface CycleStatus {
  workflowId: string;
  environment: string;
  requester: string;
  stage: CycleStage;
  outcome?: CycleOutcome;
  action?: ProposedAction;
  propensity?: number;
  explanation?: string;
  riskBefore?: number;
  riskAfter?: number;
  policy?: Pick<PolicyDecision, 'allow' | 'deny_reasons' | 'requires_approval' | 'approval_reasons' | 'policy_version'>;
  simulation?: SimulationResult;
  awaitingApproval: boolean;
  approval?: ApprovalRecord;
  /** Why standing approvals for this environment were not used (e.g. granted by the requester). */
  standingApprovalNotes?: string[];
  /** Steps whose compensation undid something (`<workflowId>:execute`, `<workflowId>:claim`). */
  compensated: string[];
  /** Compensations that failed, with the reason: these steps need a human (outcome compensation_failed). */
  compensationFailures?: CompensationFailure[];
  reward?: number;
  error?: string;
}

export type HardeningCycleResult = CycleStatus & { outcome: CycleOutcome };
