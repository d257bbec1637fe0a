// Long-running processes: `start` (all-in-one), `api`, `worker`. Each stops cleanly on Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { authRequired, sandboxSpares, servingOptions, verdictThresholds, type Config } from '../config/config';
import { TokenStore } from '../runtime/auth/token-store';
import { createApp } from '../api/app';
import { createSentinelServer } from '../api/threat/sentinel-runtime';
import { lockDataDir } from '../runtime/data-lock';
import { startTemporalDevServer } from '../runtime/dev-server';
import { assertPortsFree } from '../runtime/process';
import { ensureTemporalCli } from '../runtime/tools';
import { ensureModsecHarness, modsecWarning, type ModsecAvailability } from '../runtime/modsec-provision';
import { log } from '../runtime/log';
import { processRegistry } from '../runtime/metrics';
import { serveMetrics } from '../runtime/metrics-server';
import { tryInstallTemporalMetrics } from '../runtime/temporal-metrics';
import { registerApprovalsWaiting } from '../runtime/approvals-gauge';
import { servePgliteSocket } from '../runtime/pglite-socket';
import {
  connectTemporalClient,
  connectWorkerConnection,
  loadPolicyBundle,
  openDatabase,
  openObjectStore,
  seedSampleEnvironments,
} from '../runtime/services';
import { SEARCH_ATTRIBUTE_TYPES } from '../temporal/ids';
import type { ObjectStore } from '../objects/store';
import { ensureRetrainingSchedule } from '../temporal/retraining-schedule';
import { RETRAINING_SCHEDULE_ID } from '../temporal/retraining';
import { createDefaultEngine } from '../activities/threat/inference';
import { defaultAnomalyModel } from '../domain/threat/detection/anomaly';
import { createWorkers } from '../worker/worker';
import { createAuditLog, type AuditLog } from '../sandbox/audit';
import { SWEEP_INTERVAL_MS, sweepAbandoned } from '../sandbox/audit-sweep';
import { PgAuditSink } from '../sandbox/pg-audit-sink';
import { createSandboxRunner, type SandboxRunner } from '../sandbox/runner';

const warnLog = (message: string, fields: Record<string, unknown>) => log('warn', message, fields);

export type Cleanup = () => Promise<unknown> | unknown;

/** Runs cleanups in reverse order once a signal arrives; resolves when everything is down. */
export function untilSignal(cleanups: Cleanup[]): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log('info', 'shutting down', { signal });
      for (const c of [...cleanups].reverse()) {
        try {
          await c();
        } catch (err) {
          log('warn', 'cleanup failed', { error: String(err) });
        }
      }
      log('info', 'stopped');
      resolveExit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}

/** Split processes share one database, so the embedded single-process PGlite is not an option. */
function requireProductionConfig(config: Config, command: string): string {
  if (!config.TEMPORAL_ADDRESS) throw new Error(`TEMPORAL_ADDRESS is required for 'bulwark ${command}' (host:port)`);
  if (!config.DATABASE_URL) throw new Error(`DATABASE_URL is required for 'bulwark ${command}' (postgres://...)`);
  return config.TEMPORAL_ADDRESS;
}

type DbHandle = Awaited<ReturnType<typeof openDatabase>>;
type Sandbox = { runner: SandboxRunner; audit: AuditLog };

/**
 * The rule verifier for this process's worker: `install` runs ops/install-modsecurity.sh when
 * none is built (`start`; a production worker image ships its own). Says loudly when missing.
 */
async function provisionModsec(config: Config, install: boolean): Promise<ModsecAvailability> {
  const modsec = await ensureModsecHarness(config.MODSEC_HARNESS, { install });
  if (modsec.available) log('info', 'libmodsecurity harness ready (generated rules are verified on ModSecurity)', { harness: modsec.harness });
  else log('warn', 'rule verification unavailable', { reason: modsec.reason, fix: modsec.fix });
  return modsec;
}

/** Repeated last, after "up", so the problem is what the operator sees. */
function warnIfUnverified(modsec: ModsecAvailability) {
  if (!modsec.available) process.stderr.write(`\n${modsecWarning(modsec)}\n\n`);
}

const harnessPath = (m: ModsecAvailability) => (m.available ? m.harness : '');
const verificationHealth = (m: ModsecAvailability) =>
  m.available ? { status: 'ok' as const } : { status: 'degraded' as const, reason: m.reason, fix: m.fix };

/**
 * One runner per process, audited to Postgres (sandbox_audit: the same chain across restarts).
 * In `start` the API and the worker share it, so the panic button also destroys the
 * sandboxes of running analyses.
 */
