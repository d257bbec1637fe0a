// What the API needs from the outside world; injected so tests can pass PGlite and a stub client.
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config';
import type { Db } from '../db/client';
import type { AuthSettings } from './auth/middleware';
import type { DetectionService } from './threat/sentinel-runtime';
import type { ObjectStore } from '../objects/store';
import type { QueueOverrides } from '../temporal/workflows';

export interface ApiServices {
  db: Db;
  temporal: Client;
  config: Pick<Config, 'MAX_BODY_BYTES' | 'CYCLE_RUN_WAIT_SECONDS' | 'EXECUTOR_MODE' | 'APPROVAL_TIMEOUT' | 'TEMPORAL_NAMESPACE'> & Partial<Pick<Config, 'RULE_REVIEW_TIMEOUT' | 'WRITE_RATE_LIMIT'>>
    & Partial<Pick<Config, 'RETRAIN_MIN_PRECISION' | 'RETRAIN_MIN_RECALL' | 'RETRAIN_MAX_FPR' | 'RETRAIN_MIN_F1' | 'RETRAIN_MIN_SAMPLES'>>
    & Partial<Pick<Config, Extract<keyof Config, `CANARY_${string}`>>>;
  /**
   * Bearer-token auth (api/auth). Absent: every route is open, as in the loopback all-in-one
   * and the API tests; the roles are still declared in /openapi.json.
   */
  auth?: AuthSettings;
  /** Evidence bytes; POST /api/v1/evidence answers 503 without it. */
  objects?: ObjectStore;
  /** prom-client registry; created (with default process metrics) if absent. */
  metrics?: Registry;
  /** The Temporal SDK's Prometheus endpoint in this process (a worker runs here); merged into /metrics. */
  temporalMetricsUrl?: string;
  /** Detection models and fault injection; the committed models are used when absent. */
  detection?: DetectionService;
  /**
   * Whether the worker in this process can prove WAF rules on libmodsecurity (known in `start`,
   * where worker and API share the process); /health reports it, and `degraded` when it cannot.
   */
  ruleVerification?: ComponentHealth;
  /** Base URL of the Temporal Web UI (the console links each cycle to its run there); unknown when absent. */
  temporalUiUrl?: string;
  /** Task queues of the workflows the API starts, when not the defaults (tests run their own). */
  queues?: QueueOverrides;
}

export interface ComponentHealth {
  status: 'ok' | 'degraded';
  /** Why it is degraded. */
  reason?: string;
  /** The command that fixes it. */
  fix?: string;
}
