// Queries over incident records shared by the containment activities, the hardening agent's
// masks and the API.
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { containmentHolds, incidentEvents } from '../../db/schema';

/** Hold statuses that keep their target masked: still applied, or a release that failed (unknown state, needs a human). */
export const MASKING_HOLD_STATUSES = ['holding', 'release_failed'];

/**
 * Assets of the environment that an incident containment holds: asset id → why. A hardening
 * cycle never proposes or applies a change to them until the containment is released.
 */
export async function heldAssets(db: DbOrTx, environment: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ workflowId: containmentHolds.workflowId, actionId: containmentHolds.actionId, target: containmentHolds.target })
    .from(containmentHolds)
    .where(and(eq(containmentHolds.environment, environment), inArray(containmentHolds.status, MASKING_HOLD_STATUSES)));
  const out = new Map<string, string>();
  for (const r of rows) {
    if (!out.has(r.target)) out.set(r.target, `held by incident containment ${r.workflowId} (${r.actionId}) until released`);
  }
  return out;
}

/** Appends one audit event; a retry with the same key writes nothing. */
export async function auditIncident(db: DbOrTx, workflowId: string, key: string, kind: string, detail: unknown): Promise<void> {
  await db.insert(incidentEvents).values({ workflowId, key, kind, detail: detail ?? {} }).onConflictDoNothing();
}

/** The detail of an audit event already written under `key`, if any (lets an activity replay its answer). */
export async function auditedDetail<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const [row] = await db.select({ detail: incidentEvents.detail }).from(incidentEvents).where(eq(incidentEvents.key, key)).limit(1);
  return row?.detail as T | undefined;
}
