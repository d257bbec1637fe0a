// Figures for docs/sandbox.md (a script, not a test): our stack evaluation set
// (sandbox/fixtures/stacks, one file per source) through the oracles, per class and stack:
// confirmed with the stack declared, and with it unknown (every modelled stack); plus oracle
// latency per stack (p50/p99) with the stack declared. `--oracles <module>` runs another build
// of the oracles (e.g. main's before a change) for the before/after comparison; it is called
// with the payload alone there when it takes no stack.
// Run: npx tsx sandbox/stack-eval.ts [--oracles /path/to/sandbox/oracles/index.ts]
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TargetStack } from '../domain/threat/evidence/stack';
import type { OracleKind, OracleResult } from './oracles/types';

const { values: args } = parseArgs({ options: { oracles: { type: 'string', default: resolve(import.meta.dirname, 'oracles/index.ts') } } });
const { runOracle } = (await import(args.oracles!)) as { runOracle: (k: OracleKind, p: string, s?: TargetStack) => Promise<OracleResult> };

const DB = new Set(['postgres', 'mysql', 'mariadb', 'mssql', 'sqlite']);
function stackOf(label: string): TargetStack | undefined {
  if (label === '-') return undefined;
  if (DB.has(label)) return { database: label as TargetStack['database'] };
  if (label === 'cmd' || label === 'sh') return { shell: label };
  if (label === 'tomcat' || label === 'jetty' || label === 'php') return { server: label };
  if (label === 'windows' || label === 'linux') return { os: label };
  return { htmlContext: label as TargetStack['htmlContext'] };
}

const dir = resolve(import.meta.dirname, 'fixtures/stacks');
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.tsv'))
  .flatMap((f) => readFileSync(resolve(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => {
    const [kind, stack, ...rest] = l.split('\t');
    return { source: f.replace('.tsv', ''), kind: kind as OracleKind, stack, payload: rest.join('\t') };
  }));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const groups = new Map<string, { n: number; declared: number; unknown: number; ms: number[] }>();
for (const r of rows) {
  const key = `${r.source}\t${r.kind}\t${r.stack}`;
  const g = groups.get(key) ?? { n: 0, declared: 0, unknown: 0, ms: [] };
  const t = performance.now();
  const declared = await runOracle(r.kind, r.payload, stackOf(r.stack));
  g.ms.push(performance.now() - t);
  const unknown = await runOracle(r.kind, r.payload);
  g.n++;
  if (declared.verdict === 'exploit_possible') g.declared++;
  if (unknown.verdict === 'exploit_possible') g.unknown++;
  groups.set(key, g);
}
console.log('| source | class | stack | payloads | confirmed (declared stack) | confirmed (stack unknown) | p50 ms | p99 ms |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
for (const [key, g] of groups) {
  const [source, kind, stack] = key.split('\t');
  console.log(`| ${source} | ${kind} | ${stack} | ${g.n} | ${g.declared} | ${g.unknown} | ${pct(g.ms, 0.5).toFixed(1)} | ${pct(g.ms, 0.99).toFixed(1)} |`);
}
process.exit(0);
