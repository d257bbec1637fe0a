// Candidate keys the agent must not propose, learnt from other cycles of the environment.
import { and, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { cycles } from '../../db/schema';
import { actionKey } from '../../domain/hardening/actions/catalog';

/**
 * Changes that verification rolled back recently stay masked: the environment holds a
 * dependency the twin lacks, so the twin's "pass" cannot be trusted for them. So do changes
 * whose compensation failed: their state is unknown until a human has looked.
 */
export async function recentRollbacks(db: Db, environment: string) {
  const rows = await db
    .select({ workflowId: cycles.workflowId, actionId: cycles.actionId, target: cycles.target, outcome: cycles.outcome })
    .from(cycles)
    .where(
      and(
        eq(cycles.environment, environment),
        inArray(cycles.outcome, ['rolled_back', 'compensation_failed']),
        isNotNull(cycles.actionId),
      ),
    )
    .orderBy(desc(cycles.finishedAt))
    .limit(ROLLBACK_MEMORY);
  const byKey = new Map<string, { key: string; reason: string }>();
  for (const r of rows) {
    const key = actionKey({ actionId: r.actionId!, target: r.target! });
    const reason =
      r.outcome === 'rolled_back'
        ? `verification: rolled back in ${r.workflowId} (a dependency the twin does not know)`
        : `compensation failed in ${r.workflowId}: needs a human before it is proposed again`;
    if (!byKey.has(key)) byKey.set(key, { key, reason });
  }
  return [...byKey.values()];
}

const ROLLBACK_MEMORY = 20;

/**
 * A change another running cycle already proposes (e.g. awaiting approval) is not proposed
 * twice. Only `running` records count: a cycle releases its claim when it compensates
 * (status `compensating`) and when it closes, cancelled or not.
 */
export async function inFlight(db: Db, environment: string, self: string) {
  const rows = await db
    .select({ workflowId: cycles.workflowId, actionId: cycles.actionId, target: cycles.target })
    .from(cycles)
    .where(and(eq(cycles.environment, environment), eq(cycles.status, 'running'), ne(cycles.workflowId, self), isNotNull(cycles.actionId)));
  return rows.map((r) => ({ key: actionKey({ actionId: r.actionId!, target: r.target! }), reason: `in flight in ${r.workflowId}` }));
}

