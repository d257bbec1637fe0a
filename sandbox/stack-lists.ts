// Figures for docs/sandbox.md (a script, not a test): the shared attack lists
// (PayloadsAllTheThings only, through the training loader's cleaning and de-duplication; a
// seeded sample of `--cap` per class) through the oracles with the stack unknown: how many
// each confirms, and on which stack; then oracle latency per stack with that stack declared.
// `--oracles <module>` runs another build (main before a change) for the before column.
// Run: npx tsx sandbox/stack-lists.ts [--cap 150] [--latency no] [--oracles …/sandbox/oracles/index.ts]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../domain/threat/detection/corpus';
import type { TargetStack } from '../domain/threat/evidence/stack';
import { seededRng } from '../domain/rng';
import type { OracleKind, OracleResult } from './oracles/types';

const { values: args } = parseArgs({ options: { cap: { type: 'string', default: '150' }, oracles: { type: 'string', default: resolve(import.meta.dirname, 'oracles/index.ts') }, latency: { type: 'string', default: 'yes' } } });
const { runOracle } = (await import(args.oracles!)) as { runOracle: (k: OracleKind, p: string, s?: TargetStack) => Promise<OracleResult> };
const repo = resolve(import.meta.dirname, '..');
const { samples } = loadCorpus(resolve(repo, '../shared/data/payloads'), resolve(repo, 'data/benign'));
const CAP = Number(args.cap);

const STACKS: Record<OracleKind, [string, TargetStack][]> = {
  sql_injection: ['postgres', 'mysql', 'mariadb', 'mssql', 'sqlite'].map((d) => [d, { database: d as TargetStack['database'] }]),
  command_injection: [['sh', { shell: 'sh' }], ['cmd', { shell: 'cmd' }]],
  path_traversal: [['linux', { os: 'linux' }], ['windows', { os: 'windows' }], ['tomcat', { server: 'tomcat' }], ['php', { server: 'php' }]],
  xss: ['element', 'attribute', 'url_attribute', 'event_handler', 'js_string_double', 'js_string_single', 'js_template', 'style', 'foreign_content', 'comment'].map((c) => [c, { htmlContext: c as TargetStack['htmlContext'] }]),
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

await runOracle('sql_injection', "' OR '1'='1"); // cold start (PGlite boot, parsers) out of the figures
for (const kind of Object.keys(STACKS) as OracleKind[]) {
  const h = (s: string) => seededRng(`stack-lists:${s}`)();
  const pool = samples.filter((s) => s.label === kind && s.source.startsWith('PayloadsAllTheThings')).map((s) => s.payload);
  const chosen = [...new Set(pool)].map((p) => ({ p, k: h(p) })).sort((a, b) => a.k - b.k).slice(0, CAP).map((x) => x.p);
  let confirmed = 0;
  const on = new Map<string, number>();
  for (const p of chosen) {
    const r = await runOracle(kind, p);
    if (r.verdict === 'exploit_possible') confirmed++;
    for (const s of r.confirmedOn ?? []) on.set(s, (on.get(s) ?? 0) + 1);
  }
  const per = [...on].map(([s, n]) => `${s} ${n}`).join(', ');
  console.log(`| ${kind} | ${chosen.length} | ${confirmed} (${((100 * confirmed) / chosen.length).toFixed(1)} %) | ${per || 'n/a'} |`);
  if (args.latency === 'no') continue;
  for (const [name, stack] of STACKS[kind]) {
    const ms: number[] = [];
    for (const p of chosen.slice(0, 60)) {
      const t = performance.now();
      await runOracle(kind, p, stack);
      ms.push(performance.now() - t);
    }
    console.log(`latency | ${kind} | ${name} | ${pct(ms, 0.5).toFixed(1)} | ${pct(ms, 0.99).toFixed(1)} |`);
  }
}
process.exit(0);
