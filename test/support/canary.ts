// Fixtures for canaryPromotionWorkflow tests: two registered models on a real dataset version
// (one made production), live serving stats written as the model server writes them
// (recordServingStats, one row per model per minute), and a worker on a queue of its own.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createCanaryActivities, type CanaryActivities } from '../../activities/retraining/canary';
import { DEFAULT_CANARY_THRESHOLDS } from '../../domain/threat/models/canary-analysis';
import { latencyBucket, emptyHistogram } from '../../domain/threat/serving/latency';
import { registerModel } from '../../repo/datasets/models';
import { addSamples, snapshotDataset } from '../../repo/datasets/samples';
import { setServingSplit } from '../../repo/models/serving-split';
import { recordServingStats, type ServingStatsRow } from '../../repo/models/serving-stats';
import type { CanaryPromotionInput } from '../../workflows/retraining/canary-promotion.defs';
import type { TestDb } from './db';
import { fixtureSamples } from './retraining';
import { createHarnessWorker } from './temporal';

export const CANDIDATE = 'pc-v2-candidate';
export const PRODUCTION = 'pc-v1-production';

/** Registers PRODUCTION (promoted) and CANDIDATE (registered) on one dataset version. */
export async function seedModels(db: TestDb): Promise<void> {
  await addSamples(db.db, fixtureSamples());
  const { version } = await snapshotDataset(db.db, 'tester');
  for (const id of [PRODUCTION, CANDIDATE]) {
    await registerModel(db.db, {
      id, kind: 'payload-classifier', datasetVersion: version.version, datasetHash: version.contentHash, codeVersion: 'git:test',
      artifactKey: `models/payload-classifier/${id}.json`, artifactSha256: '0'.repeat(64), metrics: {}, gates: [], training: {}, workflowId: 'test',
    });
  }
  await setServingSplit(db.db, { candidateModelId: PRODUCTION, canaryPercent: 100 });
}

export interface Traffic {
  requests: number;
  /** Share of compared answers on which the other model agreed. */
  agreement: number;
  latencyMs: number;
  labels: Record<string, number>;
}

export const HEALTHY: Traffic = { requests: 100, agreement: 0.99, latencyMs: 4, labels: { benign: 90, sql_injection: 10 } };

/** One stats row per model per minute in [fromMs, toMs), each minute carrying `t`. */
export async function writeTraffic(db: TestDb, modelId: string, fromMs: number, toMs: number, t: Traffic): Promise<void> {
  const rows: ServingStatsRow[] = [];
  const start = Math.floor(fromMs / 60_000) * 60_000;
  const hist = emptyHistogram();
  hist[latencyBucket(t.latencyMs)] = t.requests;
  const total = Object.values(t.labels).reduce((s, n) => s + n, 0);
  const labels = Object.fromEntries(Object.entries(t.labels).map(([k, n]) => [k, Math.round((n / total) * t.requests)]));
  for (let m = start; m < toMs; m += 60_000) {
    rows.push({ modelId, bucketStartMs: m, requests: t.requests, compared: t.requests, agreed: Math.round(t.requests * t.agreement), latencyBuckets: [...hist], labels });
  }
  for (let i = 0; i < rows.length; i += 500) await recordServingStats(db.db, rows.slice(i, i + 500));
}

/** The workflow input with the defaults' thresholds, stages 1 → 10 → 100, 1 h windows, 10 min analyses. */
export function canaryInput(over: Partial<CanaryPromotionInput> = {}): CanaryPromotionInput {
  return {
    candidateModelId: CANDIDATE, requester: 'tester', stages: [1, 10, 100], stageWindow: '1h', analysisInterval: '10m',
    thresholds: DEFAULT_CANARY_THRESHOLDS, policy: { failureLimit: 2, inconclusiveLimit: 3 }, ...over,
  };
}

export interface CanaryHarness {
  activities: CanaryActivities;
  taskQueue: string;
  newWorker(env: TestWorkflowEnvironment, overrides?: Partial<CanaryActivities>): Promise<Worker>;
}

export function createCanaryHarness(db: TestDb): CanaryHarness {
  const activities = createCanaryActivities({ db: db.db });
  const taskQueue = `test-canary-${randomUUID()}`;
  return { activities, taskQueue, newWorker: (env, overrides = {}) => createHarnessWorker(env, taskQueue, activities, overrides) };
}
