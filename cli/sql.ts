// `bulwark sql "SELECT …"` / `bulwark sql --eval-queries`: ad-hoc SQL and the ZT-RL evaluation
// queries against Bulwark's database, printed as aligned tables (psql's layout).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import type { Config } from '../config/config';
import { EVAL_QUERIES, EVAL_QUERY_TITLES, type EvalQueryName } from '../db/eval-queries';
import { PGLITE_SOCKET_HOST, servePgliteSocket } from '../runtime/pglite-socket';
import { DataDirInUseError, lockDataDir } from '../runtime/data-lock';
import { formatTable, type Column } from './sql-table';

export const SQL_USAGE = `  sql "SELECT …"        run SQL against DATABASE_URL, else the running all-in-one (PGLITE_PORT),
                        else the embedded database directly; prints a table
  sql --eval-queries    the ZT-RL evaluation queries (gate pass rate, breakage risk, reward trend,
                        action distribution), each with its title
`;

type Out = { write(s: string): unknown };

interface Target {
  url: string;
  /** What it is, for messages. */
  label: string;
  close(): Promise<void>;
}

/** Thrown for problems the user fixes (no database, database held); printed without a stack. */
class SqlTargetError extends Error {}

/**
 * Where the SQL goes: DATABASE_URL; else the data directory opened here when no process holds
 * it (locked meanwhile, and served on an ephemeral loopback port so one client path serves
 * every case); else the holder's socket on 127.0.0.1:PGLITE_PORT. Throws SqlTargetError when
 * the directory is held and PGLITE_PORT is off, or it holds no database yet.
 */
async function openTarget(config: Config): Promise<Target> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, label: 'DATABASE_URL', close: async () => {} };
  const dataDir = resolve(config.BULWARK_DATA_DIR);
  const dir = join(dataDir, 'pglite');
  if (!existsSync(dir)) {
    throw new SqlTargetError(`no embedded database at ${dir}: run 'bulwark start' once (or set DATABASE_URL / BULWARK_DATA_DIR)`);
  }
  let unlock: () => void;
  try {
    unlock = lockDataDir(dataDir, 'bulwark sql');
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    const holder = `${err.holder} (pid ${err.pid})`;
    if (!config.PGLITE_PORT) {
      throw new SqlTargetError(`the embedded database is held by ${holder} and PGLITE_PORT is off: stop it (Ctrl-C) first, or restart it with PGLITE_PORT set and query it through that port`);
    }
    const address = `${PGLITE_SOCKET_HOST}:${config.PGLITE_PORT}`;
    return { url: `postgres://postgres@${address}/postgres`, label: `${holder}'s PGLITE_PORT ${address} (is PGLITE_PORT the same as when it started?)`, close: async () => {} };
  }
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(dir);
    const socket = await servePgliteSocket(pglite, 0, 1);
    return {
      url: `postgres://postgres@${PGLITE_SOCKET_HOST}:${socket.port}/postgres`,
      label: dir,
      close: async () => {
        try {
          await socket.stop();
          await pglite.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

type RawResult = postgres.RowList<(Buffer | null)[][]> & { columns?: postgres.ColumnList<string> };

/** Every statement's result (simple protocol: `a; b` gives two), in order. */
async function run(sql: postgres.Sql, text: string): Promise<RawResult[]> {
  const res = (await sql.unsafe(text).simple().raw()) as unknown as RawResult | RawResult[];
  // Several statements: an array of results, each with its own `command`.
  return Array.isArray(res) && res.length && 'command' in (res[0] as object) && !('command' in res) ? (res as RawResult[]) : [res as RawResult];
}

function print(out: Out, res: RawResult) {
  if (!res.columns?.length) {
    out.write(`${res.command}${res.count ? ` ${res.count}` : ''}\n`);
    return;
  }
  const columns: Column[] = res.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows = [...res].map((row) => row.map((v) => (v === null ? null : v.toString('utf8'))));
  out.write(formatTable(columns, rows));
}

function describeError(err: unknown): string {
  if (err instanceof postgres.PostgresError) {
    return [`ERROR:  ${err.message}`, err.detail && `DETAIL:  ${err.detail}`, err.hint && `HINT:  ${err.hint}`].filter(Boolean).join('\n');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * `bulwark sql` (see SQL_USAGE). Exit codes: 0 done, 1 the SQL failed or no database was
 * reachable (message on `err`), 2 usage.
 */
export async function runSqlCommand(config: Config, args: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const evalQueries = args.includes('--eval-queries');
  const positional = args.filter((a) => a !== '--eval-queries');
  if (positional.some((a) => a.startsWith('-')) || (evalQueries ? positional.length !== 0 : positional.length !== 1) || !(evalQueries || positional[0]?.trim())) {
    err.write(`usage: bulwark sql "SELECT …" | bulwark sql --eval-queries\n\n${SQL_USAGE}`);
    return 2;
  }
  let target: Target;
  try {
    target = await openTarget(config);
  } catch (e) {
    err.write(`bulwark sql: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const sql = postgres(target.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    if (!evalQueries) {
      for (const res of await run(sql, positional[0]!)) print(out, res);
      return 0;
    }
    for (const name of Object.keys(EVAL_QUERIES) as EvalQueryName[]) {
      out.write(`-- ${EVAL_QUERY_TITLES[name]}\n`);
      for (const res of await run(sql, EVAL_QUERIES[name])) print(out, res);
      out.write('\n');
    }
    return 0;
  } catch (e) {
    const refused = (e as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    err.write(`bulwark sql: ${describeError(e)}${refused ? ` (${target.label} is not answering)` : ''}\n`);
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
    await target.close();
  }
}
