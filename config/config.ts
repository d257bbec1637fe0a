import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DURATION_HINT, DURATION_PATTERN } from '../temporal/duration';
import { TASK_QUEUE_NAMES, type TaskQueueName } from '../temporal/ids';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** The one duration schema (temporal/duration.ts), shared with the API's bodies. */
export const DurationSchema = z.string().regex(DURATION_PATTERN, DURATION_HINT);

// Kafka's legal topic names: letters, digits, `.`, `_`, `-`, at most 249.
const KafkaTopic = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'letters, digits, . _ - (max 249)');

/**
 * Bounds of one exploit-oracle call, whatever the payload (sandbox/oracles/bounded): read by the
 * oracle host itself (worker threads share the environment), so they are their own schema.
 */
const OracleBoundsShape = {
  /** Longest one oracle call (one payload, every stack) may run; the oracle host is killed past it. */
  SANDBOX_ORACLE_BOUND_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Longest one statement may run in an embedded engine (PGlite, sql.js); a statement killed past it is a finding. */
  SANDBOX_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Memory cap of the oracle host: its JS heap, and each WebAssembly memory (PGlite boots at ~190 MB; SQLite's heap limit is a quarter of it). */
  SANDBOX_ENGINE_MEMORY_MB: z.coerce.number().int().min(256).max(4096).default(512),
};
export const OracleBoundsSchema = z.object(OracleBoundsShape).refine((b) => b.SANDBOX_STATEMENT_TIMEOUT_MS < b.SANDBOX_ORACLE_BOUND_MS, {
  message: 'SANDBOX_STATEMENT_TIMEOUT_MS must be below SANDBOX_ORACLE_BOUND_MS',
  path: ['SANDBOX_STATEMENT_TIMEOUT_MS'],
});
export type OracleBounds = z.infer<typeof OracleBoundsSchema>;

/** The oracle bounds from `env` (only those keys; defaults for the unset ones). Throws ZodError when invalid. */
export function oracleBounds(env: Record<string, string | undefined> = process.env): OracleBounds {
  const keys = Object.keys(OracleBoundsShape);
  return OracleBoundsSchema.parse(Object.fromEntries(Object.entries(env).filter(([k, v]) => keys.includes(k) && v !== undefined && v !== '')));
}

/** Every setting Bulwark reads from the environment, parsed once at start-up. */
export const ConfigSchema = z.object({
  ...OracleBoundsShape,
  BULWARK_DATA_DIR: z.string().min(1).default('.data'),
  /** Unset: embedded PGlite under BULWARK_DATA_DIR. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** Unset in `start`: a Temporal dev server is launched; required for `api` and `worker`. */
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_CLI_PATH: z.string().optional(),
  /**
   * libmodsecurity harness that proves generated WAF rules on the real engine. Unset: reuse
   * .tools/bin/modsec-harness, and `start` builds it with ops/install-modsecurity.sh when missing.
   */
  MODSEC_HARNESS: z.string().optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /**
   * The Temporal Web UI's base URL as operators reach it; the console links each cycle there.
   * Unset: `start` with its own dev server uses http://127.0.0.1:TEMPORAL_UI_PORT; otherwise no link.
   */
  TEMPORAL_UI_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /**
   * `start` with embedded PGlite: serve it over the Postgres wire protocol on 127.0.0.1:PGLITE_PORT
   * (psql, `bulwark sql`). Clear of a system Postgres on 5432/5433. `off` or 0 disables it.
   */
  PGLITE_PORT: z
    .string()
    .transform((v) => (v === 'off' ? 0 : Number(v)))
    .pipe(z.number().int().min(0).max(65535))
    .default(55432),
  HOST: z.string().default('127.0.0.1'),
  /** `bulwark worker` (no API) serves GET /metrics on HOST:METRICS_PORT; with the API, /metrics is on PORT. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9464),
  /**
   * Loopback port of the Temporal SDK's Prometheus exporter in a process that runs a worker;
   * its metrics are merged into that process's /metrics. 0 turns the SDK's metrics off.
   */
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  EXECUTOR_MODE: z.enum(['recommend', 'sandbox']).default('sandbox'),
  APPROVAL_TIMEOUT: DurationSchema.default('24h'),
  /** How long a WAF rule the gatekeeper sent to review waits for an analyst before it is left unapplied. */
  RULE_REVIEW_TIMEOUT: DurationSchema.default('72h'),
  /** Wall-time limit of one exploit-simulation sandbox; it is destroyed (and audited) when exceeded. */
  SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /**
   * Warm spare sandboxes kept per oracle kind (0 = none, every run starts cold). Each serves one
   * evidence and is then destroyed and replaced in the background; a spare costs one idle worker
   * thread (SQL's holds its own PGlite, ~100 MB).
   */
  SANDBOX_SPARES_SQL: z.coerce.number().int().min(0).max(8).default(1),
  SANDBOX_SPARES_SHELL: z.coerce.number().int().min(0).max(8).default(1),
  SANDBOX_SPARES_XSS: z.coerce.number().int().min(0).max(8).default(1),
  SANDBOX_SPARES_PATH: z.coerce.number().int().min(0).max(8).default(1),
  /** The agent's exploration probability; a change applies to saved agents as a new agent version. */
  AGENT_EPSILON: z.coerce.number().min(0).max(1).default(0.1),
  /** Share of the prediction error one reward corrects, in (0,1]; applies to saved agents like AGENT_EPSILON. */
  AGENT_LEARNING_RATE: z.coerce.number().gt(0).max(1).default(0.2),
  /**
   * Bearer tokens with roles on every route but /health. Unset: required by `bulwark api`, off in
   * the all-in-one `bulwark start`; off is refused unless HOST is loopback.
   */
  AUTH_REQUIRED: bool.optional(),
  /**
   * How long each API process reuses a token lookup, ms (at most 5000; 0 = read the table on every
   * request). A revocation by another process (`bulwark tokens revoke`) takes effect within it.
   */
  TOKEN_CACHE_TTL_MS: z.coerce.number().int().min(0).max(5000).default(5000),
  /** Write requests one token (or, with auth off, one client address) may make per minute; 0 = no limit. */
  WRITE_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  /** Seconds POST /cycle/run waits for a cycle before answering 202 with its id. */
  CYCLE_RUN_WAIT_SECONDS: z.coerce.number().int().min(0).default(30),
  /** Verdict thresholds on the combined confidence: ≥ simulate → sandbox simulation, ≥ tag → tagged. */
  VERDICT_SIMULATE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.75),
  VERDICT_TAG_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  /** Expected share of anomalous sessions; sets the isolation forest's cut-off. */
  ANOMALY_CONTAMINATION: z.coerce.number().gt(0).lt(0.5).default(0.02),
  /**
   * Task queues this process's worker polls (comma-separated; hardening, threat, sandbox).
   * `bulwark start` polls all; production can run e.g. sandbox-only replicas.
   */
  WORKER_TASK_QUEUES: z
    .string()
    .transform((v) => v.split(',').map((q) => q.trim()).filter(Boolean))
    .pipe(z.array(z.enum(TASK_QUEUE_NAMES as [TaskQueueName, ...TaskQueueName[]])).min(1, 'name at least one task queue'))
    .default(TASK_QUEUE_NAMES),
  /**
   * Workflow tasks one worker runs at once, per task queue (the SDK's default is 40). They share the
   * worker's workflow thread and their 10 s timeout runs from pickup, so on a starved CPU a high
   * value makes every task time out and be redone (the full soak at load ~40 did just that);
   * tasks left on the server wait without a clock. Raise it on big, dedicated worker hosts.
   */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Activities one worker runs at once on the sandbox queue. Each holds a worker-thread isolate
   * with its parsers (and PGlite for SQL: ~150 MB), so more of them than cores only time-slice
   * them: a burst of 150 SQL evidences once put 100 per worker at once, load average 92. Extra
   * tasks wait on the server (the simulate profile has no schedule-to-start timeout). Default:
   * the host's available parallelism.
   */
  WORKER_MAX_CONCURRENT_SANDBOX_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(availableParallelism()),
  /**
   * Activities one worker runs at once on each other queue (database writes, OPA, twin, the
   * ModSecurity harness process per rule). The SDK default is 100.
   */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SEED_ENVIRONMENTS: bool.default(true),
  /** Where evidence bytes live: `fs` = BULWARK_DATA_DIR/objects, `s3` = the S3_* bucket. */
  OBJECT_STORE: z.enum(['fs', 's3']).default('fs'),
  S3_ENDPOINT: z.string().regex(/^https?:\/\/[^\s/]+\/?$/, 'must be http(s)://host[:port]').optional(),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').optional(),
  S3_REGION: z.string().min(1).optional(),
  /** Kafka bootstrap servers (host:port, comma-separated) for `bulwark ingest` and `bulwark evidence publish`. */
  KAFKA_BROKERS: z
    .string()
    .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'each broker must be host:port')).min(1, 'name at least one broker'))
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('bulwark'),
  /** The topic `bulwark ingest` consumes and `bulwark evidence publish` produces to. */
  INGEST_TOPIC: KafkaTopic.default('events.evidence_created'),
  /** Where events that can never be ingested go, with the reason in headers and the original value. */
  INGEST_DEAD_LETTER_TOPIC: KafkaTopic.default('events.evidence_created.dead-letter'),
  INGEST_GROUP_ID: z.string().min(1).max(255).default('bulwark-ingest'),
  /** Commit interval: the highest contiguous acknowledged offset is committed after this many events finish (and at the end of each fetched batch). */
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Events processed at once (object fetch, store, workflow start), across partitions. */
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(64),
  /** Partitions consumed concurrently by one `bulwark ingest` process. */
  INGEST_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** `bulwark ingest` serves GET /metrics (with consumer lag) on HOST:INGEST_METRICS_PORT. */
  INGEST_METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9466),
  /** gatedRetraining's gates (the seed's model_trainer thresholds), on the holdout split, micro-averaged over attack classes. */
  RETRAIN_MIN_PRECISION: z.coerce.number().min(0).max(1).default(0.85),
  RETRAIN_MIN_RECALL: z.coerce.number().min(0).max(1).default(0.8),
  RETRAIN_MAX_FPR: z.coerce.number().min(0).max(1).default(0.05),
  RETRAIN_MIN_F1: z.coerce.number().min(0).max(1).default(0.82),
  /** Fewer payload samples than this end a retraining `insufficient_data` (the seed: 20). */
  RETRAIN_MIN_SAMPLES: z.coerce.number().int().min(1).default(20),
  /** When the daily retraining Schedule (`retraining-schedule:payload-classifier`) fires, UTC cron. */
  RETRAIN_SCHEDULE_CRON: z.string().min(1).default('0 3 * * *'),
  /** How often the model server re-reads the registry (production model, canary and its percentage), ms. */
  SERVING_REGISTRY_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** How often per-minute serving statistics (model_serving_stats) are flushed to the database, ms. */
  SERVING_STATS_FLUSH_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Share (0..1) of production answers also scored by the canary candidate, for the agreement rate (candidate answers are always scored by production). */
  SERVING_SHADOW_SAMPLE: z.coerce.number().min(0).max(1).default(0.1),
  /** Canary promotion stages, percent of traffic to the candidate, rising and ending at 100. */
  CANARY_STAGES: z
    .string()
    .default('1,10,100')
    .transform((v) => v.split(',').map((x) => Number(x.trim())))
    .refine((s) => s.length > 0 && s.every((x, i) => Number.isInteger(x) && x >= 1 && x <= 100 && (i === 0 || x > s[i - 1])) && s.at(-1) === 100, 'must be rising integers 1..100 ending at 100, e.g. 1,10,100'),
  /** Minimum time each canary stage below 100 % holds (operator holds do not count). */
  CANARY_STAGE_WINDOW: DurationSchema.default('1h'),
  /** Time between canary analyses; each covers the live stats since the previous one (whole minutes: stats are per minute). */
  CANARY_ANALYSIS_INTERVAL: DurationSchema.default('10m'),
  /** Fewer requests than this on either model in an interval make its analysis inconclusive. */
  CANARY_MIN_REQUESTS: z.coerce.number().int().min(1).default(50),
  /** The candidate's agreement with production at least this (0..1). */
  CANARY_MIN_AGREEMENT: z.coerce.number().min(0).max(1).default(0.95),
  /** Candidate p95 latency at most production's × this + CANARY_LATENCY_SLACK_MS. */
  CANARY_MAX_LATENCY_RATIO: z.coerce.number().min(1).default(1.5),
  CANARY_LATENCY_SLACK_MS: z.coerce.number().min(0).default(5),
  /** Candidate false-positive reports per request at most production's + this. */
  CANARY_MAX_FP_RATE_INCREASE: z.coerce.number().min(0).max(1).default(0.01),
  /** Total variation distance between the two verdict mixes at most this (0..1). */
  CANARY_MAX_VERDICT_MIX_SHIFT: z.coerce.number().min(0).max(1).default(0.1),
  /** Failed analyses in a stage that roll back (Flagger's threshold). */
  CANARY_FAILURE_LIMIT: z.coerce.number().int().min(1).default(2),
  /** Inconclusive analyses a stage tolerates before holding for an operator (Argo's inconclusiveLimit). */
  CANARY_INCONCLUSIVE_LIMIT: z.coerce.number().int().min(0).default(6),
}).superRefine((c, ctx) => {
  if (c.SANDBOX_STATEMENT_TIMEOUT_MS >= c.SANDBOX_ORACLE_BOUND_MS) {
    ctx.addIssue({ code: 'custom', path: ['SANDBOX_STATEMENT_TIMEOUT_MS'], message: 'must be below SANDBOX_ORACLE_BOUND_MS' });
  }
  if (c.VERDICT_TAG_THRESHOLD > c.VERDICT_SIMULATE_THRESHOLD) {
    ctx.addIssue({ code: 'custom', path: ['VERDICT_TAG_THRESHOLD'], message: 'must not exceed VERDICT_SIMULATE_THRESHOLD' });
  }
  // Fail at start-up, not on the first evidence upload.
  if (c.OBJECT_STORE !== 's3') return;
  for (const key of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when OBJECT_STORE=s3' });
  }
});

