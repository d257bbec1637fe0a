// Runs `temporal server start-dev` (Temporal CLI) as an owned child process: the embedded
// Temporal of `npm start` and the shared server of the test suite. Search attributes passed
// here are registered on the namespace by the CLI itself, and start-up only counts as done
// once the frontend answers AND lists every one of them on the namespace.
import { Connection } from '@temporalio/client';
import { freePorts, spawnOwned } from './process';

export type SearchAttributeTypeName = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file for persistent state; omit for in-memory (lost on exit). */
  dbFile?: string;
  /** Frontend gRPC port; a free one is picked when omitted. */
  port?: number;
  /** Web UI port; `false` = headless; a free one is picked when omitted. */
  uiPort?: number | false;
  namespace?: string;
  searchAttributes: Record<string, SearchAttributeTypeName>;
  /** Appends the server's stdout/stderr here. */
  logFile?: string;
  /** Default 60 s. */
  startTimeoutMs?: number;
  /** `--sqlite-pragma NAME=VALUE` each, with `dbFile` only; default FILE_DB_PRAGMAS. */
  sqlitePragmas?: Record<string, string>;
  /** `--dynamic-config-value KEY=<JSON>` each (Temporal server dynamic config). */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * CLI type name → `temporal.api.enums.v1.IndexedValueType` number, as the operator service
 * takes and reports them (numbers, because @temporalio/proto is CJS without ESM named exports).
 */
export const INDEXED_VALUE_TYPES: Record<SearchAttributeTypeName, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

/**
 * SQLite pragmas of a file-backed dev server unless given: a write-ahead log, still synced at
 * every commit (synchronous=full: nothing acknowledged is lost on a power cut). SQLite's own
 * default (rollback journal, one journal file created, synced and deleted per transaction)
 * costs the server ~12 ms of CPU per workflow start and caps it near 20 starts/s on this
 * project's 2-core machine; with these ~5 ms and ~100/s (docs/ingest.md, "Measured").
 */
export const FILE_DB_PRAGMAS: Readonly<Record<string, string>> = { journal_mode: 'wal', synchronous: 'full' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One readiness probe: the namespace exists and carries every requested search attribute.
 * `--search-attribute` only registers on a fresh database, so attributes added by a newer
 * Bulwark to an existing `.data/temporal.db` are registered here.
 */
async function probe(
  address: string,
  namespace: string,
  wanted: Record<string, SearchAttributeTypeName>,
): Promise<string | undefined> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    const res = await connection.withDeadline(Date.now() + 2_000, () =>
      connection!.operatorService.listSearchAttributes({ namespace }),
    );
    const have = new Set(Object.keys(res.customAttributes ?? {}));
    const missing = Object.keys(wanted).filter((k) => !have.has(k));
    if (missing.length === 0) return undefined;
    await connection.withDeadline(Date.now() + 5_000, () =>
      connection!.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((k) => [k, INDEXED_VALUE_TYPES[wanted[k]]])),
      }),
    );
    return `search attributes registered just now: ${missing.join(', ')}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Starts `temporal server start-dev` on loopback and waits until it answers with the search
 * attributes registered. The ports it is not given are chosen free just before it starts; another
 * process can take one in between ("bind: address already in use"), so a start that dies that way
 * is tried again on fresh ports, up to 3 times. Throws with the command and the server's output.
 */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      const lost = err instanceof Error && /exited .* before it was ready/.test(err.message) && /address already in use/.test(err.message);
      if (!lost || attempt >= 3) throw err;
    }
  }
}

async function startOnce(opts: DevServerOptions): Promise<DevServer> {
  const namespace = opts.namespace ?? 'default';
  // Every port is chosen here, at once (distinct): left to itself the CLI picks its HTTP API
  // and metrics ports by probing before the gRPC port is bound, and can pick that one
  // ("bind: address already in use").
  const [grpcFree, uiFree, httpPort, metricsPort] = await freePorts(4);
  const port = opts.port ?? grpcFree;
  const uiPort = opts.uiPort === false ? undefined : (opts.uiPort ?? uiFree);
  const address = `127.0.0.1:${port}`;

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort)];
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  if (opts.dbFile) {
    args.push('--db-filename', opts.dbFile);
    for (const [name, value] of Object.entries(opts.sqlitePragmas ?? FILE_DB_PRAGMAS)) args.push('--sqlite-pragma', `${name}=${value}`);
  }
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(opts.searchAttributes)) {
    if (!(type in INDEXED_VALUE_TYPES)) throw new Error(`unknown search attribute type ${type} for ${name}`);
    args.push('--search-attribute', `${name}=${type}`);
  }
  args.push('--log-level', 'warn');

  const proc = spawnOwned(opts.cliPath, args, { logFile: opts.logFile, deathSignal: 'SIGTERM' });
  const stop = () => proc.stop('SIGTERM', 10_000);

  const wanted = opts.searchAttributes;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  let lastProblem = 'not started';
  let exitCode: number | string | null | undefined;
  void proc.exited.then((c) => (exitCode = c ?? 'spawn error'));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `temporal server start-dev exited (${exitCode}) before it was ready on ${address}.\n` +
          `command: ${opts.cliPath} ${args.join(' ')}\n${proc.tail()}`,
      );
    }
    const problem = await probe(address, namespace, wanted);
    if (problem === undefined) {
      return { address, uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`, stop };
    }
    lastProblem = problem;
    await sleep(150);
  }
  await stop();
  throw new Error(
    `temporal dev server on ${address} not ready after ${(opts.startTimeoutMs ?? 60_000) / 1000}s (${lastProblem}).\n${proc.tail()}`,
  );
}
