// A harness for the threat-analysis tests: a PGlite database, a filesystem object store in a
// temp dir, the evidence activities and a worker on a task queue of its own.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createEvidenceActivities, type EvidenceActivities } from '../../activities/evidence';
import { evidence } from '../../db/schema';
import { canonicalEvidenceBytes, evidenceObjectKey, evidenceSha256 } from '../../domain/evidence/canonical';
import type { Evidence } from '../../domain/evidence/schema';
import { createFsObjectStore } from '../../objects/fs-store';
import type { ObjectStore } from '../../objects/store';
import { workflowBundle } from '../../worker/worker';
import { createTestPglite, type TestDb } from './db';

export { attackEvidence, benignEvidence } from './evidence';

export interface EvidenceHarness {
  db: TestDb;
  objects: ObjectStore;
  objectsDir: string;
  activities: EvidenceActivities;
  taskQueue: string;
  /** What POST /api/v1/evidence does, minus the workflow start. */
  submit(ev: Evidence): Promise<{ sha256: string; objectKey: string }>;
  newWorker(env: TestWorkflowEnvironment, overrides?: Partial<EvidenceActivities>): Promise<Worker>;
  close(): Promise<void>;
}

export async function createEvidenceHarness(): Promise<EvidenceHarness> {
  const db = await createTestPglite();
  const objectsDir = mkdtempSync(join(tmpdir(), 'bulwark-objects-'));
  const objects = createFsObjectStore(objectsDir);
  const activities = createEvidenceActivities({ db: db.db, objects });
  const taskQueue = `test-threat-${randomUUID()}`;
  return {
    db,
    objects,
    objectsDir,
    activities,
    taskQueue,
    async submit(ev) {
      const bytes = canonicalEvidenceBytes(ev);
      const sha256 = evidenceSha256(bytes);
      const objectKey = evidenceObjectKey(ev.id, sha256);
      await objects.put(objectKey, bytes);
      await db.db.insert(evidence).values({ id: ev.id, sha256, objectKey, size: bytes.byteLength, source: ev.source, status: 'received' });
      return { sha256, objectKey };
    },
    async newWorker(env, overrides = {}) {
      return Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: { ...activities, ...overrides },
      });
    },
    async close() {
      await db.close();
      rmSync(objectsDir, { recursive: true, force: true });
    },
  };
}
