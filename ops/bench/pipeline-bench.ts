// `npm run bench:pipeline`: latency of the whole simulation-to-rule pipeline on a real Temporal
// dev server — evidence stored → threatAnalysisWorkflow → sandbox (worker thread) → rule
// generation + corpus verification → libmodsecurity → OPA gatekeeper → rule stored → applied.
// Per stage from the workflow history (activity scheduled → completed), end to end from the
// client. The rule tables are emptied before each run so every run generates a fresh rule
// (otherwise the second run of a payload stops early as a duplicate).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { Registry } from 'prom-client';
import { createActivities } from '../../activities';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { createDb } from '../../db/client';
import { createFsObjectStore } from '../../objects/fs-store';
import { loadPolicyBundle } from '../../policies/loader';
import { storeEvidence } from '../../repo/threat/evidence';
import { seedSampleEnvironments } from '../../runtime/services';
import { createAuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { createSandboxRunner } from '../../sandbox/runner';
import { SEARCH_ATTRIBUTE_TYPES } from '../../temporal/ids';
import { evidenceWithPayload } from '../../test/support/evidence';
import type { ThreatAnalysisResult } from '../../workflows/threat/threat-analysis.defs';
import { WORKER_INTERCEPTORS, workflowBundle } from '../../worker/worker';
import { startTemporalDevServer } from '../../runtime/dev-server';
import { ensureTemporalCli } from '../../runtime/tools';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAYLOADS: [string, string][] = [
  ['sql_injection', "1' OR '1'='1' --"],
  ['xss', '<img src=x onerror=alert(1)>'],
  ['command_injection', '; cat /etc/passwd'],
  ['path_traversal', '../../../../etc/passwd'],
];
const STAGES = ['analyzeEvidence', 'recordVerdict', 'simulateExploits', 'generateWafRule', 'verifyWafRuleOnModsec', 'gatekeepWafRule', 'storeWafRule', 'applyWafRule'];

const ms = (t: temporal.api.history.v1.IHistoryEvent['eventTime']) => Number(t?.seconds ?? 0) * 1000 + Math.round((t?.nanos ?? 0) / 1e6);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

/** Activity durations (scheduled → completed) and the time from workflow start to each completion. */
function stageTimes(history: temporal.api.history.v1.IHistory) {
  const events = history.events ?? [];
  const start = ms(events[0]?.eventTime);
  const scheduled = new Map<string, { name: string; at: number }>();
  const out: Record<string, { duration: number; sinceStart: number; at: number }> = {};
  for (const e of events) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(e.eventId), { name: s.activityType?.name ?? '?', at: ms(e.eventTime) });
    const c = e.activityTaskCompletedEventAttributes;
    if (c) {
      const from = scheduled.get(String(c.scheduledEventId));
      if (from) out[from.name] = { duration: ms(e.eventTime) - from.at, sinceStart: ms(e.eventTime) - start, at: ms(e.eventTime) };
    }
  }
  return out;
}

/**
 * The sandbox threads load what `npm start` loads: the compiled thread modules of dist/ (built
 * here when stale, as `bulwark start` does; runtime/thread-modules.mjs). BENCH_SOURCE=1 measures
 * them through tsx instead, as the tests run them (~150 ms more per evidence at p50: every spare
 * thread compiles its TypeScript, on the same two cores as the pipeline).
 */
