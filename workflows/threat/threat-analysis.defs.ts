// Messages of the threat-analysis workflow, shared by the workflow, the API and tests.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ModsecCheck } from '../../activities/threat/rule-generation';
import type { PayloadSimulation, SimulationOutcome } from '../../activities/threat/simulation';
import type { UnconfirmedClass } from '../../activities/threat/simulation-payloads';
import { canonicalIdentity, identityKey, identityProblem, sameIdentity } from '../../domain/identity';
import type { CompensationRecord } from '../../domain/saga';
import { refuse } from '../refusals';

export interface ThreatAnalysisInput {
  evidenceId: string;
  /** How long a rule waits for an analyst's review before it is left unapplied (default 72h). */
  reviewTimeout?: string;
  /** Task queue of the exploit-simulation activity (default TASK_QUEUES.sandbox; tests use their own). */
  sandboxTaskQueue?: string;
  /** Who asked for this run when it is a re-analysis (the token's name): like the submitter, they may not review its rules. */
  reanalyzedBy?: string;
}

export const DEFAULT_REVIEW_TIMEOUT = '72h';

/**
 * Where the analysis is (or, in the stored story, the stage it reached). `review`: a rule waits for
 * an analyst (or its window expired with no decision); once an analyst decided, `apply` (a rule
 * approved and applied) or `reject` (every decided rule rejected in review).
 */
export type ThreatStage = 'analyze' | 'record' | 'simulate' | 'generate' | 'verify' | 'gatekeeper' | 'review' | 'apply' | 'reject' | 'compensate' | 'done';

/**
 * How the analysis closed (search attribute BulwarkOutcome, and the evidence row's outcome).
 * analyzed: a verdict is recorded (and the rule stage ran); integrity_failed: the bytes did
 * not match their SHA-256; failed: a permanent failure, its rules withdrawn; cancelled: its
 * rules withdrawn; compensation_failed: failed or cancelled, and at least one withdrawal did
 * not succeed: `needsHuman` names the rules someone must take out of play by hand.
 */
export type ThreatOutcome = 'analyzed' | 'integrity_failed' | 'failed' | 'cancelled' | 'compensation_failed';

// One compensation the saga ran (newest step first): done, nothing_to_do or failed, and why.
export type { CompensationRecord };

export type ThreatVerdict = 'simulate' | 'tag' | 'benign';

/**
 * What became of a rule (per attack class), and of the evidence as a whole (search attribute
 * BulwarkRuleOutcome). none: no rule stage (the verdict did not ask for simulation, or the
 * analysis closed before the sandbox answered); no_exploit: the sandbox
 * confirmed nothing and the classifier itself doubts (below the simulate threshold: a class it
 * is sure of gets a rule marked `confirmed: false` that only an analyst can apply, and
 * `simulation.outcome` is `unconfirmed`); sandbox_aborted: timed out, panicked or crashed; not_proposed: the rule
 * failed verification; duplicate: the same rule already exists; withdrawn: compensated;
 * rule_verification_unavailable: no libmodsecurity on the worker, so the rule could not be
 * proven and was neither judged nor stored (the reason names the fix).
 */
export type RuleOutcome =
  | 'none'
  | 'no_exploit'
  | 'sandbox_aborted'
  | 'not_proposed'
  | 'duplicate'
  | 'gatekeeper_rejected'
  | 'rule_verification_unavailable'
  | 'logged'
  | 'pending_review'
  | 'auto_applied'
  | 'approved'
  | 'review_rejected'
  | 'review_expired'
  | 'withdrawn';

/** The evidence's rule outcome is the most consequential of its rules'. */
export const RULE_OUTCOME_PRECEDENCE: readonly RuleOutcome[] = [
  'auto_applied',
  'approved',
  'pending_review',
  'review_rejected',
  'review_expired',
  'logged',
  // Above a rejection: an operator can fix it (install the verifier); a rejection is final.
  'rule_verification_unavailable',
  'gatekeeper_rejected',
  'withdrawn',
  'duplicate',
  'not_proposed',
];

export interface RuleReviewInput {
  /** The analyst's name; 'system' is refused: a review is a human decision. */
  reviewer: string;
  decision: 'approve' | 'reject';
  /** Which rule; omitted = every rule awaiting review in this analysis. */
  ruleId?: number;
  reason?: string;
}

