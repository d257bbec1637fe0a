// `tsx ops/bench/ingest/temporal-starts.ts [variant …]`: the Temporal side of an ingested event
// alone: BENCH_STARTS threatAnalysis starts (the ingest consumer's exact start options) against
// a fresh dev server per variant, BENCH_START_CONCURRENCY at once, no worker. Prints CPU ms per
// start of the dev server (from /proc) and of this client, starts/s and the load average: the
// server's CPU per start is what bounds ingest throughput on a small machine (docs/ingest.md).
// Variants: how the dev server persists (in memory as the tests and benches run it, a file as
// `npm start` runs it, with the SQLite pragmas it could take) and dynamic config it could take.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startTemporalDevServer, type DevServerOptions } from '../../../runtime/dev-server';
import { connectTemporalClient } from '../../../runtime/services';
import { ensureTemporalCli } from '../../../runtime/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../../../temporal/ids';
import { startThreatAnalysis } from '../../../temporal/workflows';
import { cpuPer, sampleCpu } from './process-cpu';

const STARTS = Number(process.env.BENCH_STARTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_START_CONCURRENCY ?? 64);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

type Variant = Pick<DevServerOptions, 'sqlitePragmas' | 'dynamicConfig'> & { file?: boolean };
const ONE_PARTITION = { 'matching.numTaskqueueReadPartitions': 1, 'matching.numTaskqueueWritePartitions': 1 };
const VARIANTS: Record<string, Variant> = {
  memory: {},
  // SQLite's defaults (rollback journal, synchronous=full): the dev server's before FILE_DB_PRAGMAS.
  'file-sqlite-default': { file: true, sqlitePragmas: {} },
  // FILE_DB_PRAGMAS (journal_mode=wal, synchronous=full): what `npm start` runs.
  file: { file: true },
  'file-wal-normal': { file: true, sqlitePragmas: { journal_mode: 'wal', synchronous: 'normal' } },
  'file-wal-off': { file: true, sqlitePragmas: { journal_mode: 'wal', synchronous: 'off' } },
  'memory-1-partition': { dynamicConfig: ONE_PARTITION },
  'file-wal-normal-1-partition': { file: true, sqlitePragmas: { journal_mode: 'wal', synchronous: 'normal' }, dynamicConfig: ONE_PARTITION },
};

async function run(name: string, v: Variant): Promise<string> {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-starts-'));
  const server = await startTemporalDevServer({
    cliPath: ensureTemporalCli(),
    uiPort: false,
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    ...(v.file ? { dbFile: join(dir, 'temporal.db') } : {}),
    sqlitePragmas: v.sqlitePragmas,
    dynamicConfig: v.dynamicConfig,
  });
  const { connection, client } = await connectTemporalClient(server.address, 'default');
  try {
    const queue = `bench-starts-${name}`;
    const start = (i: number) => startThreatAnalysis(client, `starts-${name}-${i}`, { queues: { threat: queue, sandbox: `${queue}-none` } });
    for (let i = 0; i < 20; i++) await start(-1 - i); // warm-up: connection, task queue, caches
    const loadBefore = load();
    const cpu0 = sampleCpu();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < STARTS) await start(next++);
    }));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuPer(cpu0, sampleCpu(), STARTS);
    const by = Object.entries(cpu).sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k === 'bench' ? 'client' : k} ${ms.toFixed(2)}`).join(', ');
    return `| ${name} | ${STARTS} × ${CONCURRENCY} | ${Math.round(STARTS / seconds)} | ${by} | ${loadBefore} → ${load()} |`;
  } finally {
    await connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(VARIANTS);
  console.log('| dev server | starts × concurrency | starts/s | CPU ms per start | load average before → after |\n|---|---|---:|---|---|');
  for (const name of names) {
    const v = VARIANTS[name];
    if (!v) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
    console.log(await run(name, v));
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
