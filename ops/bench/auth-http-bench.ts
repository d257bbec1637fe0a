// predict-payload over HTTP on loopback with auth on (bearer token verified: the token cache of
// runtime/auth/token-cache.ts, and with the cache off so every request reads the token table),
// beside auth off and beside the same app called in-process (app.request, no socket). Distinct
// payloads, so the prediction cache does not answer. Prints the load average before and after
// (the figures mean little on a loaded machine without it).
//   npm run bench:auth -- [--seconds 10] [--connections 8]
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createApp } from '../../api/app';
import { TEST_CONFIG, openTestDb, throwingTemporal } from '../../api/test-support';
import { TokenStore } from '../../runtime/auth/token-store';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const db = await openTestDb();
const cached = new TokenStore(db.db);
const uncached = new TokenStore(db.db, undefined, { ttlMs: 0 });
const { token } = await cached.create({ role: 'viewer', name: 'bench' });
type Auth = TokenStore | undefined;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const loadBefore = load();
const body = (i: number) => JSON.stringify({ payload: `id=${i}' OR '${i}'='${i}` });

async function http(auth: Auth) {
  const app = createApp({ db: db.db, temporal: throwingTemporal(), config: TEST_CONFIG, ...(auth ? { auth: { tokens: auth } } : {}) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  let n = (auth === cached ? 1 : auth ? 2 : 3) * 1_000_000;
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

async function inProcess(auth: Auth) {
  const app = createApp({ db: db.db, temporal: throwingTemporal(), config: TEST_CONFIG, ...(auth ? { auth: { tokens: auth } } : {}) });
  const headers = { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) };
  const times: number[] = [];
  const until = Date.now() + seconds * 1000;
  for (let i = (auth === cached ? 4 : auth ? 5 : 6) * 1_000_000; Date.now() < until; i++) {
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

/** TokenStore.verify alone, sequential: the per-request cost of the token check. */
async function verifyOnly(store: TokenStore) {
  const times: number[] = [];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const t = performance.now();
    if (!(await store.verify(token)).ok) throw new Error('token refused');
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { rps: times.length / seconds, p50: q(0.5), p99: q(0.99), n: times.length };
}

const rows = [
  ['token check only (TokenStore.verify), cache', await verifyOnly(cached)],
  ['token check only (TokenStore.verify), cache off', await verifyOnly(uncached)],
  ['HTTP loopback, auth on (token cache)', await http(cached)],
  ['HTTP loopback, auth on, cache off (table read per request)', await http(uncached)],
  ['HTTP loopback, auth off', await http(undefined)],
  ['in-process app.request, auth on (token cache)', await inProcess(cached)],
  ['in-process app.request, auth on, cache off', await inProcess(uncached)],
  ['in-process app.request, auth off', await inProcess(undefined)],
] as const;
process.stdout.write(`predict-payload, ${seconds} s each, ${connections} connections (HTTP), sequential (in-process)\n`);
process.stdout.write(`load average (1/5/15 min): ${loadBefore} before, ${load()} after, on ${(await import('node:os')).cpus().length} cores\n\n`);
process.stdout.write('| path | requests/s | p50 ms | p99 ms |\n|---|---|---|---|\n');
for (const [name, r] of rows) process.stdout.write(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} |\n`);
for (const [name, r] of rows) if ('non2xx' in r && (r.non2xx || r.errors)) process.stdout.write(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors\n`);
await db.close();
