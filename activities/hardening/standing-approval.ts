// The hardening cycle's look-up of a standing approval (pre-approval) before it waits for a
// person: thin over repo/hardening/standing-approvals.ts, which enforces scope, expiry,
// revocation and four-eyes.
import type { Db } from '../../db/client';
import { getAction } from '../../domain/hardening/actions/catalog';
import { usableStandingApproval } from '../../repo/hardening/standing-approvals';

export interface StandingApprovalUse {
  grant: { id: number; grantedBy: string; reason: string; expiresAt: string } | null;
  notes: string[];
}

export function createStandingApprovalActivities(deps: { db: Db }) {
  return {
    /** The grant this cycle may use (null: wait for a person), and why grants in scope were not used. */
    async findStandingApproval(input: { workflowId: string; environment: string; requester: string; actionId: string; breakageRisk: number }): Promise<StandingApprovalUse> {
      const domain = getAction(input.actionId)?.domain ?? 'unknown';
      const { grant, notes } = await usableStandingApproval(deps.db, { environment: input.environment, requester: input.requester, domain, breakageRisk: input.breakageRisk });
      return {
        grant: grant && { id: grant.id, grantedBy: grant.grantedBy, reason: grant.reason, expiresAt: grant.expiresAt.toISOString() },
        notes,
      };
    },
  };
}

export type StandingApprovalActivities = ReturnType<typeof createStandingApprovalActivities>;
