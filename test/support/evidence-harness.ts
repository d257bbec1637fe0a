// A harness for the threat-analysis tests: a PGlite database, a filesystem object store in a
// temp dir, a real sandbox runner (audited to the database), the evidence and rule-stage
// activities (real gatekeeper bundle, the libmodsecurity harness test global setup provided)
// and a worker on a task queue of its own.
import { createHarnessWorker } from './temporal';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createEvidenceActivities } from '../../activities/threat/evidence';
import { createRuleGenerationActivities, type RuleGenerationDeps } from '../../activities/threat/rule-generation';
import { createRuleStoreActivities } from '../../activities/threat/rule-store';
import { createSimulationActivities } from '../../activities/threat/simulation';
import { createRuleReverifyActivities } from '../../activities/threat/rule-reverify';
import { createAuditLog, type AuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { createSandboxRunner, type SandboxRunner } from '../../sandbox/runner';
import type { Evidence } from '../../domain/threat/evidence/schema';
import { createFsObjectStore } from '../../objects/fs-store';
import { storeEvidence } from '../../repo/threat/evidence';
import type { ObjectStore } from '../../objects/store';
import { createTestPglite, type TestDb } from './db';

export { attackEvidence, benignEvidence } from './evidence';

function threatActivities(deps: { db: TestDb['db']; objects: ObjectStore; sandbox: SandboxRunner } & Omit<RuleGenerationDeps, 'db'>) {
  return {
    ...createEvidenceActivities(deps),
    ...createSimulationActivities(deps),
    ...createRuleGenerationActivities(deps),
    ...createRuleStoreActivities(deps),
    ...createRuleReverifyActivities(deps),
  };
}
export type ThreatActivities = ReturnType<typeof threatActivities>;

export interface EvidenceHarness {
  db: TestDb;
  objects: ObjectStore;
  objectsDir: string;
  activities: ThreatActivities;
  sandbox: SandboxRunner;
  audit: AuditLog;
  taskQueue: string;
  /** Start-option queue overrides: analysis and sandbox both on this harness's own queue. */
  queues: { threat: string; sandbox: string };
  /** What POST /api/v1/evidence does, minus the workflow start. */
  /** Stores the evidence (bytes and row); `submittedBy` is recorded as its submitter. */
  submit(ev: Evidence, submittedBy?: string): Promise<{ sha256: string; objectKey: string }>;
  newWorker(env: TestWorkflowEnvironment, overrides?: Partial<ThreatActivities>): Promise<Worker>;
  close(): Promise<void>;
}

/** The harness global setup obtained ('' when it could not: analyses then record rule_verification_unavailable). */
function provisionedHarness(): string | undefined {
  try {
    const modsec = inject('components').modsec;
    return modsec.available ? modsec.path : '';
  } catch {
    return undefined; // not inside a vitest worker: the activities' own default
  }
}

export async function createEvidenceHarness(opts: Omit<RuleGenerationDeps, 'db'> = {}): Promise<EvidenceHarness> {
  const db = await createTestPglite();
  const objectsDir = mkdtempSync(join(tmpdir(), 'bulwark-objects-'));
  const objects = createFsObjectStore(objectsDir);
  const audit = createAuditLog(new PgAuditSink(db.db));
  const sandbox = createSandboxRunner({ audit, timeoutMs: 120_000, metrics: opts.metrics });
  const activities = threatActivities({ db: db.db, objects, sandbox, modsecHarness: provisionedHarness(), ...opts });
  const taskQueue = `test-threat-${randomUUID()}`;
  return {
    db,
    objects,
    objectsDir,
    activities,
    sandbox,
    audit,
    taskQueue,
    queues: { threat: taskQueue, sandbox: taskQueue },
    submit: (ev, submittedBy) => storeEvidence(db.db, objects, ev, submittedBy ?? null),
    newWorker: (env, overrides = {}) => createHarnessWorker(env, taskQueue, activities, overrides),
    async close() {
      if (sandbox.running().length) await sandbox.panic('test harness closed');
      await db.close();
      rmSync(objectsDir, { recursive: true, force: true });
    },
  };
}
