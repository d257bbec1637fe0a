// Incident containment as a saga: severity gate → rank containment actions on the twin →
// approval when the policy asks → apply one by one (compensation registered first, essential
// flows verified after each) → hold until `resolve` or the expiry timer (`extend` moves it,
// `escalate` adds actions through the same gates) → release in reverse and verify the flows
// are back. Cancellation or failure releases everything applied, records it and closes the
// record; a failing release never stops the others. Cancelled runs end as Cancelled.
import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ContainmentRecordActivities } from '../../activities/containment';
import type { ApprovalRecord } from '../../domain/hardening/cycle';
import { DEFAULT_CONTAINMENT_EXPIRY, type IncidentInput, type IncidentOutcome, type IncidentResult, type IncidentStatus, type Suspect } from '../../domain/containment/incident';
import { durationMs } from '../../temporal/duration';
import { SA } from '../../temporal/ids';
import { PROFILES } from '../activity-profiles';
import { failureText } from '../failure-text';
import { containmentRound, nothingHeldReason, releaseAll, verifyReleased, type RoundContext } from './containment-round';
import {
  approveUpdate,
  checkApprover,
  checkEscalate,
  checkExtend,
  checkResolve,
  escalateUpdate,
  extendUpdate,
  incidentStatusQuery,
  rejectUpdate,
  resolveUpdate,
} from './incident-containment.defs';

export * from './incident-containment.defs';

const records = proxyActivities<ContainmentRecordActivities>(PROFILES.record);

