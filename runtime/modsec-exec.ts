// Runs the harness through runtime/modsec-spawner.mjs, one long-lived small child per process,
// started on first use; execFile directly when the spawner cannot be started.
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SPAWNER = fileURLToPath(new URL('./modsec-spawner.mjs', import.meta.url));

/** A harness run's result: exit code (null when killed), its output, and the error text if it failed. */
export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  message: string | null;
}

interface Reply extends ExecResult {
  id: number;
}

let spawner: ChildProcess | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: ExecResult) => void; reject: (e: Error) => void }>();

// The child must not keep a CLI process alive, but must while one of its runs is awaited.
function refWhileBusy() {
  const busy = pending.size > 0;
  const channel = spawner?.channel as { ref(): void; unref(): void } | undefined;
  if (busy) {
    spawner?.ref();
    channel?.ref();
  } else {
    spawner?.unref();
    channel?.unref();
  }
}

function startSpawner(): ChildProcess {
  const child = fork(SPAWNER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
  child.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    refWhileBusy();
    p.resolve(m);
  });
  const gone = (why: string) => {
    if (spawner === child) spawner = undefined;
    // Runs it had taken fail (retryably, like a harness crash); the next run starts a new spawner.
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new Error(`modsec-harness spawner ${why}`));
    }
  };
  child.on('exit', (code, signal) => gone(`exited (${signal ?? code})`));
  child.on('error', (err) => gone(`failed: ${err.message}`));
  return child;
}

function direct(file: string, args: string[], input: string, timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, signal: err?.signal ?? null, stdout, stderr, message: err?.message ?? null });
    });
    child.stdin?.end(input);
  });
}

/**
 * Runs `file args` with `input` on stdin, at most `timeoutMs`; resolves with its exit code and
 * output (a failing exit is a result, not a rejection). Rejects only when the spawner died mid-run.
 */
export function execHarness(file: string, args: string[], input: string, timeoutMs: number): Promise<ExecResult> {
  try {
    spawner ??= startSpawner();
  } catch {
    return direct(file, args, input, timeoutMs);
  }
  const id = nextId++;
  return new Promise<ExecResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    refWhileBusy();
    spawner!.send({ id, file, args, input, timeoutMs });
  });
}

/** The spawner's pid, if one runs (tests). */
export function spawnerPid(): number | undefined {
  return spawner?.pid;
}
