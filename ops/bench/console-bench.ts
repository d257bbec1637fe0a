// The console's two figures (docs/console.md): time to first render of the Overview with 1,000
// cycles in the database, and the bundle's compressed size. The cycles (with their decision,
// simulation and reward rows, as a cycle writes them) are inserted into PGlite; the real API
// serves the built console; headless Chromium (Debian's, through executablePath) loads
// /#/overview and the time is read in the page (performance.now() from navigation start) when
// the posture chart and the four metric charts are drawn, and at the first contentful paint.
//   npm run build && npx tsx ops/bench/console-bench.ts [--cycles 1000] [--runs 5]
import { serve } from '@hono/node-server';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createApp } from '../../api/app';
import { FakeTemporal, TEST_CONFIG, openTestDb } from '../../api/test-support';
import { cycles, decisions, rewards, simulations } from '../../db/schema';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const N = Number(values.cycles);
const RUNS = Number(values.runs);
const DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));
const ACTIONS = ['enforce_mfa@dev-alice', 'close_port@api', 'enforce_tls12@db', 'remove_unused_permissions@reports-sa', 'rotate_keys@payments'];

/** Raw, gzip -9 and brotli -11 bytes of every file the console ships. */
function bundleSizes() {
  const files = ['index.html', ...readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`)];
  return files.map((f) => {
    const bytes = readFileSync(join(DIST, f));
    return {
      file: f,
      raw: statSync(join(DIST, f)).size,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

async function seed(db: Awaited<ReturnType<typeof openTestDb>>['db']) {
  const t0 = Date.now() - N * 60_000;
  for (let start = 0; start < N; start += 200) {
    const batch = Array.from({ length: Math.min(200, N - start) }, (_, k) => start + k);
    const at = (i: number) => new Date(t0 + i * 60_000);
    const id = (i: number) => `hardening-cycle:sandbox:${String(i + 1).padStart(6, '0')}`;
    const risk = (i: number) => 0.8 - 0.4 * (i / N) + 0.05 * Math.sin(i);
    await db.insert(cycles).values(batch.map((i) => ({
      workflowId: id(i), environment: 'sandbox', trigger: 'bench', requester: 'bench', mode: 'sandbox', status: 'completed', outcome: 'applied',
      actionId: ACTIONS[i % ACTIONS.length], summary: { riskBefore: risk(i), riskAfter: risk(i) - 0.1 }, startedAt: at(i), finishedAt: at(i),
    })));
    await db.insert(decisions).values(batch.map((i) => ({ workflowId: id(i), environment: 'sandbox', ts: at(i), actionId: ACTIONS[i % ACTIONS.length], source: 'agent', propensity: 0.6 })));
    await db.insert(simulations).values(batch.map((i) => ({ workflowId: id(i), ts: at(i), actionId: ACTIONS[i % ACTIONS.length], passFail: i % 7 !== 0, predictedImpact: { breakage_risk: (i % 10) / 20 }, reasons: [] })));
    await db.insert(rewards).values(batch.map((i) => ({ workflowId: id(i), environment: 'sandbox', actionId: ACTIONS[i % ACTIONS.length], ts: at(i), rewardValue: 0.5 - (i % 5) / 10, components: {} })));
  }
}

const handle = await openTestDb();
await seed(handle.db);
const app = createApp({ db: handle.db, temporal: new FakeTemporal().client(), config: TEST_CONFIG });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });

const samples: { fcp: number; rendered: number }[] = [];
for (let r = 0; r < RUNS + 1; r++) {
  const context = await browser.newContext(); // cold cache each run
  const page = await context.newPage();
  await page.goto(`${base}/#/overview`);
  await page.getByRole('heading', { name: 'Posture: sandbox' }).waitFor({ timeout: 60_000 });
  await page.locator('.recharts-line-curve').first().waitFor({ timeout: 60_000 });
  await page.getByRole('heading', { name: 'Action distribution' }).waitFor();
  const rendered = await page.evaluate(() => performance.now());
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  if (r > 0) samples.push({ fcp, rendered }); // the first run warms the API's query plans
  await context.close();
}
await browser.close();
server.close();
await handle.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sizes = bundleSizes();
const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
console.log(JSON.stringify({
  cycles: N,
  runs: RUNS,
  firstContentfulPaintMs: { median: Math.round(median(samples.map((s) => s.fcp))), all: samples.map((s) => Math.round(s.fcp)) },
  overviewRenderedMs: { median: Math.round(median(samples.map((s) => s.rendered))), all: samples.map((s) => Math.round(s.rendered)) },
  bundle: { files: sizes, total },
}, null, 2));
