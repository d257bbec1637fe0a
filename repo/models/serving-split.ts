// Which registry models serve, and at what split: the production model (none: the committed
// model serves) and at most one canary candidate with its percentage. Built on the registry's
// statuses (repo/datasets/models.ts); every change takes the registry's advisory lock.
import { and, desc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { DbTx, Db } from '../../db/client';
import { models } from '../../db/schema';
import type { ModelRecord } from '../datasets/models';

export class ServingSplitError extends Error {
  constructor(message: string, readonly code: 'model_not_found' | 'model_state_conflict' | 'invalid_percent') {
    super(message);
    this.name = 'ServingSplitError';
  }
}

const lock = (tx: DbTx) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('bulwark:models'))`);

/** What serves now: the production row (undefined: the committed model) and the canary, if any. */
export async function servingModels(db: Db): Promise<{ production?: ModelRecord; candidate?: ModelRecord; canaryPercent: number }> {
  const rows = await db.select().from(models).where(sql`${models.status} in ('production', 'canary')`).orderBy(desc(models.createdAt), desc(models.id));
  const production = rows.find((r) => r.status === 'production');
  const candidate = rows.find((r) => r.status === 'canary');
  return { production, candidate, canaryPercent: candidate?.canaryPercent ?? 0 };
}

/**
 * Routes `canaryPercent` (0..100, integer) of traffic to the candidate. 1..99 (or 0: canary held
 * with no traffic): status `canary` with that percentage, and any other canary goes back to
 * `registered` (one candidate at a time). 100: the candidate becomes production, the previous
 * production model `retired` (rollbackToProduction can restore it).
 * @throws ServingSplitError model_not_found | model_state_conflict (retired / rolled back) | invalid_percent
 */
export async function setServingSplit(db: Db, s: { candidateModelId: string; canaryPercent: number }): Promise<ModelRecord> {
  const p = s.canaryPercent;
  if (!Number.isInteger(p) || p < 0 || p > 100) throw new ServingSplitError(`canaryPercent must be an integer 0..100, got ${p}`, 'invalid_percent');
  return db.transaction(async (tx) => {
    await lock(tx);
    const [m] = await tx.select().from(models).where(eq(models.id, s.candidateModelId)).limit(1);
    if (!m) throw new ServingSplitError(`model ${s.candidateModelId} not found`, 'model_not_found');
    if (m.status !== 'registered' && m.status !== 'canary') throw new ServingSplitError(`model ${m.id} is ${m.status}`, 'model_state_conflict');
    if (p === 100) {
      await tx.update(models).set({ status: 'retired' }).where(eq(models.status, 'production'));
      const [row] = await tx.update(models).set({ status: 'production', canaryPercent: null, promotedAt: sql`now()` }).where(eq(models.id, m.id)).returning();
      return row;
    }
    await tx.update(models).set({ status: 'registered', canaryPercent: null }).where(and(eq(models.status, 'canary'), ne(models.id, m.id)));
    const [row] = await tx.update(models).set({ status: 'canary', canaryPercent: p }).where(eq(models.id, m.id)).returning();
    return row;
  });
}

/**
 * Takes the candidate out of serving (status `rolled_back`) and leaves production serving all
 * traffic. When the candidate had already been made production, the model it replaced (the
 * retired model promoted most recently before it) is production again; with none, the
 * committed model serves. Idempotent: a rolled-back candidate is left as is.
 * @returns the candidate's row and the production model id now serving (null: the committed model).
 * @throws ServingSplitError model_not_found
 */
export async function rollbackToProduction(db: Db, candidateModelId: string): Promise<{ candidate: ModelRecord; productionModelId: string | null }> {
  return db.transaction(async (tx) => {
    await lock(tx);
    const [m] = await tx.select().from(models).where(eq(models.id, candidateModelId)).limit(1);
    if (!m) throw new ServingSplitError(`model ${candidateModelId} not found`, 'model_not_found');
    let candidate = m;
    if (m.status === 'canary' || m.status === 'production' || m.status === 'registered') {
      [candidate] = await tx.update(models).set({ status: 'rolled_back', canaryPercent: null }).where(eq(models.id, m.id)).returning();
    }
    if (m.status === 'production') {
      const [previous] = await tx
        .select()
        .from(models)
        .where(and(eq(models.status, 'retired'), isNotNull(models.promotedAt), ne(models.id, m.id), m.promotedAt ? lte(models.promotedAt, m.promotedAt) : undefined))
        .orderBy(desc(models.promotedAt))
        .limit(1);
      if (previous) await tx.update(models).set({ status: 'production' }).where(eq(models.id, previous.id));
      return { candidate, productionModelId: previous?.id ?? null };
    }
    const [prod] = await tx.select({ id: models.id }).from(models).where(eq(models.status, 'production')).limit(1);
    return { candidate, productionModelId: prod?.id ?? null };
  });
}
