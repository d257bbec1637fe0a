// The ZT-RL evaluation queries the prototype's way: `psql` against the all-in-one's embedded
// database while Bulwark runs (PGLITE_PORT), and `bulwark sql --eval-queries` beside it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { EVAL_QUERIES, EVAL_QUERY_TITLES } from '../../db/eval-queries';
import { freePort } from '../support/ports';
import { requires } from '../support/requires';
import { startPlatform, type Platform } from '../support/platform';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const psql = requires('psql');

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-sql-'));
let platform: Platform | undefined;

afterAll(async () => {
  if (process.env.SQL_E2E_DEBUG) console.log(platform?.output());
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One query through psql; rows as arrays of text (CSV: header first). Throws with psql's stderr. */
function runPsql(port: number, sqlText: string): string[][] {
  const res = spawnSync(psql.path, ['-X', '--csv', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', sqlText], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  if (res.status !== 0) throw new Error(`psql exited ${res.status}: ${res.stderr}`);
  return res.stdout.trim().split('\n').map((line) => line.split(','));
}

psql.describe('the evaluation SQL against the running all-in-one', () => {
  it('psql and bulwark sql run the four seed queries on the embedded database after a cycle', async () => {
    const pglitePort = await freePort();
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), pglite: pglitePort };
    // Rule verification plays no part here; a missing harness only degrades /health.
    platform = await startPlatform({ dataDir, ports, env: { MODSEC_HARNESS: join(dataDir, 'no-modsec'), CYCLE_RUN_WAIT_SECONDS: '60' } });
    expect(platform.output()).toContain(`psql -h 127.0.0.1 -p ${pglitePort} -U postgres`);

    const res = await fetch(`${platform.base}/cycle/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ environment: 'sandbox' }) });
    expect([200, 202]).toContain(res.status);

    const [gate, risk, trend, actions] = [EVAL_QUERIES.gatePassRate, EVAL_QUERIES.breakageRisk, EVAL_QUERIES.rewardTrend, EVAL_QUERIES.actionDistribution].map((q) => runPsql(pglitePort, q));
    expect(gate![0]).toEqual(['gate_pass_rate']);
    expect(gate).toHaveLength(2); // one aggregate row
    expect(risk![0]).toEqual(['avg_breakage_risk', 'p95_breakage_risk']);
    expect(risk).toHaveLength(2);
    expect(trend![0]).toEqual(['t', 'avg_reward']);
    // The cycle's decision is there: one action, counted once.
    expect(actions![0]).toEqual(['action_id', 'c']);
    expect(actions!.slice(1).map((r) => Number(r[1])).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);

    // The same queries through the CLI, which finds the data directory held and uses the socket.
    const cli = spawnSync(process.execPath, ['bin/bulwark.mjs', 'sql', '--eval-queries'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BULWARK_DATA_DIR: dataDir, PGLITE_PORT: String(pglitePort), DATABASE_URL: '' },
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    for (const title of Object.values(EVAL_QUERY_TITLES)) expect(cli.stdout).toContain(`-- ${title}\n`);
    expect(cli.stdout).toMatch(/ action_id +\| c\n-+\+-+\n .+\| +\d+\n/);

    // Bad SQL from the CLI: a clear message and exit 1; the embedded database still answers.
    const bad = spawnSync(process.execPath, ['bin/bulwark.mjs', 'sql', 'selec 1'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, BULWARK_DATA_DIR: dataDir, PGLITE_PORT: String(pglitePort), DATABASE_URL: '' } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('syntax error at or near "selec"');
    expect(runPsql(pglitePort, 'select count(*) >= 1 as seeded from environments')).toEqual([['seeded'], ['t']]);

    // `bulwark evidence import` beside it, as the README shows it: no TEMPORAL_ADDRESS or
    // DATABASE_URL, only the ports the all-in-one was started with.
    const log = join(dataDir, 'access.log');
    writeFileSync(log, '203.0.113.9 - - [30/Nov/2026:12:00:00 +0000] "GET /search?q=1%27%20OR%20%271%27=%271 HTTP/1.1" 200 512 "-" "curl/8.5"\n');
    const imported = spawnSync(process.execPath, ['bin/bulwark.mjs', 'evidence', 'import', log], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BULWARK_DATA_DIR: dataDir, PGLITE_PORT: String(pglitePort), TEMPORAL_PORT: String(ports.temporal), DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
    });
    expect(imported.status, imported.stderr).toBe(0);
    const out = JSON.parse(imported.stdout) as { format: string; evidence: { id: string }[] };
    expect(out.format).toBe('combined');
    expect(out.evidence).toHaveLength(1);
    expect(runPsql(pglitePort, `select count(*) as n from evidence where id = '${out.evidence[0]!.id}'`)).toEqual([['n'], ['1']]);
  }, 240_000);
});
