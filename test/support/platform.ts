// The whole platform as a user starts it (`bulwark start`: dev server, worker, API, PGlite) in a
// child process, for end-to-end suites. Ports and data directory are the caller's, so a suite
// can stop it and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { freePort } from '../../runtime/process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PlatformPorts {
  api: number;
  temporal: number;
  ui: number;
  /** PGLITE_PORT (psql); a free one when omitted, so suites never meet on the default 55432. */
  pglite?: number;
}

export interface Platform {
  /** http://127.0.0.1:<api port> */
  base: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGINT, as Ctrl-C; resolves the exit code (the code it already had when it was not running). */
  stop(): Promise<number | null>;
}

/**
 * Starts `bulwark start` with embedded defaults on `ports` and `dataDir`, plus `env`, and
 * resolves once /health answers 200. Rejects with the process output when it exits or is not
 * healthy within 90 s.
 */
export async function startPlatform(opts: { dataDir: string; ports: PlatformPorts; env?: Record<string, string> }): Promise<Platform> {
  let output = '';
  const proc: ChildProcess = spawn(process.execPath, ['bin/bulwark.mjs', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BULWARK_DATA_DIR: opts.dataDir,
      PORT: String(opts.ports.api),
      TEMPORAL_PORT: String(opts.ports.temporal),
      TEMPORAL_UI_PORT: String(opts.ports.ui),
      PGLITE_PORT: String(opts.ports.pglite ?? (await freePort())),
      // The Temporal SDK's loopback exporter (merged into /metrics): free, like PGLITE_PORT.
      TEMPORAL_METRICS_PORT: String(await freePort()),
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      // Embedded defaults, whatever the developer's shell exports.
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const platform: Platform = {
    base: `http://127.0.0.1:${opts.ports.api}`,
    output: () => output,
    stop: async () => {
      if (proc.exitCode !== null) return proc.exitCode;
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGINT');
      return exited;
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`bulwark start exited ${proc.exitCode}:\n${output}`);
    if (await fetch(`${platform.base}/health`).then((r) => r.ok, () => false)) return platform;
    await new Promise((r) => setTimeout(r, 250));
  }
  await platform.stop();
  throw new Error(`bulwark start did not become healthy:\n${output}`);
}
