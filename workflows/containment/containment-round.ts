// One containment round of the incident-containment workflow (the first one, and each
// escalation): plan (severity gate, ranking, policy) → approval when the policy asks →
// apply the ranked actions one by one, each compensation registered first, verifying the
// essential flows after each; a step that breaks one is undone at once and the next tried.
import { condition, proxyActivities } from '@temporalio/workflow';
import type { ContainmentPlanActivities, ContainmentStepActivities } from '../../activities/containment';
import type { ApprovalRecord } from '../../domain/hardening/cycle';
import type { ContainmentPlan, IncidentStage, IncidentStatus, Suspect } from '../../domain/containment/incident';
import { PROFILES } from '../activity-profiles';
import { Saga, type CompensationReport } from '../saga';

const planner = proxyActivities<ContainmentPlanActivities>(PROFILES.decide);
const apply = proxyActivities<Pick<ContainmentStepActivities, 'applyContainment'>>(PROFILES.execute);
const checks = proxyActivities<Pick<ContainmentStepActivities, 'verifyContainment' | 'verifyRelease'>>(PROFILES.decide);
const undo = proxyActivities<Pick<ContainmentStepActivities, 'releaseContainment'>>(PROFILES.compensate);

/** What the workflow shares with a round: its status, held steps (one saga each, newest last) and the approval slot. */
export interface RoundContext {
  workflowId: string;
  status: IncidentStatus;
  tags: Record<string, string>;
  approvalTimeout: string;
  held: { step: string; saga: Saga }[];
  enter(stage: IncidentStage): void;
  approval(): ApprovalRecord | undefined;
  clearApproval(): void;
  onCompensation(report: CompensationReport): void;
}

export type RoundResult = { ok: true; plan: ContainmentPlan } | { ok: false; outcome: 'below_threshold' | 'rejected'; reason: string };

/** The undo of one step: release the hold; an answer says what was done. */
export function releaseStep(ctx: RoundContext, step: string, key: string, reason: string): Saga {
  const saga = new Saga();
  const { environment } = ctx.status;
  saga.add(step, async () => {
    const res = await undo.releaseContainment.executeWithOptions({ summary: `release ${key} (${reason})` }, [
      { workflowId: ctx.workflowId, environment, step, reason },
    ]);
    return res.status === 'nothing_to_do' ? { status: 'nothing_to_do', reason: res.reason } : res.reason;
  });
  return saga;
}

export async function containmentRound(ctx: RoundContext, round: number, severity: number, suspects: Suspect[]): Promise<RoundResult> {
  const { workflowId, status } = ctx;
  const { environment } = status;
  ctx.enter('plan');
  const plan = await planner.planContainment.executeWithOptions({ summary: `plan round ${round}: severity ${severity}, ${suspects.length} suspect(s)` }, [
    { workflowId, environment, round, severity, suspects, requester: status.requester, tags: ctx.tags },
  ]);
  status.plans.push(plan);
  if (round === 0) status.propagationBefore = plan.propagationBefore;
  status.propagationNow ??= plan.propagationBefore;
  if (!plan.gate.pass) return { ok: false, outcome: 'below_threshold', reason: plan.gate.reason };

  if (plan.requiresApproval && plan.ranked.length > 0) {
    ctx.enter('awaiting_approval');
    ctx.clearApproval();
    status.awaitingApproval = true;
    const summary = `waiting for an approver other than ${status.requester} (${ctx.approvalTimeout})`;
    const decided = await condition(() => ctx.approval() !== undefined, ctx.approvalTimeout, { summary });
    status.awaitingApproval = false;
    status.approval = ctx.approval();
    if (!decided || status.approval?.decision !== 'approved') {
      const reason = decided ? `rejected by ${status.approval?.approver}` : `no approver within ${ctx.approvalTimeout}`;
      return { ok: false, outcome: 'rejected', reason };
    }
  }

  ctx.enter('contain');
  for (const [n, c] of plan.ranked.entries()) {
    const step = `${workflowId}:step-${round}-${n}`;
    // Registered before the step: a cancellation while it runs still releases it.
    const entry = { step, saga: releaseStep(ctx, step, c.key, 'containment released') };
    ctx.held.push(entry);
    const res = await apply.applyContainment.executeWithOptions({ summary: `apply ${c.key}` }, [
      { workflowId, environment, step, action: c.action, suspects },
    ]);
    if (res.status === 'skipped') {
      ctx.held.pop();
      status.steps.push({ step, key: c.key, action: c.action, status: 'skipped', reason: res.reason });
      continue;
    }
    const v = await checks.verifyContainment.executeWithOptions({ summary: `verify essential flows after ${c.key}` }, [{ workflowId, environment, step }]);
    if (v.regression) {
      ctx.held.pop();
      const report = await releaseStep(ctx, step, c.key, `broke ${v.brokenFlows.join(', ')}`).compensate();
      ctx.onCompensation(report);
      const failed = report.failed.length > 0;
      status.steps.push({ step, key: c.key, action: c.action, status: failed ? 'release_failed' : 'broke_flow', reason: v.details.join('; ') });
      continue;
    }
    status.propagationNow = res.propagationAfter;
    status.steps.push({ step, key: c.key, action: c.action, status: 'holding', reason: res.reason, propagationAfter: res.propagationAfter });
  }
  return { ok: true, plan };
}

/** Releases every held step, newest first; each failure is recorded and the rest still run. Then checks the flows are back. */
export async function releaseAll(ctx: RoundContext): Promise<boolean> {
  let ok = true;
  for (const entry of ctx.held.splice(0).reverse()) {
    const report = await entry.saga.compensate();
    ctx.onCompensation(report);
    const step = ctx.status.steps.find((s) => s.step === entry.step);
    if (step) step.status = report.failed.length ? 'release_failed' : 'released';
    if (report.failed.length) ok = false;
  }
  return ok;
}

export async function verifyReleased(ctx: RoundContext, suspects: Suspect[]): Promise<void> {
  const { workflowId, status } = ctx;
  const r = await checks.verifyRelease.executeWithOptions({ summary: 'verify essential flows restored' }, [
    { workflowId, environment: status.environment, suspects },
  ]);
  status.restored = r.restored;
  status.restoreDetails = r.details;
  status.propagationNow = r.propagationNow;
}

/**
 * Why the first round left nothing held, in the words the incident's `error` shows (API, console,
 * workflow result): each step tried and what happened to it, then each excluded candidate's
 * reason (a missing change ticket, a flow the twin predicts would break, a policy denial), so
 * the real cause is in the message and not only in `plans[].excluded`.
 */
export function nothingHeldReason(status: IncidentStatus): string {
  const tried = status.steps.filter((s) => s.status !== 'holding' && s.status !== 'released');
  const excluded = status.plans.flatMap((p) => p.excluded.map((e) => e.reason));
  // A person can fix a policy exclusion (a ticket, an approval tag): it leads.
  const fixable = excluded.filter((r) => !/ excluded: /.test(r));
  const causes = [...tried.map((s) => `${s.key} ${s.status === 'broke_flow' ? 'broke an essential flow' : s.status}: ${s.reason}`), ...fixable, ...excluded.filter((r) => !fixable.includes(r))];
  if (!causes.length) return 'no containment action could be applied: the twin found no action for these suspects';
  const head = tried.length > 0 && tried.every((s) => s.status === 'broke_flow') && !fixable.length
    ? 'no containment action could be applied without breaking an essential flow'
    : 'no containment action could be applied';
  return `${head}: ${causes.join('; ')}`;
}
