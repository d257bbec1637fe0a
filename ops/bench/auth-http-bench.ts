// predict-payload over HTTP on loopback with auth on (bearer token verified against the token
// table on every request), beside auth off and beside the same app called in-process
// (app.request, no socket). Distinct payloads, so the prediction cache does not answer.
//   npx tsx ops/bench/auth-http-bench.ts [--seconds 10] [--connections 8]
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { createApp } from '../../api/app';
import { TEST_CONFIG, openTestDb, throwingTemporal } from '../../api/test-support';
import { TokenStore } from '../../runtime/auth/token-store';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const db = await openTestDb();
const tokens = new TokenStore(db.db);
const { token } = await tokens.create({ role: 'viewer', name: 'bench' });
const body = (i: number) => JSON.stringify({ payload: `id=${i}' OR '${i}'='${i}` });

async function http(auth: boolean) {
  const app = createApp({ db: db.db, temporal: throwingTemporal(), config: TEST_CONFIG, ...(auth ? { auth: { tokens } } : {}) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  let n = auth ? 1_000_000 : 2_000_000;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/sentinel/predict-payload`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body(n++) }) }],
  });
  server.close();
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function inProcess(auth: boolean) {
  const app = createApp({ db: db.db, temporal: throwingTemporal(), config: TEST_CONFIG, ...(auth ? { auth: { tokens } } : {}) });
  const headers = { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) };
  const times: number[] = [];
  const until = Date.now() + seconds * 1000;
  for (let i = 3_000_000 + (auth ? 500_000 : 0); Date.now() < until; i++) {
    const t = performance.now();
    const res = await app.request('/api/v1/sentinel/predict-payload', { method: 'POST', headers, body: body(i) });
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { rps: times.length / seconds, p50: q(0.5), p99: q(0.99), n: times.length };
}

const rows = [
  ['HTTP loopback, auth on', await http(true)],
  ['HTTP loopback, auth off', await http(false)],
  ['in-process app.request, auth on', await inProcess(true)],
  ['in-process app.request, auth off', await inProcess(false)],
] as const;
process.stdout.write(`predict-payload, ${seconds} s each, ${connections} connections (HTTP), sequential (in-process)\n\n`);
process.stdout.write('| path | requests/s | p50 ms | p99 ms |\n|---|---|---|---|\n');
for (const [name, r] of rows) process.stdout.write(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |\n`);
for (const [name, r] of rows) if ('non2xx' in r && (r.non2xx || r.errors)) process.stdout.write(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors\n`);
await db.close();
