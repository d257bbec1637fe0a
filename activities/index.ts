// Composition of every activity group. Only the worker (and tests) build real dependencies.
import type { Db } from '../db/client';
import type { PolicyEngine } from '../policies/loader';
import { createAgentActivities } from './agent';
import { createBenchActivities } from './bench';
import { createExecutorActivities } from './executor';
import { createPolicyActivities } from './policy';
import { createPostureActivities } from './posture';
import { createRecordActivities } from './records';
import { createTwinActivities } from './twin';

export interface ActivityDeps {
  db: Db;
  policy: PolicyEngine;
  epsilon: number;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps),
    ...createPostureActivities(deps),
    ...createAgentActivities(deps),
    ...createPolicyActivities(deps),
    ...createTwinActivities(deps),
    ...createExecutorActivities(deps),
    ...createBenchActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
