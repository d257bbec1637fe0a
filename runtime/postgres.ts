// A throwaway Postgres cluster for tests when no TEST_DATABASE_URL is given: initdb into a
// temp dir (runtime/pg-cluster.sh), then run `postgres` in the foreground as an owned child so it
// dies with us, with durability off (fsync, synchronous_commit, full_page_writes) for speed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort, spawnOwned } from './process';
import { REPO_ROOT } from './tools';

const PG_CLUSTER = join(REPO_ROOT, 'runtime', 'pg-cluster.sh');

export interface TestPostgres {
  /** postgres://bulwark:bulwark@127.0.0.1:<port>/postgres (superuser) */
  url: string;
  stop(): Promise<void>;
}

function pgCluster(args: string[]): string {
  return execFileSync('bash', [PG_CLUSTER, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function keyValues(out: string): Record<string, string> {
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

async function canQuery(url: string): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes clusters left behind by runs that were killed hard (their postgres died with them). */
function sweepStaleClusters() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('bulwark-pg-')) continue;
    const parent = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(parent).mtimeMs < 10 * 60_000) continue;
      const pid = Number(readFileSync(join(parent, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && pidAlive(pid)) continue;
    } catch {
      /* no pid file: never started or already stopped */
    }
    rmSync(parent, { recursive: true, force: true });
  }
}

export async function startTestPostgres(opts: { startTimeoutMs?: number } = {}): Promise<TestPostgres> {
  sweepStaleClusters();
  // /tmp, not the repo: when we are root the cluster runs as `postgres`, which must reach DIR.
  const parent = mkdtempSync(join(tmpdir(), 'bulwark-pg-'));
  const dir = join(parent, 'data');
  const cleanupDir = () => rmSync(parent, { recursive: true, force: true });
  let env: Record<string, string>;
  try {
    execFileSync('chmod', ['0755', parent]);
    env = keyValues(pgCluster(['init', dir]));
  } catch (err) {
    cleanupDir();
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`could not create a test Postgres cluster in ${dir}: ${stderr || String(err)}`);
  }

  const port = await freePort();
  const args = ['-D', dir, ...pgCluster(['args', dir, String(port)]).split('\n').filter(Boolean)];
  const proc = spawnOwned(join(env.PG_BINDIR, 'postgres'), args, {
    // SIGINT = "fast" shutdown: roll back open transactions, disconnect, exit.
    deathSignal: 'SIGINT',
    runAsUser: process.getuid?.() === 0 ? env.PG_USER : undefined,
  });
  const url = `postgres://bulwark:bulwark@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await proc.stop('SIGINT', 10_000);
    cleanupDir();
  };

  let exitCode: number | string | null | undefined;
  void proc.exited.then((c) => (exitCode = c ?? 'spawn error'));
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  let problem: string | undefined = 'not started';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      cleanupDir();
      throw new Error(`test Postgres exited (${exitCode}) during start-up on port ${port}:\n${proc.tail()}`);
    }
    problem = await canQuery(url);
    if (problem === undefined) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`test Postgres on port ${port} not ready (${problem}):\n${proc.tail()}`);
}
