// The model registry and the record of every gatedRetraining run, in Postgres. Artifacts live
// in the object store; a row here names the artifact's key and SHA-256, the dataset version and
// its content hash, the code version, the metrics and the gate decision that let it in.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeNulDeep } from '../../db/nul-escape';
import { models, retrainingRuns, type ModelStatus, type RetrainingOutcome } from '../../db/schema';

export type ModelRecord = typeof models.$inferSelect;
export type RetrainingRun = typeof retrainingRuns.$inferSelect;
export type NewModel = Omit<typeof models.$inferInsert, 'createdAt' | 'promotedAt' | 'status'>;

/** Registers a model; idempotent on its id (a retried activity finds its own row). */
export async function registerModel(db: Db, m: NewModel): Promise<{ model: ModelRecord; created: boolean }> {
  const [row] = await db.insert(models).values({ ...m, status: 'registered' }).onConflictDoNothing({ target: models.id }).returning();
  if (row) return { model: row, created: true };
  const [existing] = await db.select().from(models).where(eq(models.id, m.id)).limit(1);
  return { model: existing, created: false };
}

export async function getModel(db: Db, id: string): Promise<ModelRecord | undefined> {
  const [row] = await db.select().from(models).where(eq(models.id, id)).limit(1);
  return row;
}

export async function listModels(db: Db, limit = 50): Promise<ModelRecord[]> {
  return db.select().from(models).orderBy(desc(models.createdAt), desc(models.id)).limit(limit);
}

/** The model serving production traffic, if one was ever promoted (else the committed model serves). */
export async function productionModel(db: Db): Promise<ModelRecord | undefined> {
  const [row] = await db.select().from(models).where(eq(models.status, 'production')).limit(1);
  return row;
}

/**
 * Sets a model's status. Promotion to production retires the previous production model in the
 * same transaction, so there is never more than one.
 */
export async function setModelStatus(db: Db, id: string, status: ModelStatus, opts: { canaryPercent?: number } = {}): Promise<ModelRecord | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bulwark:models'))`);
    if (status === 'production') {
      await tx.update(models).set({ status: 'retired' }).where(eq(models.status, 'production'));
    }
    const [row] = await tx
      .update(models)
      .set({ status, canaryPercent: status === 'canary' ? (opts.canaryPercent ?? null) : null, ...(status === 'production' && { promotedAt: sql`now()` }) })
      .where(eq(models.id, id))
      .returning();
    return row;
  });
}

/** Opens (or, on an activity retry, finds) the run's record. */
export async function openRetrainingRun(db: Db, r: { workflowId: string; runId: string; trigger: string; requester: string }): Promise<RetrainingRun> {
  const [row] = await db.insert(retrainingRuns).values({ ...r, outcome: 'running' }).onConflictDoNothing({ target: retrainingRuns.runId }).returning();
  if (row) return row;
  const [existing] = await db.select().from(retrainingRuns).where(eq(retrainingRuns.runId, r.runId)).limit(1);
  return existing;
}

/** Appends a step (idempotent by step name) and merges the given fields into the run's record. */
export async function recordRetrainingStep(
  db: Db,
  runId: string,
  step: string,
  fields: Partial<Pick<RetrainingRun, 'datasetVersion' | 'modelId' | 'reasons' | 'gates' | 'metrics'>> & { outcome?: RetrainingOutcome; detail?: unknown } = {},
): Promise<void> {
  const { outcome, detail, ...rest } = fields;
  const entry = escapeNulDeep({ step, at: new Date().toISOString(), ...(detail !== undefined && { detail }) });
  await db
    .update(retrainingRuns)
    .set({
      ...escapeNulDeep(rest),
      ...(outcome && { outcome, ...(outcome !== 'running' && { finishedAt: sql`now()` }) }),
      steps: sql`case when ${retrainingRuns.steps} @> ${JSON.stringify([{ step }])}::jsonb then ${retrainingRuns.steps} else ${retrainingRuns.steps} || ${JSON.stringify([entry])}::jsonb end`,
    })
    .where(eq(retrainingRuns.runId, runId));
}

export async function listRetrainingRuns(db: Db, limit = 20): Promise<RetrainingRun[]> {
  return db.select().from(retrainingRuns).orderBy(desc(retrainingRuns.id)).limit(limit);
}
