// A sandbox thread under the compiled CLI imports its modules from the build (ops/build.mjs,
// runtime/thread-modules.mjs) and leaves no esbuild child behind: tsx registered in a worker
// thread left one `[esbuild] <defunct>` zombie per sandbox run under `npm start`. The thread
// runs in a plain node process of its own (no tsx, no vitest), whose children ps lists.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM build script without types
import { buildThreadModules } from '../ops/build.mjs';

const ENTRY = fileURLToPath(new URL('../sandbox/worker-entry.mjs', import.meta.url));
const PROBE = `
import { Worker } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
const w = new Worker(${JSON.stringify(ENTRY)}, { workerData: { task: { type: 'oracle', kind: 'sql_injection', payload: "1' OR '1'='1" } } });
const answer = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
await w.terminate();
await new Promise((r) => setTimeout(r, 500));
const children = execFileSync('ps', ['-o', 'stat=,args=', '--ppid', String(process.pid)]).toString().split('\\n').filter((l) => /esbuild/.test(l));
console.log(JSON.stringify({ status: answer.status, error: answer.error, children }));
`;

describe('worker threads under the compiled CLI', () => {
  let dist: string;
  beforeAll(async () => {
    // Inside the checkout: the build keeps npm packages external, resolved from node_modules.
    const cache = fileURLToPath(new URL('../node_modules/.cache', import.meta.url));
    mkdirSync(cache, { recursive: true });
    dist = mkdtempSync(join(cache, 'bulwark-threads-'));
    await buildThreadModules(dist);
  }, 120_000);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('a sandbox thread runs its oracle from the build and leaves no esbuild process, live or defunct', async () => {
    const probe = join(dist, 'probe.mjs');
    writeFileSync(probe, PROBE);
    const { stdout } = await promisify(execFile)(process.execPath, [probe], {
      // No tsx cache: a thread that transforms anything starts esbuild (a fresh checkout, or a changed source, always does).
      env: { ...process.env, BULWARK_DIST: dist, NODE_OPTIONS: '', TSX_DISABLE_CACHE: '1' },
      timeout: 120_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { status: string; error?: unknown; children: string[] };
    expect(out).toEqual({ status: 'ok', children: [] });
  }, 180_000);
});