export async function incidentContainmentWorkflow(input: IncidentInput): Promise<IncidentResult> {
  const { workflowId } = workflowInfo();
  const status: IncidentStatus = {
    workflowId,
    incidentId: input.incidentId,
    environment: input.environment,
    severity: input.severity,
    requester: input.requester,
    suspects: [...input.suspects],
    stage: 'plan',
    awaitingApproval: false,
    plans: [],
    steps: [],
    escalations: [],
    compensated: [],
    compensationFailures: [],
  };
  let approval: ApprovalRecord | undefined;
  let resolution: { by: string; comment?: string } | undefined;
  const pending: { severity: number; suspects: Suspect[]; index: number }[] = [];
  let expiresAt = 0;

  setHandler(incidentStatusQuery, () => status);
  const decide = (decision: ApprovalRecord['decision']) => (a: { approver: string; comment?: string }) => {
    approval = { approver: a.approver.trim(), comment: a.comment, decision };
    return approval;
  };
  setHandler(approveUpdate, decide('approved'), { validator: (a) => checkApprover(status, a) });
  setHandler(rejectUpdate, decide('rejected'), { validator: (a) => checkApprover(status, a) });
  setHandler(resolveUpdate, (r) => {
    resolution = { by: r.by, comment: r.comment };
    status.resolvedBy = r.by;
    return { resolvedBy: r.by };
  }, { validator: (r) => checkResolve(status, r) });
  setHandler(extendUpdate, (e) => {
    expiresAt = Date.now() + durationMs(e.expiresIn);
    status.expiresAt = new Date(expiresAt).toISOString();
    return { expiresAt: status.expiresAt };
  }, { validator: (e) => checkExtend(status, e) });
  setHandler(escalateUpdate, (e) => {
    const severity = Math.max(status.severity, e.severity ?? 0);
    const fresh = (e.suspects ?? []).filter((s) => !status.suspects.some((o) => o.kind === s.kind && o.id === s.id));
    status.severity = severity;
    status.suspects.push(...fresh);
    status.escalations.push({ by: e.by, severity: e.severity, suspects: fresh });
    pending.push({ severity, suspects: [...status.suspects], index: status.escalations.length - 1 });
    return { escalation: status.escalations.length };
  }, { validator: (e) => checkEscalate(status, e) });

  const ctx: RoundContext = {
    workflowId,
    status,
    tags: { incident: input.incidentId, ...input.tags },
    approvalTimeout: input.approvalTimeout ?? '24h',
    held: [],
    enter: (stage) => {
      status.stage = stage;
    },
    approval: () => approval,
    clearApproval: () => {
      approval = undefined;
    },
    onCompensation: (report) => {
      status.compensated.push(...report.compensated);
      status.compensationFailures.push(...report.failed);
    },
  };
  upsertSearchAttributes([
    { key: SA.kind, value: 'incident-containment' },
    { key: SA.environment, value: input.environment },
    { key: SA.severity, value: input.severity },
  ]);
  await CancellationScope.nonCancellable(() => records.recordIncidentStarted({ workflowId, ...input }));

  const finish = async (outcome: IncidentOutcome): Promise<IncidentResult> => {
    status.outcome = outcome;
    status.stage = 'done';
    status.awaitingApproval = false;
    await CancellationScope.nonCancellable(() => records.recordIncidentOutcome({ workflowId, status }));
    upsertSearchAttributes([{ key: SA.outcome, value: outcome }]);
    upsertMemo({ summary: summarize(status) });
    return { ...status, outcome };
  };
  /** Releases everything held; false when a release failed (the outcome becomes compensation_failed). */
  const release = async (): Promise<boolean> => {
    ctx.enter('release');
    const ok = await releaseAll(ctx);
    if (!ok) {
      const steps = status.compensationFailures.map((f) => `${f.step} (${f.reason})`).join('; ');
      status.error = `${status.error ? `${status.error}; ` : ''}release failed, needs a human: ${steps}`;
    }
    await CancellationScope.nonCancellable(() => verifyReleased(ctx, status.suspects));
    return ok && status.compensationFailures.length === 0;
  };

  try {
    const first = await containmentRound(ctx, 0, input.severity, status.suspects);
    if (!first.ok) {
      status.error = first.reason;
      return await finish(first.outcome);
    }
    if (ctx.held.length === 0) {
      status.error = nothingHeldReason(status);
      const undone = await release();
      return await finish(undone ? 'failed' : 'compensation_failed');
    }

    expiresAt = Date.now() + durationMs(input.expiresIn ?? DEFAULT_CONTAINMENT_EXPIRY);
    status.expiresAt = new Date(expiresAt).toISOString();
    status.outcome = 'contained';
    const holding = async (note: string) => {
      ctx.enter('holding');
      await records.recordIncidentHolding({ workflowId, key: `${workflowId}:holding-${note}`, status });
      upsertSearchAttributes([{ key: SA.outcome, value: 'contained' }]);
      upsertMemo({ summary: summarize(status) });
    };
    await holding('0');

    let expired = false;
    for (;;) {
      const next = pending.shift();
      if (next) {
        const round = next.index + 1;
        const r = await containmentRound(ctx, round, next.severity, next.suspects);
        status.escalations[next.index].outcome = r.ok ? 'applied' : `${r.outcome}: ${r.reason}`;
        await holding(String(round));
        continue;
      }
      if (resolution) break;
      const left = expiresAt - Date.now();
      if (left <= 0) {
        expired = true;
        break;
      }
      const seen = expiresAt;
      const summary = `holding containment until ${status.expiresAt} or resolve`;
      await condition(() => resolution !== undefined || pending.length > 0 || expiresAt !== seen, left, { summary });
    }
    await records.recordIncidentEvent({
      workflowId,
      key: `${workflowId}:release`,
      kind: expired ? 'expired' : 'resolved',
      detail: expired ? { expiresAt: status.expiresAt } : resolution,
    });
    const undone = await release();
    return await finish(!undone ? 'compensation_failed' : expired ? 'expired' : 'resolved');
  } catch (err) {
    const cancelled = isCancellation(err);
    status.error = cancelled ? `cancelled at ${status.stage}` : failureText(err);
    const undone = await release();
    const result = await finish(!undone ? 'compensation_failed' : cancelled ? 'cancelled' : 'failed');
    if (cancelled) throw err;
    return result;
  }
}

function summarize(s: IncidentStatus): string {
  const held = s.steps.filter((x) => x.status === 'holding' || x.status === 'released').map((x) => x.key);
  const prop = s.propagationBefore !== undefined ? ` propagation ${s.propagationBefore}→${s.propagationNow ?? s.propagationBefore}` : '';
  const human = s.compensationFailures.length ? ` (needs a human: ${s.compensationFailures.map((f) => f.step).join(', ')})` : '';
  return `${s.environment} incident ${s.incidentId} sev ${s.severity}: ${held.join(', ') || 'nothing applied'} → ${s.outcome}${human}${prop}`;
}
