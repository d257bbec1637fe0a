import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { states } from '../../db/schema';
import { computeRiskState, driftControls, seededRng } from '../../domain/hardening';
import { requireEnvironmentContext, saveControls } from '../../repo/hardening/environments';

export interface SnapshotResult {
  stateId: number;
  riskBefore: number;
  drifted: string[];
}

export function createPostureActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Telemetry + live controls → risk features, stored once per cycle (a retry returns the stored row). */
    async snapshotState(input: { workflowId: string; environment: string }): Promise<SnapshotResult> {
      return db.transaction(async (tx) => {
        const ctx = await requireEnvironmentContext(tx, input.environment, { forUpdate: true });
        const [existing] = await tx.select().from(states).where(eq(states.workflowId, input.workflowId)).limit(1);
        if (existing) return { stateId: existing.id, riskBefore: existing.riskBefore, drifted: [] };

        // Sandbox environments drift back towards permissive settings, as real ones do.
        let controls = ctx.controls;
        let drifted: string[] = [];
        if (ctx.spec.tier === 'sandbox' && ctx.spec.drift) {
          const d = driftControls(ctx.spec, controls, seededRng(`drift:${input.workflowId}`));
          if (d.drifted.length > 0) {
            controls = d.controls;
            drifted = d.drifted;
            await saveControls(tx, ctx.name, controls, ctx.controlsVersion + 1);
          }
        }
        const risk = computeRiskState(ctx.spec, controls, ctx.telemetry);
        const [row] = await tx
          .insert(states)
          .values({
            workflowId: input.workflowId,
            environment: ctx.name,
            telemetryId: ctx.telemetryId,
            features: risk.features,
            domainRisk: risk.domainRisk,
            riskBefore: risk.totalRisk,
          })
          .returning();
        return { stateId: row.id, riskBefore: risk.totalRisk, drifted };
      });
    },
  };
}

export type PostureActivities = ReturnType<typeof createPostureActivities>;
