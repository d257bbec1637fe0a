// The process's Prometheus metrics, in one registry shared by the API and the worker of a
// process: the Sentinel seed's names (its dashboards and alerts expect them) and the
// hardening loop's. Counted where the work happens (detection activity, sandbox runner, rule
// generation and store, cycle records), so analyses run by workflows count, not only API calls.
// Every getter reuses a metric already registered, so two apps or harnesses can share a registry.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

let shared: Registry | undefined;

/** The process-wide registry (default process metrics included); what `/metrics` serves. */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}

function getOrCreate<T extends Metric>(registry: Registry, name: string, make: (registers: Registry[]) => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make([registry]);
}

function makeSeedMetrics(registry: Registry) {
  return {
    /** Seconds per uncached inference; `operation` is analyze | predict_payload. */
    latency: getOrCreate(registry, 'cerberus_sentinel_inference_latency_seconds', (registers) =>
      new Histogram({
        name: 'cerberus_sentinel_inference_latency_seconds',
        help: 'Inference latency (uncached) by model version and operation',
        labelNames: ['model', 'operation'],
        buckets: [1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1, 0.5, 1],
        registers,
      }),
    ),
    /** Evidence analyses (workflow activity and POST /analyze) by verdict simulate | tag | benign. */
    predictions: getOrCreate(registry, 'cerberus_sentinel_predictions_total', (registers) =>
      new Counter({ name: 'cerberus_sentinel_predictions_total', help: 'Evidence analyses by verdict', labelNames: ['verdict'], registers }),
    ),
    payloadPredictions: getOrCreate(registry, 'cerberus_sentinel_payload_predictions_total', (registers) =>
      new Counter({ name: 'cerberus_sentinel_payload_predictions_total', help: 'predict-payload answers by class', labelNames: ['class'], registers }),
    ),
    /** Prediction cache lookups, `status` hit | miss (the hit ratio is hit / (hit + miss)). */
    cache: getOrCreate(registry, 'cerberus_sentinel_cache_hits_total', (registers) =>
      new Counter({ name: 'cerberus_sentinel_cache_hits_total', help: 'Prediction cache lookups', labelNames: ['cache_type', 'status'], registers }),
    ),
    cacheEntries: getOrCreate(registry, 'cerberus_sentinel_cache_entries', (registers) =>
      new Gauge({ name: 'cerberus_sentinel_cache_entries', help: 'Entries in the prediction cache', labelNames: ['cache_type'], registers }),
    ),
    breaker: getOrCreate(registry, 'cerberus_sentinel_circuit_breaker_state', (registers) =>
      new Gauge({ name: 'cerberus_sentinel_circuit_breaker_state', help: 'Model circuit breaker: 0 closed, 1 half-open, 2 open', registers }),
    ),
    /** One per replayed payload: the oracle's verdict, or the sandbox status (timeout | killed | error). */
    simulations: getOrCreate(registry, 'cerberus_simulations_total', (registers) =>
      new Counter({ name: 'cerberus_simulations_total', help: 'Exploit simulations by verdict', labelNames: ['verdict'], registers }),
    ),
    /** Seconds per sandbox run (create to destroy), by status ok | timeout | killed | error. */
    simulationDuration: getOrCreate(registry, 'cerberus_simulation_duration_seconds', (registers) =>
      new Histogram({
        name: 'cerberus_simulation_duration_seconds',
        help: 'Sandbox run duration, create to destroy',
        labelNames: ['status'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
        registers,
      }),
    ),
    rulesGenerated: getOrCreate(registry, 'cerberus_rules_generated_total', (registers) =>
      new Counter({ name: 'cerberus_rules_generated_total', help: 'WAF rules generated and verified on the benign corpus, by attack class', labelNames: ['attack_class'], registers }),
    ),
    /** `via` workflow (gatekeeper or review decision) | api (operator). */
    rulesApplied: getOrCreate(registry, 'cerberus_rules_applied_total', (registers) =>
      new Counter({ name: 'cerberus_rules_applied_total', help: 'WAF rules applied to the active rule set', labelNames: ['via'], registers }),
    ),
  };
}
export type SeedMetrics = ReturnType<typeof makeSeedMetrics>;

function makeHardeningMetrics(registry: Registry) {
  return {
    started: getOrCreate(registry, 'bulwark_hardening_cycles_started_total', (registers) =>
      new Counter({ name: 'bulwark_hardening_cycles_started_total', help: 'Hardening cycles started (recorded by the workflow)', labelNames: ['environment', 'trigger'], registers }),
    ),
    /** Closed cycles by outcome (domain/hardening/cycle-outcome.ts). */
    closed: getOrCreate(registry, 'bulwark_hardening_cycles_total', (registers) =>
      new Counter({ name: 'bulwark_hardening_cycles_total', help: 'Hardening cycles closed, by outcome', labelNames: ['environment', 'outcome'], registers }),
    ),
    reward: getOrCreate(registry, 'bulwark_hardening_reward', (registers) =>
      new Histogram({
        name: 'bulwark_hardening_reward',
        help: 'Reward per rewarded cycle (risk reduction - breakage penalty - cost)',
        labelNames: ['environment'],
        buckets: [-1, -0.5, -0.25, -0.1, -0.05, 0, 0.05, 0.1, 0.25, 0.5, 1],
        registers,
      }),
    ),
    lastReward: getOrCreate(registry, 'bulwark_hardening_last_reward', (registers) =>
      new Gauge({ name: 'bulwark_hardening_last_reward', help: 'Reward of the latest rewarded cycle', labelNames: ['environment'], registers }),
    ),
  };
}
export type HardeningMetrics = ReturnType<typeof makeHardeningMetrics>;

function makeSandboxMetrics(registry: Registry) {
  return {
    /** Warm spare sandboxes per oracle kind, `state` ready | warming (sandbox/warm/spare-pool.ts). */
    spares: getOrCreate(registry, 'bulwark_sandbox_spares', (registers) =>
      new Gauge({ name: 'bulwark_sandbox_spares', help: 'Warm spare sandboxes waiting for one evidence, by oracle kind and state', labelNames: ['kind', 'state'], registers }),
    ),
    /** Sandboxes started per run, `start` spare (a warm spare served it) | cold (none was available). */
    starts: getOrCreate(registry, 'bulwark_sandbox_starts_total', (registers) =>
      new Counter({ name: 'bulwark_sandbox_starts_total', help: 'Sandbox runs by how their sandbox started (spare or cold)', labelNames: ['kind', 'start'], registers }),
    ),
    /** Spares that failed to start or warm up (each is retried with backoff). */
    spareFailures: getOrCreate(registry, 'bulwark_sandbox_spare_failures_total', (registers) =>
      new Counter({ name: 'bulwark_sandbox_spare_failures_total', help: 'Warm spare sandboxes that failed to start or warm up, by oracle kind', labelNames: ['kind'], registers }),
    ),
  };
}
export type SandboxMetrics = ReturnType<typeof makeSandboxMetrics>;

/** The seed's metrics in `registry` (the process registry when omitted). */
export function seedMetrics(registry: Registry = processRegistry()): SeedMetrics {
  return makeSeedMetrics(registry);
}

/** The hardening loop's metrics in `registry` (the process registry when omitted). */
export function hardeningMetrics(registry: Registry = processRegistry()): HardeningMetrics {
  return makeHardeningMetrics(registry);
}

/** The sandbox runner's own metrics (warm spares, how runs started) in `registry` (the process registry when omitted). */
export function sandboxMetrics(registry: Registry = processRegistry()): SandboxMetrics {
  return makeSandboxMetrics(registry);
}
