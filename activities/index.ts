// Composition of every activity group. Only the worker (and tests) build real dependencies.
import type { Db } from '../db/client';
import type { ObjectStore } from '../objects/store';
import type { GatekeeperEngine } from '../policies/gatekeeper-loader';
import type { PolicyEngine } from '../policies/loader';
import type { SandboxRunner } from '../sandbox/runner';
import { createAgentActivities } from './agent';
import { createBenchActivities } from './bench';
import { createEvidenceActivities } from './evidence';
import { createExecutorActivities } from './executor';
import type { InferenceEngine } from './inference';
import { createPolicyActivities } from './policy';
import { createPostureActivities } from './posture';
import { createRecordActivities } from './records';
import { createRuleGenerationActivities } from './rule-generation';
import { createRuleStoreActivities } from './rule-store';
import { createSimulationActivities } from './simulation';
import { createTwinActivities } from './twin';

export interface ActivityDeps {
  db: Db;
  policy: PolicyEngine;
  /** AGENT_EPSILON. */
  epsilon: number;
  /** AGENT_LEARNING_RATE; the bandit's default (0.2) when omitted. */
  learningRate?: number;
  /** Evidence bytes; without it the threat-analysis activities fail (retryably). */
  objects?: ObjectStore;
  /** Detection engine; defaults to createDefaultEngine() (committed models, default thresholds). */
  engine?: InferenceEngine;
  /** Isolated exploit simulation; without it the sandbox stage fails (retryably). */
  sandbox?: SandboxRunner;
  /** WAF rule gatekeeper; defaults to the committed bundle, loaded on first use. */
  gatekeeper?: GatekeeperEngine;
  /** libmodsecurity harness; defaults to $MODSEC_HARNESS or .tools/bin/modsec-harness. */
  modsecHarness?: string;
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
    ...createSimulationActivities(deps),
    ...createRuleGenerationActivities(deps),
    ...createRuleStoreActivities(deps),
    ...createBenchActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
