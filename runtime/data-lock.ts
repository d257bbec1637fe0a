// One process at a time per embedded data directory. PGlite (and the dev server's SQLite file)
// must never be opened by two processes: the second would see a stale copy and its writes
// would be lost. A lock file holding the owner's pid makes the second process refuse at once,
// saying who holds it; a lock left by a process that died is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly holder: string,
  ) {
    super(
      `the embedded data directory ${dataDir} is in use by process ${pid} (${holder}). ` +
        'Only one process may open it: stop that process first, or talk to it (its API, or `psql` on its PGLITE_PORT), ' +
        'or point this one at another BULWARK_DATA_DIR.',
    );
    this.name = 'DataDirInUse';
  }
}

const held = new Map<string, { count: number }>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>/bulwark.lock` for this process (re-entrant within the process) and returns
 * its release function. Throws DataDirInUseError when a live process holds it.
 */
export function lockDataDir(dataDir: string, holder = process.argv.slice(2).join(' ') || 'bulwark'): () => void {
  const file = join(dataDir, 'bulwark.lock');
  const mine = held.get(file);
  if (mine) {
    mine.count += 1;
    return once(() => release(file));
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      held.set(file, { count: 1 });
      return once(() => release(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(file);
      if (owner && alive(owner.pid)) throw new DataDirInUseError(dataDir, owner.pid, owner.holder);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

function readOwner(file: string): { pid: number; holder: string } | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; holder?: unknown };
    return typeof o.pid === 'number' ? { pid: o.pid, holder: String(o.holder ?? 'bulwark') } : undefined;
  } catch {
    return undefined; // half-written or foreign: treated as stale
  }
}

function release(file: string): void {
  const mine = held.get(file);
  if (!mine) return;
  mine.count -= 1;
  if (mine.count > 0) return;
  held.delete(file);
  rmSync(file, { force: true });
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
