// The incident-containment activities (hardening queue: they change the same environment model).
import type { Db } from '../../db/client';
import type { PolicyEngine } from '../../policies/loader';
import { createContainmentPlanActivities } from './plan';
import { createContainmentRecordActivities } from './records';
import { createContainmentStepActivities } from './steps';

export function createContainmentActivities(deps: { db: Db; policy: PolicyEngine }) {
  return {
    ...createContainmentRecordActivities(deps),
    ...createContainmentPlanActivities(deps),
    ...createContainmentStepActivities(deps),
  };
}

export type ContainmentRecordActivities = ReturnType<typeof createContainmentRecordActivities>;
export type ContainmentPlanActivities = ReturnType<typeof createContainmentPlanActivities>;
export type ContainmentStepActivities = ReturnType<typeof createContainmentStepActivities>;
export type ContainmentActivities = ReturnType<typeof createContainmentActivities>;
