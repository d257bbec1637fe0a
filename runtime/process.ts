// Child processes that never outlive us, plus free-port discovery.
//
// `spawnOwned` keeps the child in our process group (Ctrl-C reaches it too), kills it from a
// process 'exit' hook, and on Linux wraps it in `setpriv --pdeathsig` so the kernel signals
// it even when we die from SIGKILL or a crash. `setpriv` can also switch user, which is how
// Postgres runs as `postgres` while we are root.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A port the OS says is free right now (bind 127.0.0.1:0, read it back, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** `n` distinct free ports: every listener is held until all are bound, so none repeats. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    })),
  );
  const ports = servers.map((srv) => (srv.address() as { port: number }).port);
  await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  return ports;
}

/**
 * Throws, naming the setting, when any of `ports` is already bound on its host: checked
 * before anything starts, so a second `bulwark start` refuses instead of half-starting.
 */
export async function assertPortsFree(ports: { name: string; host: string; port: number }[]): Promise<void> {
  for (const p of ports) {
    await new Promise<void>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `${p.name}: ${p.host}:${p.port} is already in use (is Bulwark already running?). Stop that process or choose another ${p.name}.`
              : `${p.name}: cannot listen on ${p.host}:${p.port} (${err.message})`,
          ),
        ),
      );
      srv.listen(p.port, p.host, () => srv.close(() => resolve()));
    });
  }
}

let setprivAvailable: boolean | undefined;
function hasSetpriv(): boolean {
  if (setprivAvailable === undefined) {
    setprivAvailable =
      process.platform === 'linux' && spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  }
  return setprivAvailable;
}

export interface OwnedChild {
  child: ChildProcess;
  /** Last lines of combined stdout/stderr, for error messages. */
  tail(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** `signal`, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export function spawnOwned(
  command: string,
  args: string[],
  opts: SpawnOptions & { logFile?: string; deathSignal?: NodeJS.Signals; runAsUser?: string } = {},
): OwnedChild {
  const { logFile, deathSignal = 'SIGTERM', runAsUser, ...spawnOpts } = opts;
  let cmd = command;
  let argv = args;
  if (hasSetpriv()) {
    const userArgs = runAsUser ? [`--reuid=${runAsUser}`, `--regid=${runAsUser}`, '--init-groups'] : [];
    cmd = 'setpriv';
    argv = [...userArgs, `--pdeathsig=${deathSignal.replace(/^SIG/, '')}`, '--', command, ...args];
  } else if (runAsUser) {
    cmd = 'runuser';
    argv = ['-u', runAsUser, '--', command, ...args];
  }
  const child = spawn(cmd, argv, { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  live.add(child);
  installExitHook();

  const lines: string[] = [];
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const exited = new Promise<number | string | null>((resolve) => {
    const done = (code: number | string | null) => {
      live.delete(child);
      log?.end();
      resolve(code);
    };
    child.once('exit', (code, signal) => done(code ?? signal));
    child.once('error', (err) => {
      lines.push(`spawn ${command} failed: ${err.message}`);
      done(null);
    });
  });

  return {
    child,
    tail: () => lines.join('\n'),
    exited,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) return void (await exited);
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
