// `npm run soak`: two worker processes and a separate API process on one Temporal dev server and
// Postgres; a burst of hardening cycles and evidence analyses while workers are SIGKILLed every
// few seconds and Temporal restarts once; then the counts, and exit 1 on any loss or duplicate.
//   npm run soak -- [--cycles 300] [--analyses 300] [--kill-every 4000] [--settle-minutes 15] [--database-url postgres://…]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestPostgres } from '../../runtime/postgres';
import { ensureTemporalCli } from '../../runtime/tools';
import { runSoak } from './run';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '300' },
    analyses: { type: 'string', default: '300' },
    'kill-every': { type: 'string', default: '4000' },
    /** How long accepted work may take to finish after the burst (the checks are the same). */
    'settle-minutes': { type: 'string', default: '15' },
    'database-url': { type: 'string' },
  },
});

// Compiled CLI (ops/build.mjs): a restarted worker is up in about a second instead of ~4 s of tsx.
spawnSync(process.execPath, ['ops/build.mjs'], { cwd: new URL('../..', import.meta.url), stdio: 'inherit' });
const pg = values['database-url'] ? undefined : await startTestPostgres();
const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-soak-'));
const stamp = () => new Date().toISOString().slice(11, 19);
try {
  const result = await runSoak({
    databaseUrl: values['database-url'] ?? pg!.url,
    temporalCliPath: ensureTemporalCli(),
    dataDir,
    cycles: Number(values.cycles),
    analyses: Number(values.analyses),
    killEveryMs: Number(values['kill-every']),
    settleTimeoutMs: Number(values['settle-minutes']) * 60_000,
    restartTemporal: true,
    log: (line) => process.stderr.write(`${stamp()} ${line}\n`),
  });
  const { problems, ...counts } = result;
  process.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
  process.stdout.write(problems.length ? `SOAK FAILED:\n  ${problems.join('\n  ')}\n` : 'soak ok: nothing lost, nothing duplicated\n');
  process.stderr.write(`logs: ${dataDir}\n`);
  process.exitCode = problems.length ? 1 : 0;
} catch (err) {
  process.stderr.write(`soak could not run: ${err instanceof Error ? err.stack : String(err)}\nlogs: ${dataDir}\n`);
  process.exitCode = 2;
} finally {
  await pg?.stop();
}
