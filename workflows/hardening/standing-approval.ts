// Pre-approval inside the hardening cycle: before waiting for a person, the cycle asks for a
// standing approval that covers it (environment, action domain, breakage risk; unrevoked,
// unexpired; never granted by its own requester). The answer is an activity result, so the
// choice is recorded in history and replays as it was made.
import { proxyActivities } from '@temporalio/workflow';
import type { StandingApprovalActivities } from '../../activities/hardening/standing-approval';
import type { ApprovalRecord, CycleStatus, HardeningCycleInput } from '../../domain/hardening/cycle';
import { PROFILES } from '../activity-profiles';

const standing = proxyActivities<StandingApprovalActivities>(PROFILES.record);

/** The approval a standing approval gives this cycle, or undefined (wait for a person). Notes why grants were skipped on `status`. */
export async function usableStandingApproval(input: HardeningCycleInput, actionId: string, status: CycleStatus): Promise<ApprovalRecord | undefined> {
  const found = await standing.findStandingApproval.executeWithOptions({ summary: `look for a standing approval of ${input.environment} not granted by ${input.requester}` }, [{
    workflowId: status.workflowId,
    environment: input.environment,
    requester: input.requester,
    actionId,
    breakageRisk: status.simulation?.predicted_impact.breakage_risk ?? 0,
  }]);
  if (found.notes.length) status.standingApprovalNotes = found.notes;
  const g = found.grant;
  if (!g) return undefined;
  return {
    approver: g.grantedBy,
    decision: 'approved',
    comment: `standing approval #${g.id} granted by ${g.grantedBy} (expires ${g.expiresAt}): ${g.reason}`,
    standingApprovalId: g.id,
  };
}
