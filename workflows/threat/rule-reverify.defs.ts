// Messages of the rule re-verification workflow (POST /api/v1/rules/{id}/reverify), shared by
// the workflow, the API and tests.
import { defineQuery } from '@temporalio/workflow';
import type { ModsecCheck } from '../../activities/threat/rule-generation';
import type { CompensationRecord } from '../../domain/saga';
import type { GatekeeperDecision } from '../../policies/gatekeeper-loader';

export interface RuleReverifyInput {
  ruleId: number;
  /** Who asked (recorded as the actor of the re-proposal in the rule's audit). */
  requester: string;
  /** Why, in the requester's words (recorded with the re-proposal). */
  reason?: string;
}

export type RuleReverifyStage = 'prepare' | 'verify' | 'gatekeeper' | 'store' | 'apply' | 'compensate' | 'done';

/**
 * How the re-verification closed. not_proposed: the stored payloads or the benign corpus no
 * longer verify the rule; rule_verification_unavailable: no libmodsecurity on the worker
 * (nothing written, the reason names the fix); gatekeeper_rejected / logged / pending_review
 * (proposed, an analyst applies it: POST /api/v1/rules/{id}/apply) / auto_applied: the
 * gatekeeper's decision, stored; failed / cancelled: whatever was stored is withdrawn.
 */
export type RuleReverifyOutcome =
  | 'not_proposed'
  | 'rule_verification_unavailable'
  | 'gatekeeper_rejected'
  | 'logged'
  | 'pending_review'
  | 'auto_applied'
  | 'failed'
  | 'cancelled';

export interface RuleReverifyStatus {
  workflowId: string;
  ruleId: number;
  requester: string;
  stage: RuleReverifyStage;
  /** The rule's status when the re-verification read it (rejected | rolled_back). */
  previousStatus?: string;
  corpus?: { ok: boolean; fpRate: number; benign: number; reasons: string[] };
  modsec?: ModsecCheck;
  gatekeeper?: GatekeeperDecision & { tier: string | null };
  outcome?: RuleReverifyOutcome;
  reason?: string;
  /** The rule's status afterwards. */
  ruleStatus?: string;
  rulesetVersion?: number;
  compensations: CompensationRecord[];
}

export type RuleReverifyResult = RuleReverifyStatus & { outcome: RuleReverifyOutcome };

export const ruleReverifyStatusQuery = defineQuery<RuleReverifyStatus>('status');
