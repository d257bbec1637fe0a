// TEMPORARY smoke script (deleted after use): full stack with a real Temporal dev server.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDb } from '../db/client';
import { createActivities } from '../activities';
import { startTemporalDevServer } from '../ops/dev-server';
import { loadPolicyBundle } from '../policies/loader';
import { upsertEnvironment } from '../repo/environments';
import { SEARCH_ATTRIBUTE_TYPES } from '../temporal/ids';
import { createWorker } from '../worker/worker';
import { createApp } from './app';

const server = await startTemporalDevServer({
  cliPath: '/work/main/.tools/venv/bin/temporal', uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES, logFile: '/tmp/smoke/temporal.log',
});
const db = await createDb({ pglitePath: 'memory://' });
await upsertEnvironment(db.db, readFileSync(process.env.SANDBOX ?? '/tmp/sandbox.yaml', 'utf8'));
const policy = await loadPolicyBundle();
const nc = await NativeConnection.connect({ address: server.address });
const worker = await createWorker({ connection: nc, namespace: 'default', deps: { db: db.db, policy, epsilon: 0.1 },
  // rewardAndLearn deadlocks on PGlite (db used inside tx); stubbed so the API can be smoke-tested.
  activities: { ...createActivities({ db: db.db, policy, epsilon: 0.1 }), rewardAndLearn: async () => ({ reward: 0.1, riskAfter: 0.3, agentVersion: 1 }) } });
const running = worker.run();
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: 'default' });
const app = createApp({ db: db.db, temporal: client, config: { MAX_BODY_BYTES: 262144, CYCLE_RUN_WAIT_SECONDS: Number(process.env.WAIT ?? 30), EXECUTOR_MODE: 'sandbox', APPROVAL_TIMEOUT: '30m', TEMPORAL_NAMESPACE: 'default' } });
const http = serve({ fetch: app.fetch, port: 18080, hostname: '127.0.0.1' });
console.log('READY', server.address);
const stop = async () => {
  setTimeout(() => process.exit(1), 5000).unref();
  http.close();
  worker.shutdown();
  await running;
  await connection.close();
  await nc.close();
  await server.stop();
  await db.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
