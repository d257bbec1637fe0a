// The soak's processes: one Temporal dev server (persistent SQLite, restartable on the same
// port), a separate `bulwark api` with tokens on, and worker processes that can be SIGKILLed and
// restarted, all on one Postgres. Each Bulwark process is the real CLI (`bin/bulwark.mjs`).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTemporalDevServer, type DevServer } from '../../runtime/dev-server';
import { freePort, freePorts, spawnOwned, type OwnedChild } from '../../runtime/process';
import { SEARCH_ATTRIBUTE_TYPES } from '../../temporal/ids';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface StackOptions {
  databaseUrl: string;
  temporalCliPath: string;
  dataDir: string;
  workers: number;
  log?: (line: string) => void;
}

export interface Stack {
  api: string;
  temporalAddress: string;
  /** SIGKILLs worker `i` and starts a fresh one in its place; resolves once the new one is spawned. */
  killWorker(i: number): Promise<void>;
  /** Stops the Temporal server and starts it again on the same port and SQLite file. */
  restartTemporal(): Promise<void>;
  /** Worker processes started so far (initial + restarts). */
  workerStarts(): number;
  apiRestarts(): number;
  stop(): Promise<void>;
}

async function waitHealthy(url: string, proc: OwnedChild, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`process exited:\n${proc.tail()}`);
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not healthy in ${timeoutMs} ms:\n${proc.tail()}`);
}

/** Resolves once the worker logged that it polls its task queues (or after 120 s, or when it exits). */
async function workerReady(w: OwnedChild) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && w.child.exitCode === null && w.child.signalCode === null && !w.tail().includes('"msg":"worker running"')) {
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => {});
  mkdirSync(opts.dataDir, { recursive: true });
  const [temporalPort, apiPort] = await freePorts(2);
  const devServer = () =>
    startTemporalDevServer({
      cliPath: opts.temporalCliPath,
      dbFile: join(opts.dataDir, 'temporal.db'),
      port: temporalPort,
      uiPort: false,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      logFile: join(opts.dataDir, 'temporal.log'),
    });
  let temporal: DevServer = await devServer();
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: opts.databaseUrl,
    BULWARK_DATA_DIR: opts.dataDir,
    OBJECT_STORE: 'fs',
    HOST: '127.0.0.1',
    TEMPORAL_METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    BULWARK_NO_BUILD: '1',
  };
  const bulwark = (command: string, extra: Record<string, string>, name: string) =>
    spawnOwned(process.execPath, ['bin/bulwark.mjs', command], { cwd: ROOT, env: { ...env, ...extra }, logFile: join(opts.dataDir, `${name}.log`), deathSignal: 'SIGKILL' });

  // The API first: its start applies the migrations the workers would otherwise race for.
  const startApi = () => bulwark('api', { PORT: String(apiPort), AUTH_REQUIRED: 'true', WRITE_RATE_LIMIT: '0' }, 'api');
  let api = startApi();
  await waitHealthy(`http://127.0.0.1:${apiPort}/health`, api);
  let stopping = false;
  let apiRestarts = 0;
  // Like an orchestrator: a process that exits (e.g. it could not reach Temporal while it
  // restarted) is started again.
  const superviseApi = () =>
    void api.exited.then(() => {
      if (stopping) return;
      log(`api exited (${api.tail().split('\n').at(-1)}); restarting`);
      apiRestarts++;
      api = startApi();
      superviseApi();
    });
  superviseApi();
  let starts = 0;
  const spawnWorker = async (i: number) => {
    starts++;
    return bulwark('worker', { METRICS_PORT: String(await freePort()), LOG_LEVEL: 'info' }, `worker-${i}`);
  };
  const workers: OwnedChild[] = [];
  for (let i = 0; i < opts.workers; i++) workers.push(await spawnWorker(i));
  await Promise.all(workers.map(workerReady));
  // A worker that exits on its own (e.g. it lost Temporal for too long) is started again too.
  const supervise = (i: number) => {
    const watched = workers[i];
    void watched.exited.then(async () => {
      if (stopping || workers[i] !== watched) return; // stopped, or replaced by killWorker
      log(`worker ${i} exited on its own (${watched.tail().split('\n').at(-1)}); restarting`);
      workers[i] = await spawnWorker(i);
      supervise(i);
    });
  };
  workers.forEach((_, i) => supervise(i));

  return {
    api: `http://127.0.0.1:${apiPort}`,
    temporalAddress: temporal.address,
    async killWorker(i) {
      const old = workers[i];
      workers[i] = await spawnWorker(i); // replaced first, so the supervisor leaves it alone
      old.child.kill('SIGKILL');
      await old.exited;
      supervise(i);
      // The next kill waits for this replacement to poll: a rolling crash, never every replica at once.
      await workerReady(workers[i]);
    },
    async restartTemporal() {
      await temporal.stop();
      // The old server's SQLite lock can outlive its exit by a moment (SQLITE_BUSY).
      for (let attempt = 1; ; attempt++) {
        try {
          temporal = await devServer();
          return;
        } catch (err) {
          if (attempt >= 10) throw err;
          log(`temporal restart attempt ${attempt} failed; retrying`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    },
    workerStarts: () => starts,
    apiRestarts: () => apiRestarts,
    async stop() {
      stopping = true;
      await Promise.all(workers.map((w) => w.stop('SIGTERM', 5000)));
      await api.stop('SIGTERM', 5000);
      await temporal.stop();
    },
  };
}
