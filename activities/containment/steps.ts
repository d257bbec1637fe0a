// Applying, verifying and releasing containment actions on the environment model. Each apply
// records a containment_holds row in the same transaction as the controls it changes (that row
// masks the target for hardening cycles); its release applies the exact inverse.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containmentHolds } from '../../db/schema';
import { applyAction, flowReport, inverseAction, sameValue, validateProposedAction, verify, type Controls } from '../../domain/hardening';
import type { ProposedAction } from '../../domain/hardening/types';
import type { Suspect } from '../../domain/containment/incident';
import { threatPropagation } from '../../domain/containment/propagation';
import { auditIncident } from '../../repo/containment/incidents';
import { requireEnvironmentContext, saveControls } from '../../repo/hardening/environments';
import { permanentFailure } from '../failures';

export interface StepInput {
  workflowId: string;
  environment: string;
  /** `<workflowId>:step-<round>-<n>`. */
  step: string;
}

export function createContainmentStepActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /**
     * Applies one containment action unless it is already in place or no longer stops any
     * propagation (`skipped`, with the reason). Idempotent by `step`.
     */
    async applyContainment(input: StepInput & { action: ProposedAction; suspects: Suspect[] }) {
      return db.transaction(async (tx) => {
        const ctx = await requireEnvironmentContext(tx, input.environment, { forUpdate: true });
        const [held] = await tx.select().from(containmentHolds).where(eq(containmentHolds.idempotencyKey, input.step));
        if (held) return { status: 'holding' as const, reason: 'already applied', propagationAfter: threatPropagation(ctx.spec, ctx.controls, input.suspects).score };
        const problem = validateProposedAction(ctx.spec, ctx.controls, input.action);
        if (problem) throw permanentFailure('InvalidAction', problem);
        const before = threatPropagation(ctx.spec, ctx.controls, input.suspects);
        const after = applyAction(ctx.spec, ctx.controls, input.action);
        const prop = threatPropagation(ctx.spec, after, input.suspects);
        let skip: string | undefined;
        if (sameValue(after.assets[input.action.target], ctx.controls.assets[input.action.target])) skip = 'already in place';
        else if (prop.score >= before.score) skip = `no longer stops propagation (score ${before.score} with or without it)`;
        if (skip) {
          await auditIncident(tx, input.workflowId, `${input.step}:apply`, 'skipped', { action: input.action, reason: skip });
          return { status: 'skipped' as const, reason: skip, propagationAfter: before.score };
        }
        await saveControls(tx, ctx.name, after, ctx.controlsVersion + 1);
        await tx.insert(containmentHolds).values({
          workflowId: input.workflowId,
          environment: input.environment,
          idempotencyKey: input.step,
          actionId: input.action.actionId,
          target: input.action.target,
          params: input.action.params,
          status: 'holding',
          controlsBefore: ctx.controls,
          controlsAfter: after,
        });
        const reason = `propagation ${before.score} → ${prop.score}`;
        await auditIncident(tx, input.workflowId, `${input.step}:apply`, 'applied', { action: input.action, reason, reached: prop.reached.map((r) => r.asset) });
        return { status: 'holding' as const, reason, propagationAfter: prop.score };
      });
    },

    /** Essential flows in the environment (which may hold flows the twin lacks) before and after this step. */
    async verifyContainment(input: StepInput) {
      const [hold] = await db.select().from(containmentHolds).where(eq(containmentHolds.idempotencyKey, input.step));
      if (!hold) throw permanentFailure('InvalidInput', `no containment applied under ${input.step}`);
      const ctx = await requireEnvironmentContext(db, input.environment);
      const v = verify(ctx.spec, hold.controlsBefore as Controls, hold.controlsAfter as Controls, ctx.telemetry);
      await auditIncident(db, input.workflowId, `${input.step}:verify`, 'verified', v);
      return { regression: v.regression, brokenFlows: v.broken_flows, details: v.details };
    },

    /** Compensation: applies the exact inverse of a hold; nothing to do when it never applied or is released already. */
    async releaseContainment(input: StepInput & { reason: string }) {
      return db.transaction(async (tx) => {
        const ctx = await requireEnvironmentContext(tx, input.environment, { forUpdate: true });
        const [hold] = await tx.select().from(containmentHolds).where(eq(containmentHolds.idempotencyKey, input.step));
        if (!hold) return { status: 'nothing_to_do' as const, reason: 'never applied' };
        if (hold.status === 'released') return { status: 'released' as const, reason: 'released earlier' };
        const action = { actionId: hold.actionId, target: hold.target, params: hold.params as Record<string, unknown> };
        const inverse = inverseAction(ctx.spec, hold.controlsBefore as Controls, action);
        await saveControls(tx, ctx.name, applyAction(ctx.spec, ctx.controls, inverse), ctx.controlsVersion + 1);
        await tx.update(containmentHolds).set({ status: 'released', releasedAt: new Date() }).where(eq(containmentHolds.id, hold.id));
        await auditIncident(tx, input.workflowId, `${input.step}:release`, 'released', { action, inverse, reason: input.reason });
        return { status: 'released' as const, reason: `${inverse.actionId}@${inverse.target} (${input.reason})` };
      });
    },

    /**
     * After release: every essential flow that worked before the incident's first hold works
     * again (environment view), and no hold of this incident still applies.
     */
    async verifyRelease(input: { workflowId: string; environment: string; suspects: Suspect[] }) {
      const holds = await db.select().from(containmentHolds).where(eq(containmentHolds.workflowId, input.workflowId)).orderBy(asc(containmentHolds.id));
      const ctx = await requireEnvironmentContext(db, input.environment);
      const details: string[] = [];
      const stillHeld = holds.filter((h) => h.status !== 'released').map((h) => `${h.actionId}@${h.target}`);
      if (stillHeld.length) details.push(`still applied: ${stillHeld.join(', ')}`);
      if (holds.length) {
        const baseline = flowReport(ctx.spec, holds[0].controlsBefore as Controls, 'environment');
        const now = flowReport(ctx.spec, ctx.controls, 'environment');
        for (const [id, f] of Object.entries(now)) if (baseline[id]?.reachable && !f.reachable) details.push(`essential flow ${id} not restored: ${f.reasons.join('; ')}`);
      }
      const restored = details.length === 0;
      if (restored) details.push(`all ${ctx.spec.criticalFlows.length} essential flows work as before the incident; ${holds.length} containment action(s) released`);
      const propagationNow = threatPropagation(ctx.spec, ctx.controls, input.suspects).score;
      await auditIncident(db, input.workflowId, `${input.workflowId}:release-verify`, 'release_verified', { restored, details, propagationNow });
      return { restored, details, propagationNow };
    },
  };
}

/** Holds of one incident still applied (for tests and the API). */
export async function openHolds(db: Db, workflowId: string) {
  return db.select().from(containmentHolds).where(and(eq(containmentHolds.workflowId, workflowId), eq(containmentHolds.status, 'holding')));
}