function openSandbox(config: Config, cleanups: Cleanup[], db: DbHandle): Sandbox {
  const audit = createAuditLog(new PgAuditSink(db.db));
  const runner = createSandboxRunner({ audit, timeoutMs: config.SANDBOX_TIMEOUT_MS, metrics: processRegistry(), spares: sandboxSpares(config) });
  const sandbox = { runner, audit };
  cleanups.push(async () => {
    await runner.dispose();
    if (runner.running().length) await runner.panic('shutdown');
  });
  // Closes sandboxes a killed process left open (sandbox/audit-sweep.ts): now, then periodically.
  const sweep = () =>
    sweepAbandoned(audit, { running: () => sandbox.runner.running().map((r) => r.sandboxId) }).then(
      (closed) => closed.length && log('warn', 'closed abandoned sandboxes in the audit log', { sandboxes: closed.map((e) => e.detail) }),
      (err) => log('warn', 'sandbox audit sweep failed', { error: String(err) }),
    );
  void sweep();
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  cleanups.push(() => clearInterval(timer));
  return sandbox;
}

async function startWorker(config: Config, address: string, cleanups: Cleanup[], db: DbHandle, objects: ObjectStore, sandbox: Sandbox, modsec: ModsecAvailability) {
  const policy = await loadPolicyBundle();
  const connection = await connectWorkerConnection(address);
  cleanups.push(() => connection.close());
  const engine = createDefaultEngine(verdictThresholds(config), config.ANOMALY_CONTAMINATION, processRegistry(), { ...servingOptions(config), db: db.db, objects });
  // Pushed before the workers' shutdown, so it runs after it: the last minute of statistics is flushed.
  cleanups.push(() => engine.server.close());
  const workers = await createWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    queues: config.WORKER_TASK_QUEUES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentSandboxActivities: config.WORKER_MAX_CONCURRENT_SANDBOX_ACTIVITIES,
    maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    deps: {
      db: db.db,
      policy,
      epsilon: config.AGENT_EPSILON,
      learningRate: config.AGENT_LEARNING_RATE,
      objects,
      engine,
      sandbox: sandbox.runner,
      modsecHarness: harnessPath(modsec),
      metrics: processRegistry(),
    },
  });
  const running = workers.map((w) => w.run());
  cleanups.push(async () => {
    // The SDK's own SIGINT handler may already be draining them: shutting down twice throws,
    // and the connection may close only once every worker has finished.
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.allSettled(running);
  });
  log('info', 'worker running', { taskQueues: workers.map((w) => w.options.taskQueue), policyVersion: policy.version });
}

