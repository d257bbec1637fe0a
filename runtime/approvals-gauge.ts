// `bulwark_hardening_approvals_waiting`: computed from the database on each scrape, so every
// process reports the same number and a restart loses nothing.
import { and, eq, isNull } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/client';
import { approvals, cycles, policyDecisions } from '../db/schema';

export const APPROVALS_WAITING = 'bulwark_hardening_approvals_waiting';

/**
 * Running cycles whose policy decision requires approval and that have no approval decision
 * yet, per environment. Registers once per registry (the first database wins).
 */
export function registerApprovalsWaiting(registry: Registry, db: Db): void {
  if (registry.getSingleMetric(APPROVALS_WAITING)) return;
  new Gauge({
    name: APPROVALS_WAITING,
    help: 'Hardening cycles waiting for an approver',
    labelNames: ['environment'],
    registers: [registry],
    async collect() {
      const rows = await db
        .select({ environment: cycles.environment, workflowId: cycles.workflowId })
        .from(cycles)
        .innerJoin(policyDecisions, eq(policyDecisions.workflowId, cycles.workflowId))
        .leftJoin(approvals, eq(approvals.workflowId, cycles.workflowId))
        .where(and(eq(cycles.status, 'running'), eq(policyDecisions.requiresApproval, true), isNull(approvals.id)));
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.environment, (counts.get(r.environment) ?? 0) + 1);
      this.reset();
      for (const [environment, n] of counts) this.set({ environment }, n);
    },
  });
}