export type Config = z.infer<typeof ConfigSchema>;

/** The retraining gates as gatedRetrainingWorkflow takes them; the seed's defaults for unset fields. */
export function retrainGates(c: Partial<Pick<Config, 'RETRAIN_MIN_PRECISION' | 'RETRAIN_MIN_RECALL' | 'RETRAIN_MAX_FPR' | 'RETRAIN_MIN_F1'>>) {
  return { minPrecision: c.RETRAIN_MIN_PRECISION ?? 0.85, minRecall: c.RETRAIN_MIN_RECALL ?? 0.8, maxFpr: c.RETRAIN_MAX_FPR ?? 0.05, minF1: c.RETRAIN_MIN_F1 ?? 0.82 };
}

type CanaryKey = Extract<keyof Config, `CANARY_${string}`>;

/** The canary promotion's settings as canaryPromotionWorkflow takes them (without candidate and requester); defaults for unset fields. */
export function canarySettings(c: Partial<Pick<Config, CanaryKey>>) {
  return {
    stages: c.CANARY_STAGES ?? [1, 10, 100],
    stageWindow: c.CANARY_STAGE_WINDOW ?? '1h',
    analysisInterval: c.CANARY_ANALYSIS_INTERVAL ?? '10m',
    thresholds: {
      minRequests: c.CANARY_MIN_REQUESTS ?? 50,
      minAgreement: c.CANARY_MIN_AGREEMENT ?? 0.95,
      maxLatencyRatio: c.CANARY_MAX_LATENCY_RATIO ?? 1.5,
      latencySlackMs: c.CANARY_LATENCY_SLACK_MS ?? 5,
      maxFalsePositiveRateIncrease: c.CANARY_MAX_FP_RATE_INCREASE ?? 0.01,
      maxVerdictMixShift: c.CANARY_MAX_VERDICT_MIX_SHIFT ?? 0.1,
    },
    policy: { failureLimit: c.CANARY_FAILURE_LIMIT ?? 2, inconclusiveLimit: c.CANARY_INCONCLUSIVE_LIMIT ?? 6 },
  };
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Whether this process's API requires tokens: AUTH_REQUIRED when set, else `defaultOn`
 * (`api`: on, `start`: off). Throws ConfigError when auth would be off beyond loopback.
 */
export function authRequired(c: Pick<Config, 'AUTH_REQUIRED' | 'HOST'>, defaultOn: boolean): boolean {
  const on = c.AUTH_REQUIRED ?? defaultOn;
  if (!on && !isLoopbackHost(c.HOST)) {
    throw new ConfigError(`refusing to listen on ${c.HOST} without auth: set AUTH_REQUIRED=true (and create tokens with 'bulwark tokens create'), or HOST=127.0.0.1`);
  }
  return on;
}

export function verdictThresholds(c: Config) {
  return { simulate: c.VERDICT_SIMULATE_THRESHOLD, tag: c.VERDICT_TAG_THRESHOLD };
}

/** The model server's registry refresh and statistics flush (ms) and shadow sample (0..1). */
export function servingOptions(c: Pick<Config, 'SERVING_REGISTRY_REFRESH_MS' | 'SERVING_STATS_FLUSH_MS' | 'SERVING_SHADOW_SAMPLE'>) {
  return { refreshMs: c.SERVING_REGISTRY_REFRESH_MS, flushMs: c.SERVING_STATS_FLUSH_MS, shadowSample: c.SERVING_SHADOW_SAMPLE };
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  // An exported-but-empty variable means "not set", as shells and compose files produce them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const res = ConfigSchema.safeParse(present);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return res.data;
}

/** Warm spares per oracle kind, as the sandbox runner takes them (sandbox/warm/spare-pool.ts). */
export function sandboxSpares(c: Pick<Config, 'SANDBOX_SPARES_SQL' | 'SANDBOX_SPARES_SHELL' | 'SANDBOX_SPARES_XSS' | 'SANDBOX_SPARES_PATH'>) {
  return { sql_injection: c.SANDBOX_SPARES_SQL, command_injection: c.SANDBOX_SPARES_SHELL, xss: c.SANDBOX_SPARES_XSS, path_traversal: c.SANDBOX_SPARES_PATH };
}