function useCompiledThreads(): string {
  if (process.env.BENCH_SOURCE === '1') return 'TypeScript sources through tsx (BENCH_SOURCE=1)';
  const built = spawnSync(process.execPath, ['ops/build.mjs'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed; BENCH_SOURCE=1 measures from source');
  process.env.BULWARK_DIST = fileURLToPath(new URL('../../dist', import.meta.url));
  return 'compiled dist/thread-*.mjs, as `npm start` runs them';
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const threads = useCompiledThreads();
  const server = await startTemporalDevServer({ cliPath: ensureTemporalCli(), uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES });
  const db = await createDb({ pglitePath: 'memory://' });
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-pipeline-bench-'));
  const objects = createFsObjectStore(dir);
  // One warm spare per oracle kind, as `bulwark start` keeps by default (SANDBOX_SPARES_*); BENCH_SPARES=0 measures cold starts.
  const spareCount = Number(process.env.BENCH_SPARES ?? 1);
  const spares = { sql_injection: spareCount, xss: spareCount, command_injection: spareCount, path_traversal: spareCount };
  const registry = new Registry();
  const sandbox = createSandboxRunner({ audit: createAuditLog(new PgAuditSink(db.db)), spares, metrics: registry });
  const runId = randomUUID().slice(0, 8);
  try {
    await seedSampleEnvironments(db.db);
    const taskQueue = `bench-pipeline-${runId}`;
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: server.address }),
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db: db.db, policy: await loadPolicyBundle(), epsilon: 0.1, objects, sandbox }),
      interceptors: WORKER_INTERCEPTORS,
    });
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const totals: number[] = [];
    const toRule: number[] = [];
    const evidenceToRule: number[] = [];
    const stages: Record<string, number[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
    const sandboxByClass: Record<string, number[]> = {};
    const overhead: number[] = [];
    await worker.runUntil(async () => {
      for (let round = -1; round < ROUNDS; round++) {
        for (const [i, [attackClass, payload]] of PAYLOADS.entries()) {
          for (const table of ['waf_rule_events', 'waf_ruleset_versions', 'waf_rules']) await db.execute(`delete from ${table}`);
          const ev = evidenceWithPayload(payload, `bench-${runId}-${round + 1}-${i}`);
          const t0 = performance.now();
          const t0Wall = Date.now(); // the server's event times share this machine's clock
          await storeEvidence(db.db, objects, ev);
          await startThreatAnalysis(client, ev.id, { queues: { threat: taskQueue, sandbox: taskQueue } });
          const handle = client.workflow.getHandle(threatAnalysisId(ev.id));
          const result = (await handle.result()) as ThreatAnalysisResult;
          const total = performance.now() - t0;
          if (result.ruleOutcome !== 'auto_applied') throw new Error(`${payload}: expected an applied rule, got ${result.ruleOutcome} (${result.rules[0]?.reason ?? result.error})`);
          if (round < 0) continue; // warm-up: first sandbox, first PGlite boot, first libpg-query load
          const times = stageTimes(await handle.fetchHistory());
          totals.push(total);
          toRule.push(times.storeWafRule.sinceStart);
          evidenceToRule.push(times.storeWafRule.at - t0Wall);
          for (const s of STAGES) if (times[s]) stages[s].push(times[s].duration);
          // What is not inside an activity: workflow tasks, task dispatch, history writes.
          overhead.push(times.storeWafRule.sinceStart - STAGES.slice(0, STAGES.indexOf('storeWafRule') + 1).reduce((t, s) => t + (times[s]?.duration ?? 0), 0));
          (sandboxByClass[attackClass] ??= []).push(times.simulateExploits.duration);
        }
      }
    });
    const n = totals.length;
    console.log(`# Simulation-to-rule pipeline (${n} runs: ${ROUNDS} rounds × ${PAYLOADS.length} attack classes after one warm-up round; ${os.cpus().length} cores, PGlite, dev server)\n`);
    console.log('| measure | p50 ms | p95 ms |\n|---|---:|---:|');
    console.log(`| evidence stored → workflow result (rule applied), client side | ${pct(totals, 50).toFixed(0)} | ${pct(totals, 95).toFixed(0)} |`);
    console.log(`| evidence stored → rule stored (proposed): the issue's measure (client clock to the history's completion time, same machine) | ${pct(evidenceToRule, 50).toFixed(0)} | ${pct(evidenceToRule, 95).toFixed(0)} |`);
    console.log(`| workflow start → rule stored (proposed), from history | ${pct(toRule, 50).toFixed(0)} | ${pct(toRule, 95).toFixed(0)} |`);
    for (const s of STAGES) if (stages[s].length) console.log(`| activity ${s} (scheduled → completed) | ${pct(stages[s], 50).toFixed(0)} | ${pct(stages[s], 95).toFixed(0)} |`);
    console.log(`| Temporal between activities (start → rule stored, minus the activities before it) | ${pct(overhead, 50).toFixed(0)} | ${pct(overhead, 95).toFixed(0)} |`);
    // A fresh sandbox per evidence: its start-up (isolate, tsx, the class's parsers; PGlite for SQL) dominates.
    for (const [c, xs] of Object.entries(sandboxByClass)) console.log(`| simulateExploits, ${c} evidence | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 95).toFixed(0)} |`);
    // A spare still warming when its evidence came is claimed and waited for (counted as spare).
    const starts = (await registry.getSingleMetric('bulwark_sandbox_starts_total')?.get())?.values ?? [];
    console.log(`\nSandbox starts (warm-up round included): ${starts.map((v) => `${v.labels.kind} ${v.labels.start} ${v.value}`).join(', ') || 'none'}; spares per kind ${spareCount}; sandbox threads: ${threads}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await sandbox.dispose();
    if (sandbox.running().length) await sandbox.panic('bench done');
    await db.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