async function startApi(
  config: Config,
  address: string,
  cleanups: Cleanup[],
  db: DbHandle,
  objects: ObjectStore,
  sandbox: Sandbox,
  auth: boolean,
  ruleVerification?: ModsecAvailability,
  temporalMetricsUrl?: string,
) {
  const { connection, client } = await connectTemporalClient(address, config.TEMPORAL_NAMESPACE);
  cleanups.push(() => connection.close());
  if (await ensureRetrainingSchedule(client, config)) log('info', 'daily retraining schedule created', { id: RETRAINING_SCHEDULE_ID, cron: config.RETRAIN_SCHEDULE_CRON });
  const detectionOptions = { thresholds: verdictThresholds(config), anomaly: defaultAnomalyModel(config.ANOMALY_CONTAMINATION), serving: servingOptions(config) };
  const modelServer = createSentinelServer(detectionOptions, processRegistry(), { db: db.db, objects });
  cleanups.push(() => modelServer.close());
  const detection = { sandbox, server: modelServer };
  const app = createApp({
    db: db.db,
    temporal: client,
    config,
    objects,
    detection,
    metrics: processRegistry(),
    temporalMetricsUrl,
    temporalUiUrl: config.TEMPORAL_UI_URL ?? (config.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`),
    ...(ruleVerification ? { ruleVerification: verificationHealth(ruleVerification) } : {}),
    ...(auth ? { auth: { tokens: new TokenStore(db.db, undefined, { ttlMs: config.TOKEN_CACHE_TTL_MS }), audit: sandbox.audit } } : {}),
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  log('info', 'api listening', { url: `http://${config.HOST}:${config.PORT}`, openapi: '/openapi.json', docs: '/docs', metrics: '/metrics', auth: auth ? 'bearer tokens required' : 'OFF (loopback only)' });
  await announceAuth(auth, db.db);
}

/** Says at start-up whether the API is open (loopback all-in-one) or how to get a first token. */
async function announceAuth(auth: boolean, db: DbHandle['db']) {
  if (!auth) {
    log('warn', 'auth is OFF: any local process can call every route (loopback only); set AUTH_REQUIRED=true to require bearer tokens');
    return;
  }
  const live = (await new TokenStore(db).list()).filter((t) => !t.revokedAt && (!t.expiresAt || t.expiresAt > new Date()));
  if (!live.length) log('warn', "auth is on and no token exists yet: create one with 'bulwark tokens create --role admin --name you'");
}

async function openDb(config: Config, cleanups: Cleanup[]) {
  const db = await openDatabase(config);
  cleanups.push(() => db.close());
  registerApprovalsWaiting(processRegistry(), db.db);
  if (config.SEED_ENVIRONMENTS) {
    const added = await seedSampleEnvironments(db.db);
    if (added.length) log('info', 'registered sample environments', { environments: added });
  }
  return db;
}

/** psql (and `bulwark sql`) access to the embedded database while Bulwark runs (runtime/pglite-socket.ts). */
async function serveEmbeddedDb(config: Config, cleanups: Cleanup[], pglite: NonNullable<DbHandle['pglite']>) {
  if (!config.PGLITE_PORT) return;
  const socket = await servePgliteSocket(pglite, config.PGLITE_PORT);
  cleanups.push(() => socket.stop());
  log('info', 'embedded database served over the Postgres protocol (loopback only)', { psql: socket.psql, sql: 'bulwark sql --eval-queries' });
}

export async function runStart(config: Config): Promise<number> {
  // Off by default here, and refused beyond loopback (throws ConfigError before anything starts).
  const auth = authRequired(config, false);
  const cleanups: Cleanup[] = [];
  const dataDir = resolve(config.BULWARK_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  // Refuse before anything starts: a second `start` on the same data or ports would otherwise
  // half-start against the first one's dev server and database.
  const unlock = lockDataDir(dataDir, 'bulwark start');
  try {
    await assertPortsFree([
      { name: 'PORT', host: config.HOST, port: config.PORT },
      ...(config.TEMPORAL_ADDRESS
        ? []
        : [
            { name: 'TEMPORAL_PORT', host: '127.0.0.1', port: config.TEMPORAL_PORT },
            { name: 'TEMPORAL_UI_PORT', host: '127.0.0.1', port: config.TEMPORAL_UI_PORT },
          ]),
      ...(config.DATABASE_URL || !config.PGLITE_PORT ? [] : [{ name: 'PGLITE_PORT', host: '127.0.0.1', port: config.PGLITE_PORT }]),
    ]);
  } catch (err) {
    unlock();
    throw err;
  }
  cleanups.push(unlock); // runs last: released once everything else is down
  // Before any worker connection exists (Runtime.install works once, first); merged into /metrics.
  const temporalMetricsUrl = tryInstallTemporalMetrics(config.TEMPORAL_METRICS_PORT, warnLog);
  // Beside the Temporal start-up: a first run may apt-install libmodsecurity and compile.
  const modsecReady = provisionModsec(config, true);
  try {
    let address = config.TEMPORAL_ADDRESS;
    if (!address) {
      const server = await startTemporalDevServer({
        cliPath: ensureTemporalCli(),
        dbFile: join(dataDir, 'temporal.db'),
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        searchAttributes: SEARCH_ATTRIBUTE_TYPES,
        logFile: join(dataDir, 'temporal.log'),
      });
      cleanups.push(() => server.stop());
      address = server.address;
      log('info', 'temporal dev server running', { address, webUi: server.uiUrl });
    }
    const db = await openDb(config, cleanups);
    log('info', 'database ready', { kind: db.kind });
    if (db.pglite) await serveEmbeddedDb(config, cleanups, db.pglite);
    const objects = await openObjectStore(config);
    const sandbox = openSandbox(config, cleanups, db);
    const modsec = await modsecReady;
    await startWorker(config, address, cleanups, db, objects, sandbox, modsec);
    await startApi(config, address, cleanups, db, objects, sandbox, auth, modsec, temporalMetricsUrl);
    log('info', 'bulwark is up', {
      api: `http://${config.HOST}:${config.PORT}`,
      temporalUi: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
      ruleVerification: modsec.available ? 'ok' : 'UNAVAILABLE',
    });
    warnIfUnverified(modsec);
  } catch (err) {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    throw err;
  }
  return untilSignal(cleanups);
}

export async function runApi(config: Config): Promise<number> {
  const address = requireProductionConfig(config, 'api');
  const auth = authRequired(config, true);
  const cleanups: Cleanup[] = [];
  const db = await openDb(config, cleanups);
  await startApi(config, address, cleanups, db, await openObjectStore(config), openSandbox(config, cleanups, db), auth);
  return untilSignal(cleanups);
}

export async function runWorker(config: Config): Promise<number> {
  const address = requireProductionConfig(config, 'worker');
  const cleanups: Cleanup[] = [];
  const temporalUrl = tryInstallTemporalMetrics(config.TEMPORAL_METRICS_PORT, warnLog);
  try {
    // No API here, so the process's metrics (ours and the SDK's) get their own port.
    const metricsServer = await serveMetrics({ registry: processRegistry(), host: config.HOST, port: config.METRICS_PORT, temporalUrl });
    cleanups.push(() => new Promise<void>((r) => (metricsServer.close(() => r()), metricsServer.closeAllConnections())));
    log('info', 'metrics listening', { url: `http://${config.HOST}:${config.METRICS_PORT}/metrics`, temporalSdk: temporalUrl ?? 'off' });
    const db = await openDb(config, cleanups);
    // Rules are verified on the threat queue; a worker without it needs no verifier.
    const verifies = config.WORKER_TASK_QUEUES.includes('threat');
    const modsec: ModsecAvailability = verifies ? await provisionModsec(config, false) : { available: false, reason: 'not serving the threat queue', fix: '' };
    await startWorker(config, address, cleanups, db, await openObjectStore(config), openSandbox(config, cleanups, db), modsec);
    if (verifies) warnIfUnverified(modsec);
  } catch (err) {
    // A half-started worker must not linger (the metrics server would keep the process alive).
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    throw err;
  }
  return untilSignal(cleanups);
}
