// Composition of every activity group. Only the worker (and tests) build real dependencies.
import type { Registry } from 'prom-client';
import type { Db } from '../db/client';
import type { ObjectStore } from '../objects/store';
import type { GatekeeperEngine } from '../policies/gatekeeper-loader';
import type { PolicyEngine } from '../policies/loader';
import type { SandboxRunner } from '../sandbox/runner';
import type { TaskQueueName } from '../temporal/ids';
import { createAgentActivities } from './hardening/agent';
import { createBenchActivities } from './bench';
import { createContainmentActivities } from './containment';
import { createEvidenceActivities } from './threat/evidence';
import { createExecutorActivities } from './hardening/executor';
import type { InferenceEngine } from './threat/inference';
import { createPolicyActivities } from './hardening/policy';
import { createPostureActivities } from './hardening/posture';
import { createRecordActivities } from './hardening/records';
import { createRuleGenerationActivities } from './threat/rule-generation';
import { createRuleStoreActivities } from './threat/rule-store';
import { createSimulationActivities } from './threat/simulation';
import { createRuleReverifyActivities } from './threat/rule-reverify';
import { createTwinActivities } from './hardening/twin';
import { createRetrainingActivities } from './retraining/activities';
import { createCanaryActivities } from './retraining/canary';
import { createStandingApprovalActivities } from './hardening/standing-approval';

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
  /** libmodsecurity harness ('' for none); undefined: .tools/bin/modsec-harness when built. */
  modsecHarness?: string;
  /** Where the activities count (runtime/metrics.ts); the process registry when omitted. */
  metrics?: Registry;
}

/** Activities of the hardening queue: cycles, incident containment (and the bench's no-op workflow). */
export function createHardeningActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps),
    ...createPostureActivities(deps),
    ...createAgentActivities(deps),
    ...createPolicyActivities(deps),
    ...createTwinActivities(deps),
    ...createExecutorActivities(deps),
    ...createContainmentActivities(deps),
    ...createStandingApprovalActivities(deps),
    ...createBenchActivities(),
  };
}

/** Activities of the threat queue: evidence, detection, rule generation and the rule store. */
export function createThreatActivities(deps: ActivityDeps) {
  return {
    ...createEvidenceActivities(deps),
    ...createRuleGenerationActivities(deps),
    ...createRuleStoreActivities(deps),
    ...createRuleReverifyActivities(deps),
    ...createRetrainingActivities(deps),
    ...createCanaryActivities(deps),
  };
}

/** Activities of the sandbox queue: exploit simulation only. */
export function createSandboxActivities(deps: ActivityDeps) {
  return createSimulationActivities(deps);
}

/** The activities each task queue's worker registers. */
export function createQueueActivities(queue: TaskQueueName, deps: ActivityDeps): object {
  if (queue === 'hardening') return createHardeningActivities(deps);
  if (queue === 'threat') return createThreatActivities(deps);
  return createSandboxActivities(deps);
}

/** Every activity, for a worker that polls one queue for everything (tests, benches). */
export function createActivities(deps: ActivityDeps) {
  return { ...createHardeningActivities(deps), ...createThreatActivities(deps), ...createSandboxActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
