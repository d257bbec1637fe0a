// Runs one of the project's own installer scripts (ops/install-*.sh) without blocking the
// event loop, so several can run at once (test global setup) or beside the Temporal start-up
// (`bulwark start`). Each script prints the installed path as the last line of stdout and
// explains a failure on stderr.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './tools';

/** Progress lines the ops/install-*.sh scripts print themselves. */
const OWN_LINE = /^install-[a-z]+:/;

export type InstallerResult =
  | { ok: true; /** Every stdout line, in order; the installed path is the last one. */ lines: string[] }
  | { ok: false; /** The script's own explanation (its last stderr lines), or how it ended. */ reason: string };

/**
 * Runs `bash ops/<script>` from the repository root.
 * @param opts.env       extra environment for the script (merged over process.env)
 * @param opts.timeoutMs kill it after this long (default 30 min: a cold MinIO build takes many minutes on a small machine)
 * @param opts.echo      forward the script's own progress lines (`install-…: …`) to our stderr as they
 *                       arrive; tool output (apt, go, pip) is kept for the failure reason only
 * Never rejects: a failure is `{ ok: false, reason }`.
 */
export function runInstaller(
  script: string,
  opts: { env?: Record<string, string | undefined>; timeoutMs?: number; echo?: boolean } = {},
): Promise<InstallerResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', [join(REPO_ROOT, 'ops', script)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    let partial = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!opts.echo) return;
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (OWN_LINE.test(line)) process.stderr.write(`${line}\n`);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 30 * 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `could not run ops/${script}: ${err.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
      if (code === 0 && lines.length) return resolve({ ok: true, lines });
      const said = stderr.trim().split('\n').slice(-3).join(' | ');
      const ended = signal ? `killed by ${signal}` : code === 0 ? 'printed no path' : `exit ${code}`;
      resolve({ ok: false, reason: `ops/${script} failed (${ended})${said ? `: ${said}` : ''}` });
    });
  });
}