export interface RuleTrack {
  attackClass: string;
  outcome: RuleOutcome;
  /** Why the outcome is what it is, in words. */
  reason: string;
  payloads: number;
  ruleId?: number;
  secRule?: string;
  families?: string[];
  verification?: { benign: number; fpRate: number; falsePositives: string[]; variantsTested: number; triggering: number };
  modsec?: ModsecCheck;
  gatekeeper?: { action: string; reasons: string[]; policy_version: string; tier: string | null };
  review?: RuleReviewInput & { at: string };
  rulesetVersion?: number;
  /** false: no sandbox oracle confirmed this class, only the classifier is confident; the gatekeeper sends its rule to an analyst. */
  confirmed?: false;
  /** Why each oracle declined, per stack (with `confirmed: false`). */
  oracleReasons?: string[];
}

export interface ThreatAnalysisStatus {
  workflowId: string;
  evidenceId: string;
  stage: ThreatStage;
  outcome?: ThreatOutcome;
  sha256?: string;
  verdict?: ThreatVerdict;
  confidence?: number;
  anomalyScore?: number | null;
  modelVersion?: string | null;
  narrative?: string;
  simulation?: {
    sandboxId: string | null;
    status: string;
    reason?: string;
    durationMs: number;
    simulated: PayloadSimulation[];
    /** confirmed / unconfirmed (the classifier is confident, no oracle confirmed) / no_exploit; absent before issue 12. */
    outcome?: SimulationOutcome;
    unconfirmed?: UnconfirmedClass[];
  };
  rules: RuleTrack[];
  /** Who submitted the evidence (from the analysis activity): four-eyes refuses their review. Absent when unknown. */
  submittedBy?: string;
  /** Who asked for this run, when it is a re-analysis (the input's reanalyzedBy): refused as reviewer too. */
  reanalyzedBy?: string;
  ruleOutcome?: RuleOutcome;
  /** When the review window closes (ISO), while a rule awaits review. */
  reviewDeadline?: string;
  /** Review signals that were not acted on (system reviewer, nothing awaiting review). */
  ignoredReviews: string[];
  /** What the saga undid when the analysis did not complete. */
  compensations: CompensationRecord[];
  /** Failed compensations, `step: reason`: what a human must finish (outcome compensation_failed). */
  needsHuman?: string[];
  error?: string;
}

export type ThreatAnalysisResult = ThreatAnalysisStatus & { outcome: ThreatOutcome };

export const threatStatusQuery = defineQuery<ThreatAnalysisStatus>('status');
/** Approve or reject rules awaiting review; answers once the decision is carried out. */
export const reviewRuleUpdate = defineUpdate<RuleTrack[], [RuleReviewInput]>('reviewRule');
/** Fire-and-forget form of the same review (e.g. from a chat-ops bot); invalid ones are ignored and listed. */
export const reviewRuleSignal = defineSignal<[RuleReviewInput]>('reviewRuleSignal');

/** Rules a review would act on, or why it cannot be taken. Shared by the validator and the signal. */
export function reviewTargets(status: ThreatAnalysisStatus, input: RuleReviewInput): RuleTrack[] {
  const problem = typeof input?.reviewer === 'string' ? identityProblem(input.reviewer) : 'is required';
  if (problem) throw refuse('InvalidInput', `reviewer ${problem}`);
  // On the comparison key: `ｓｙｓｔｅｍ` or `sys\u200Btem` must not pass for an analyst.
  const reviewer = identityKey(input.reviewer);
  if (/^system\b/.test(reviewer)) throw refuse('ReviewerRefused', `reviews come from an analyst, not the system (reviewer "${canonicalIdentity(input.reviewer)}")`);
  if (input.decision !== 'approve' && input.decision !== 'reject') throw refuse('InvalidInput', 'decision must be approve or reject');
  const pending = status.rules.filter((r) => r.outcome === 'pending_review' && !r.review);
  if (!pending.length) throw refuse('NotAwaitingReview', `no rule is awaiting review (stage: ${status.stage})`);
  // Four-eyes: the rules came from their evidence, so whoever submitted it (or asked for this re-analysis) is the requester.
  if (status.submittedBy && sameIdentity(status.submittedBy, input.reviewer)) {
    throw refuse('SelfApprovalRefused', `evidence ${status.evidenceId} was submitted by "${status.submittedBy}", who may not also review the rules it produced: another approver must`);
  }
  if (status.reanalyzedBy && sameIdentity(status.reanalyzedBy, input.reviewer)) {
    throw refuse('SelfApprovalRefused', `this analysis of evidence ${status.evidenceId} was re-run at the request of "${status.reanalyzedBy}", who may not also review its rules: another approver must`);
  }
  if (input.ruleId === undefined) return pending;
  const one = pending.filter((r) => r.ruleId === input.ruleId);
  if (!one.length) throw refuse('NotAwaitingReview', `rule ${input.ruleId} is not awaiting review here (awaiting: ${pending.map((r) => r.ruleId).join(', ')})`);
  return one;
}
