// Registry models with real artifacts for the serving tests: a small classifier trained on the
// retraining fixture (distinct from the committed model), stored in a filesystem object store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCandidate } from '../../domain/threat/datasets/train-version';
import { createFsObjectStore } from '../../objects/fs-store';
import type { ObjectStore } from '../../objects/store';
import { registerModel } from '../../repo/datasets/models';
import { addSamples, materializeDataset, snapshotDataset } from '../../repo/datasets/samples';
import type { TestDb } from './db';
import { fixtureSamples } from './retraining';

export interface ServingFixture {
  objects: ObjectStore;
  /** Trains (seeded by `seed`), stores and registers a model; returns its id. */
  register(id: string, seed: number): Promise<string>;
  close(): void;
}

export async function createServingFixture(db: TestDb['db']): Promise<ServingFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-serving-'));
  const objects = createFsObjectStore(dir);
  await addSamples(db, fixtureSamples());
  const { version } = await snapshotDataset(db, 'test');
  const { samples } = await materializeDataset(db, version.version);
  return {
    objects,
    async register(id, seed) {
      const { artifact } = trainCandidate(samples, { modelId: id, datasetVersion: version.version, contentHash: version.contentHash, options: { seed, epochs: 2, hashBits: 14 } });
      const key = `models/payload-classifier/${id}.json`;
      const stored = await objects.put(key, Buffer.from(JSON.stringify(artifact), 'utf8'), { complete: 'true' });
      await registerModel(db, { id, kind: 'payload-classifier', datasetVersion: version.version, datasetHash: version.contentHash, codeVersion: 'test', artifactKey: key, artifactSha256: stored.sha256, metrics: {}, gates: [], training: {}, workflowId: 'test' });
      return id;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
