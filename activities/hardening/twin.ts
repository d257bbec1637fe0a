import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { executions, simulations, verifications } from '../../db/schema';
import { simulate, verify, type Controls } from '../../domain/hardening';
import type { ProposedAction, SimulationResult, VerificationResult } from '../../domain/hardening/types';
import { requireEnvironmentContext } from '../../repo/hardening/environments';
import { permanentFailure } from '../failures';

export function createTwinActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Applies the action to a copy of the twin: critical-flow reachability, SLO budget, blast radius. */
    async simulateChange(input: { workflowId: string; environment: string; action: ProposedAction }): Promise<SimulationResult> {
      const [existing] = await db.select().from(simulations).where(eq(simulations.workflowId, input.workflowId));
      if (existing) {
        return { pass_fail: existing.passFail, reasons: existing.reasons as string[], predicted_impact: existing.predictedImpact as SimulationResult['predicted_impact'] };
      }
      const ctx = await requireEnvironmentContext(db, input.environment);
      const result = simulate(ctx.spec, ctx.controls, input.action, ctx.telemetry);
      await db
        .insert(simulations)
        .values({
          workflowId: input.workflowId,
          actionId: input.action.actionId,
          passFail: result.pass_fail,
          predictedImpact: result.predicted_impact,
          reasons: result.reasons,
        })
        .onConflictDoNothing();
      return result;
    },

    /**
     * Checks the environment itself (which may hold flows the twin lacks) before and after the
     * change: a critical flow that stopped working is a regression the saga must roll back.
     */
    async verifyChange(input: { workflowId: string; environment: string; executionKey: string }): Promise<VerificationResult> {
      const [existing] = await db.select().from(verifications).where(eq(verifications.workflowId, input.workflowId));
      if (existing) {
        return {
          regression: existing.regression,
          broken_flows: existing.brokenFlows as string[],
          risk_after: existing.riskAfter,
          details: existing.details as string[],
        };
      }
      const [exec] = await db.select().from(executions).where(eq(executions.idempotencyKey, input.executionKey));
      if (!exec) throw permanentFailure('InvalidInput', `no execution recorded under ${input.executionKey}`);
      const ctx = await requireEnvironmentContext(db, input.environment);
      const result = verify(ctx.spec, exec.controlsBefore as Controls, exec.controlsAfter as Controls, ctx.telemetry);
      await db
        .insert(verifications)
        .values({
          workflowId: input.workflowId,
          regression: result.regression,
          brokenFlows: result.broken_flows,
          riskAfter: result.risk_after,
          details: result.details,
        })
        .onConflictDoNothing();
      return result;
    },
  };
}

export type TwinActivities = ReturnType<typeof createTwinActivities>;
