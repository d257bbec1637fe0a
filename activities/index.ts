// Composition of every activity group. Only the worker (and tests) build real dependencies.
import type { Db } from '../db/client';
import type { ObjectStore } from '../objects/store';
import type { PolicyEngine } from '../policies/loader';
import { createAgentActivities } from './agent';
import { createBenchActivities } from './bench';
import { createEvidenceActivities } from './evidence';
import { createExecutorActivities } from './executor';
import type { InferenceEngine } from './inference';
import { createPolicyActivities } from './policy';
import { createPostureActivities } from './posture';
import { createRecordActivities } from './records';
import { createTwinActivities } from './twin';

export interface ActivityDeps {
  db: Db;
  policy: PolicyEngine;
  epsilon: number;
  /** Evidence bytes; without it the threat-analysis activities fail (retryably). */
  objects?: ObjectStore;
  /** Detection engine; defaults to createDefaultEngine() (committed models, default thresholds). */
  engine?: InferenceEngine;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps),
    ...createPostureActivities(deps),
    ...createAgentActivities(deps),
    ...createPolicyActivities(deps),
    ...createTwinActivities(deps),
    ...createExecutorActivities(deps),
    ...createEvidenceActivities(deps),
    ...createBenchActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
