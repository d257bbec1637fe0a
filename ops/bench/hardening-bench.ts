// `npm run bench`: end-to-end latency and throughput of hardening cycles on a real Temporal
// dev server, next to a bare workflow running the same number of no-op activities (the
// floor Temporal itself sets). Writes docs/performance.md with --write.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createDb } from '../../db/client';
import { loadPolicyBundle } from '../../policies/loader';
import { seedSampleEnvironments } from '../../runtime/services';
import { SEARCH_ATTRIBUTE_TYPES, workflowId } from '../../temporal/ids';
import { hardeningCycleStart, WORKFLOW_TYPES } from '../../temporal/workflows';
import { WORKER_INTERCEPTORS, workflowBundle } from '../../worker/worker';
import { startTemporalDevServer } from '../../runtime/dev-server';
import { ensureTemporalCli } from '../../runtime/tools';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 40);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 80);
const PARALLELISM = Number(process.env.BENCH_PARALLELISM ?? 8);
/** Activities one cycle runs on its applied path: start, snapshot, propose, policy, simulate, execute, verify, reward, outcome. */
const CYCLE_ACTIVITIES = 9;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(label: string, n: number, parallelism: number, run: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallelism }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await run(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const row = { label, n, parallelism, p50: percentile(latencies, 50), p95: percentile(latencies, 95), perSecond: n / seconds };
  console.log(`${label.padEnd(34)} n=${n} par=${parallelism} p50=${row.p50.toFixed(1)}ms p95=${row.p95.toFixed(1)}ms ${row.perSecond.toFixed(2)}/s`);
  return row;
}

async function main() {
  const server = await startTemporalDevServer({ cliPath: ensureTemporalCli(), uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES });
  const dbKind = process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite';
  const db = await createDb(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL } : { pglitePath: 'memory://' });
  const runId = randomUUID().slice(0, 8);
  try {
    await seedSampleEnvironments(db.db);
    const policy = await loadPolicyBundle();
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const taskQueue = `bench-${runId}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db: db.db, policy, epsilon: 0.1 }),
      interceptors: WORKER_INTERCEPTORS,
    });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const cycle = (tag: string) => (i: number) =>
      client.workflow.execute(
        WORKFLOW_TYPES.hardeningCycle,
        hardeningCycleStart(
          // The owner pre-approves permission removals, so no cycle waits for a human.
          { environment: 'sandbox', requester: 'bench', trigger: 'cli', mode: 'sandbox', tags: { owner_approved: 'true' }, approvalTimeout: '5s' },
          { label: `bench-${runId}-${tag}-${i}` },
          { hardening: taskQueue },
        ),
      );
    const bare = (tag: string) => (i: number) =>
      client.workflow.execute(WORKFLOW_TYPES.bareNoop, {
        taskQueue,
        workflowId: workflowId('bare-noop', `bench-${runId}-${tag}-${i}`),
        args: [{ activities: CYCLE_ACTIVITIES }],
      });
    const rows = await worker.runUntil(async () => {
      await measure('warm-up', 5, 1, cycle('warm'));
      return [
        await measure('hardening cycle (sequential)', SEQUENTIAL, 1, cycle('seq')),
        await measure(`bare ${CYCLE_ACTIVITIES} no-op activities (sequential)`, SEQUENTIAL, 1, bare('seq')),
        await measure('hardening cycle (concurrent)', CONCURRENT, PARALLELISM, cycle('par')),
        await measure(`bare ${CYCLE_ACTIVITIES} no-op activities (concurrent)`, CONCURRENT, PARALLELISM, bare('par')),
      ];
    });
    const [outcomes] = [await db.execute(`select outcome, count(*)::int as n from cycles group by 1 order by 2 desc`)];
    await connection.close();
    await nativeConnection.close();
    if (process.argv.includes('--write')) writeReport(rows, outcomes, dbKind);
  } finally {
    await db.close();
    await server.stop();
  }
}

function writeReport(rows: Awaited<ReturnType<typeof measure>>[], outcomes: Record<string, unknown>[], dbKind: string) {
  const table = rows
    .map((r) => `| ${r.label} | ${r.n} | ${r.parallelism} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.perSecond.toFixed(2)} |`)
    .join('\n');
  const mix = outcomes.map((o) => `${o.outcome}: ${o.n}`).join(', ');
  const text = `# Performance

Measured by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version},
Temporal dev server (in-memory SQLite) from the Temporal CLI, worker in-process, database ${dbKind}.

A hardening cycle runs ${CYCLE_ACTIVITIES} activities on its applied path (record start, snapshot, propose with policy/twin masking, OPA gate,
twin simulation, execute, verify, reward + agent update, record outcome). The bare workflow runs the same number of no-op activities
on the same server and worker: the floor Temporal itself sets.

| workload | n | parallel | p50 ms | p95 ms | per second |
|---|---|---|---|---|---|
${table}

Cycle outcomes in the run: ${mix}.

The gap between the two rows is Bulwark's own work per cycle: database transactions (row locks, idempotency checks), policy
evaluation for every candidate action (masking), twin simulations, and the agent update.
`;
  writeFileSync(new URL('../../docs/performance.md', import.meta.url), text);
  console.log('wrote docs/performance.md');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
