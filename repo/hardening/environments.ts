// Reading and writing environment records; shared by activities, the API and start-up seeding.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { environments, telemetry } from '../../db/schema';
import {
  initialControls,
  parseEnvironmentSpec,
  sampleTelemetry,
  type Controls,
  type EnvironmentSpec,
} from '../../domain/hardening';
import type { TelemetrySignals } from '../../domain/hardening/types';

export type DbOrTx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export interface EnvironmentContext {
  name: string;
  spec: EnvironmentSpec;
  controls: Controls;
  controlsVersion: number;
  telemetry: TelemetrySignals;
  telemetryId: number | null;
}

export async function findEnvironment(db: DbOrTx, name: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(environments).where(eq(environments.name, name)).limit(1);
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0];
}

/**
 * No environment of that name. The worker's interceptor (worker/interceptors.ts) reports it to
 * Temporal as the non-retryable failure type `EnvironmentNotFound`; the API maps it to 404.
 */
export class EnvironmentNotFoundError extends Error {
  constructor(readonly environment: string) {
    super(`environment "${environment}" is not registered`);
    this.name = 'EnvironmentNotFound';
  }
}

/** The environment row, or EnvironmentNotFoundError. */
export async function requireEnvironment(db: DbOrTx, name: string, opts: { forUpdate?: boolean } = {}) {
  const env = await findEnvironment(db, name, opts);
  if (!env) throw new EnvironmentNotFoundError(name);
  return env;
}

/** loadEnvironmentContext, or EnvironmentNotFoundError: the one "require environment" helper. */
export async function requireEnvironmentContext(db: DbOrTx, name: string, opts: { forUpdate?: boolean } = {}): Promise<EnvironmentContext> {
  const ctx = await loadEnvironmentContext(db, name, opts);
  if (!ctx) throw new EnvironmentNotFoundError(name);
  return ctx;
}

/** Spec, live controls and the newest telemetry (the spec's baseline when none was sent). */
export async function loadEnvironmentContext(
  db: DbOrTx,
  name: string,
  opts: { forUpdate?: boolean } = {},
): Promise<EnvironmentContext | undefined> {
  const env = await findEnvironment(db, name, opts);
  if (!env) return undefined;
  const spec = env.spec as EnvironmentSpec;
  const [latest] = await db
    .select()
    .from(telemetry)
    .where(eq(telemetry.environment, name))
    .orderBy(desc(telemetry.ts), desc(telemetry.id))
    .limit(1);
  return {
    name,
    spec,
    controls: env.controls as Controls,
    controlsVersion: env.controlsVersion,
    telemetry: (latest?.signals as TelemetrySignals | undefined) ?? spec.telemetry,
    telemetryId: latest?.id ?? null,
  };
}

export async function saveControls(db: DbOrTx, name: string, controls: Controls, version: number) {
  await db
    .update(environments)
    .set({ controls, controlsVersion: version, updatedAt: new Date() })
    .where(eq(environments.name, name));
}

/** Registers (or replaces the spec of) an environment; live controls survive a spec update. */
export async function upsertEnvironment(db: DbOrTx, specYaml: string) {
  const spec = parseEnvironmentSpec(specYaml);
  const existing = await findEnvironment(db, spec.name);
  if (existing) {
    await db
      .update(environments)
      .set({ specYaml, spec, tier: spec.tier, tenant: spec.tenant, updatedAt: new Date() })
      .where(eq(environments.name, spec.name));
    return { spec, created: false };
  }
  await db
    .insert(environments)
    .values({ name: spec.name, tier: spec.tier, tenant: spec.tenant, specYaml, spec, controls: initialControls(spec) })
    .onConflictDoNothing();
  return { spec, created: true };
}

export async function listEnvironments(db: DbOrTx) {
  return db.select().from(environments).orderBy(environments.name);
}

/** The seed's "Generate Sample Telemetry": a deterministic jitter around the spec's baseline. */
export async function insertSampleTelemetry(db: DbOrTx, name: string) {
  const env = await findEnvironment(db, name);
  if (!env) return undefined;
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(telemetry)
    .where(eq(telemetry.environment, name));
  const signals = sampleTelemetry(env.spec as EnvironmentSpec, n + 1);
  const [row] = await db.insert(telemetry).values({ environment: name, signals, source: 'sample' }).returning();
  return row;
}

/** Allocates the next cycle sequence number for meaningful workflow ids. */
export async function nextCycleSequence(db: DbOrTx, name: string): Promise<number | undefined> {
  const rows = await db
    .update(environments)
    .set({ cycleSeq: sql`${environments.cycleSeq} + 1` })
    .where(eq(environments.name, name))
    .returning({ seq: environments.cycleSeq });
  return rows[0]?.seq;
}
