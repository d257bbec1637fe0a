// Issue 12's figures for docs/sandbox.md, in one repeatable run: the shared attack lists
// (PayloadsAllTheThings and HttpParamsDataset, through the training loader's cleaning and
// de-duplication; a seeded sample of `--cap` per class and source) through the oracles with
// the stack unknown — confirmed per class and source, and per stack confirmed on; every line of
// our benign corpus and of HttpParamsDataset's `norm` rows (`--benign-cap` samples the latter)
// through every oracle on every modelled stack — false confirmations per class and stack, each
// printed; oracle latency per stack (p50/p99) with the stack declared, after one warm-up call.
// `--oracles <module>` runs another build (main before a change, e.g. from `git archive`) for
// the before column; a build that takes no stack is called with the payload alone.
// Run: npx tsx ops/bench/sandbox-stacks-bench.ts [--cap 150] [--benign-cap all|N] [--latency 60] [--oracles …/sandbox/oracles/index.ts]
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus, type CorpusSample } from '../../domain/threat/detection/corpus';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import { seededRng } from '../../domain/rng';
import type { OracleKind, OracleResult } from '../../sandbox/oracles/types';

const repo = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    cap: { type: 'string', default: '150' },
    'benign-cap': { type: 'string', default: 'all' },
    latency: { type: 'string', default: '60' },
    oracles: { type: 'string', default: resolve(repo, 'sandbox/oracles/index.ts') },
  },
});
const { runOracle } = (await import(args.oracles!)) as { runOracle: (k: OracleKind, p: string, s?: TargetStack) => Promise<OracleResult> };
const CAP = Number(args.cap);
const BENIGN_CAP = args['benign-cap'] === 'all' ? Infinity : Number(args['benign-cap']);
const LATENCY_N = Number(args.latency);
const KINDS: OracleKind[] = ['sql_injection', 'xss', 'command_injection', 'path_traversal'];

const dataDir = resolve(repo, '../shared/data/payloads');
if (!existsSync(dataDir)) throw new Error(`shared payload lists not found at ${dataDir}`);
const { samples } = loadCorpus(dataDir, resolve(repo, 'data/benign'));

/** Declared stacks per class, for the latency table (PowerShell only where the build models it). */
const STACKS: Record<OracleKind, [string, TargetStack][]> = {
  sql_injection: ['postgres', 'mysql', 'mariadb', 'mssql', 'sqlite'].map((d) => [d, { database: d as TargetStack['database'] }]),
  command_injection: [['sh', { shell: 'sh' }], ['cmd', { shell: 'cmd' }], ['powershell', { shell: 'powershell' }]],
  path_traversal: [['linux', { os: 'linux' }], ['windows', { os: 'windows' }], ['tomcat', { server: 'tomcat' }], ['php', { server: 'php' }]],
  xss: ['element', 'attribute', 'url_attribute', 'event_handler', 'js_string_double', 'js_string_single', 'js_template', 'style', 'foreign_content', 'comment'].map((c) => [c, { htmlContext: c as TargetStack['htmlContext'] }]),
};

const family = (s: CorpusSample) => (s.source.startsWith('PayloadsAllTheThings') ? 'PayloadsAllTheThings' : s.source === 'HttpParamsDataset' ? 'HttpParamsDataset' : 'benign');
function sample(xs: CorpusSample[], cap: number, seed: string): string[] {
  const h = (s: string) => seededRng(`${seed}:${s}`)();
  return [...new Set(xs.map((x) => x.payload))].map((p) => ({ p, k: h(p) })).sort((a, b) => a.k - b.k).slice(0, cap).map((x) => x.p);
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const tally = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${n}`).join(', ') || '—';

const t0 = performance.now();
for (const k of KINDS) await runOracle(k, { sql_injection: "' OR '1'='1' -- ", xss: '<b onclick=x()>', command_injection: 'a; id', path_traversal: '../x' }[k]);
console.log(`# Oracles on the shared lists (${args.oracles}; cap ${CAP} per class and source; warm-up ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);

console.log('## Confirmed, stack unknown (every modelled stack)\n');
console.log('| class | source | payloads | confirmed | rate | confirmed on (payloads per stack) |');
console.log('|---|---|---:|---:|---:|---|');
const attackSets: Record<string, string[]> = {};
for (const kind of KINDS) {
  for (const src of ['PayloadsAllTheThings', 'HttpParamsDataset']) {
    const picked = sample(samples.filter((s) => s.label === kind && family(s) === src), CAP, `stacks:${kind}:${src}`);
    (attackSets[kind] ??= []).push(...picked);
    let confirmed = 0;
    const on = new Map<string, number>();
    for (const p of picked) {
      const r = await runOracle(kind, p);
      if (r.verdict === 'exploit_possible') confirmed++;
      for (const s of r.confirmedOn ?? []) on.set(s, (on.get(s) ?? 0) + 1);
    }
    console.log(`| ${kind} | ${src} | ${picked.length} | ${confirmed} | ${picked.length ? ((100 * confirmed) / picked.length).toFixed(1) : 'n/a'} % | ${tally(on)} |`);
  }
}

console.log('\n## False confirmations on benign data (every oracle, every modelled stack)\n');
console.log(`| corpus | lines | ${KINDS.join(' | ')} | stacks confirmed on |`);
console.log(`|---|---:|${KINDS.map(() => '---:').join('|')}|---|`);
const falses: string[] = [];
// --benign-cap 0 skips the benign corpora altogether (attack figures only, e.g. for an old build).
for (const [name, src, cap] of BENIGN_CAP === 0 ? [] : ([['data/benign (ours)', 'benign', Infinity], ['HttpParamsDataset norm', 'HttpParamsDataset', BENIGN_CAP]] as const)) {
  const pool = samples.filter((s) => s.label === 'benign' && family(s) === src);
  const picked = sample(pool, cap, `benign:${name}`);
  const counts = KINDS.map(() => 0);
  const on = new Map<string, number>();
  for (const p of picked) {
    for (const [i, kind] of KINDS.entries()) {
      const r = await runOracle(kind, p);
      if (r.verdict !== 'exploit_possible') continue;
      counts[i]++;
      for (const s of r.confirmedOn ?? []) on.set(s, (on.get(s) ?? 0) + 1);
      falses.push(`- [${name}] ${kind} on ${(r.confirmedOn ?? []).join(', ')}: \`${JSON.stringify(p)}\` — ${(r.evidence[0] ?? '').slice(0, 200)}`);
    }
  }
  console.log(`| ${name} | ${picked.length === pool.length ? `${pool.length} (all)` : `${picked.length} (of ${pool.length})`} | ${counts.join(' | ')} | ${tally(on)} |`);
}
if (BENIGN_CAP !== 0) console.log(falses.length ? `\n${falses.join('\n')}` : '\n(no false confirmation)');

if (LATENCY_N > 0) {
  console.log(`\n## Oracle latency per declared stack (ms, in process; the first ${LATENCY_N} attack payloads of each class)\n`);
  console.log('| class | stack | calls | p50 | p99 | max |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const kind of KINDS) {
    for (const [name, stack] of STACKS[kind]) {
      const xs: number[] = [];
      for (const p of attackSets[kind].slice(0, LATENCY_N)) {
        const t = performance.now();
        await runOracle(kind, p, stack);
        xs.push(performance.now() - t);
      }
      console.log(`| ${kind} | ${name} | ${xs.length} | ${ms(pct(xs, 0.5))} | ${ms(pct(xs, 0.99))} | ${ms(Math.max(...xs))} |`);
    }
  }
}
console.log(`\nTotal ${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
process.exit(0);
