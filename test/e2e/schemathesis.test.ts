// Schemathesis against the all-in-one (`bulwark start` on free ports, like all-in-one.test.ts):
// the documented examples first (each must be accepted), then a bounded schema-driven fuzz
// (coverage + fuzzing phases, fixed seed): no 5xx, every status and body as documented,
// schema-violating requests refused. ops/install-schemathesis.sh provides the CLI.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { freePort } from '../support/ports';
import { requires } from '../support/requires';

const schemathesis = requires('schemathesis');
const modsec = requires('modsec');

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = fileURLToPath(new URL('./schemathesis.toml', import.meta.url));
/** Test cases per operation in the fuzz: ~40 operations × this stays well under 3 minutes on 2 cores. */
const MAX_EXAMPLES = 25;
const CHECKS = 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection';

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-schemathesis-'));
let proc: ChildProcess | undefined;
let base = '';
let output = '';

async function startPlatform(): Promise<void> {
  const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
  base = `http://127.0.0.1:${api}`;
  proc = spawn(process.execPath, ['bin/bulwark.mjs', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BULWARK_DATA_DIR: dataDir,
      PORT: String(api),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: String(ui),
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      // Rule verification is not under test here; without a harness start-up must not build one.
      ...(modsec.available ? { MODSEC_HARNESS: modsec.path } : {}),
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: '',
      // Fuzzed POST /cycle/run calls answer at once instead of waiting for their cycle.
      CYCLE_RUN_WAIT_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`bulwark start exited ${proc.exitCode}:\n${output}`);
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`bulwark start did not become healthy:\n${output}`);
}

/** Runs the CLI; resolves its exit code and output (never rejects on a failing run). */
function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      schemathesis.path,
      ['--config-file', CONFIG, 'run', `${base}/openapi.json`, '--no-color', '--generation-database', 'none', '--workers', '2', '--request-timeout', '20', '--output-truncate', 'true', ...args],
      { cwd: dataDir, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** The failure section of the report (what the assertion message shows). */
const failures = (out: string) => out.slice(Math.max(0, out.indexOf('FAILURES'))).slice(0, 20_000);

schemathesis.describe('schemathesis against the all-in-one', () => {
  beforeAll(startPlatform, 120_000);
  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts every documented example (positive data acceptance included)', async () => {
    const { code, out } = await run(['--phases', 'examples', '--checks', `${CHECKS},positive_data_acceptance`]);
    expect(out).toMatch(/Examples/);
    expect(code, failures(out)).toBe(0);
  }, 120_000);

  it(`fuzzes every operation (${MAX_EXAMPLES} cases each, fixed seed): no 5xx, every status documented`, async () => {
    const { code, out } = await run(['--phases', 'coverage,fuzzing', '-n', String(MAX_EXAMPLES), '--seed', '20261130', '--checks', CHECKS, '--max-failures', '20']);
    expect(out).toMatch(/generated/);
    expect(code, failures(out)).toBe(0);
  }, 240_000);
});
