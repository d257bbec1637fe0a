// `npm run bench:containment`: time from POST /api/v1/incidents to `contained` (the workflow's
// status query says holding), next to a bare workflow running the same number of no-op
// activities (the floor Temporal sets), on a real Temporal dev server, worker in-process.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { TEST_CONFIG } from '../../api/test-support';
import { createDb } from '../../db/client';
import { loadPolicyBundle } from '../../policies/loader';
import { startTemporalDevServer } from '../../runtime/dev-server';
import { seedSampleEnvironments } from '../../runtime/services';
import { ensureTemporalCli } from '../../runtime/tools';
import { SEARCH_ATTRIBUTE_TYPES, workflowId } from '../../temporal/ids';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { incidentStatusQuery, resolveUpdate } from '../../workflows/containment/incident-containment.defs';
import { WORKER_INTERCEPTORS, workflowBundle } from '../../worker/worker';

const N = Number(process.env.BENCH_INCIDENTS ?? 20);
/** To `contained` with one action: record start, plan, apply, verify, record holding. */
const ACTIVITIES = 5;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main() {
  const server = await startTemporalDevServer({ cliPath: ensureTemporalCli(), uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES });
  const db = await createDb({ pglitePath: 'memory://' });
  const run = randomUUID().slice(0, 8);
  try {
    await seedSampleEnvironments(db.db);
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const taskQueue = `bench-${run}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db: db.db, policy: await loadPolicyBundle(), epsilon: 0.1 }),
      interceptors: WORKER_INTERCEPTORS,
    });
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const app = createApp({ db: db.db, temporal: client, config: TEST_CONFIG, queues: { hardening: taskQueue } });
    const contained: number[] = [];
    const bare: number[] = [];
    await worker.runUntil(async () => {
      for (let i = 0; i < N + 2; i++) {
        const t0 = performance.now();
        const res = await app.request('/api/v1/incidents', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ incidentId: `bench-${run}-${i}`, environment: 'sandbox', severity: 8, suspects: [{ kind: 'source', id: '203.0.113.7' }], requester: 'bench' }),
        });
        const { workflowId: id } = (await res.json()) as { workflowId: string };
        const handle = client.workflow.getHandle(id);
        for (;;) {
          const s = await handle.query(incidentStatusQuery).catch(() => undefined);
          if (s?.stage === 'holding') break;
          await new Promise((r) => setTimeout(r, 5));
        }
        if (i >= 2) contained.push(performance.now() - t0); // two warm-up runs
        await handle.executeUpdate(resolveUpdate, { args: [{ by: 'bench' }] });
        await handle.result();
        const b0 = performance.now();
        await client.workflow.execute(WORKFLOW_TYPES.bareNoop, { taskQueue, workflowId: workflowId('bare-noop', `bench-${run}-${i}`), args: [{ activities: ACTIVITIES }] });
        if (i >= 2) bare.push(performance.now() - b0);
      }
    });
    console.log(`POST /api/v1/incidents → contained  n=${N} p50=${pct(contained, 50).toFixed(1)}ms p95=${pct(contained, 95).toFixed(1)}ms`);
    console.log(`bare ${ACTIVITIES} no-op activities        n=${N} p50=${pct(bare, 50).toFixed(1)}ms p95=${pct(bare, 95).toFixed(1)}ms`);
    await nativeConnection.close();
  } finally {
    await db.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
