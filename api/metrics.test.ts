// /metrics after one threat analysis and one hardening cycle run by workflows: the activities
// count into the registry the API serves (as in one process), so every Sentinel seed metric
// name and the hardening metrics carry a non-zero count. Real sandbox, ModSecurity, gatekeeper.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from './app';
import { TEST_CONFIG } from './test-support';
import { registerApprovalsWaiting } from '../runtime/approvals-gauge';
import { startThreatAnalysis, threatAnalysisId } from '../temporal/workflows';
import { createCycleHarness, type CycleHarness } from '../test/support/cycle-harness';
import { attackEvidence, createEvidenceHarness, type EvidenceHarness } from '../test/support/evidence-harness';
import { requires } from '../test/support/requires';
import { connectTestEnv } from '../test/support/temporal';
import { approveUpdate, cycleStatusQuery } from '../workflows/hardening/hardening-cycle';

const SEED_METRICS = [
  'cerberus_sentinel_inference_latency_seconds',
  'cerberus_sentinel_predictions_total',
  'cerberus_sentinel_cache_hits_total',
  'cerberus_simulations_total',
  'cerberus_simulation_duration_seconds',
  'cerberus_rules_generated_total',
  'cerberus_rules_applied_total',
];

/** Sum of a family's samples in exposition text (a histogram's `_count`). */
function total(text: string, name: string): number {
  const re = new RegExp(`^${name}(?:_count)?(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'gm');
  return [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
}

// Rules are applied only once proven on libmodsecurity: without the harness this skips (CI: fail).
const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let threat: EvidenceHarness;
let cycles: CycleHarness;
const registry = new Registry();

beforeAll(async () => {
  env = await connectTestEnv();
  threat = await createEvidenceHarness({ metrics: registry });
  cycles = await createCycleHarness({ database: 'pglite', metrics: registry });
  registerApprovalsWaiting(registry, cycles.db.db);
});
afterAll(async () => {
  await threat?.close();
  await cycles?.close();
  await env?.teardown();
});

modsec.describe('/metrics after workflows ran', () => {
  it('has every seed metric and the hardening metrics with non-zero counts', async () => {
    const app = createApp({ db: threat.db.db, temporal: env.client, config: TEST_CONFIG, objects: threat.objects, metrics: registry });
    const scrape = async () => (await app.request('/metrics')).text();
    const before = await scrape();
    for (const name of SEED_METRICS) expect(total(before, name), name).toBe(0);

    const ev = attackEvidence();
    await threat.submit(ev);
    const threatWorker = await threat.newWorker(env);
    await threatWorker.runUntil(async () => {
      await startThreatAnalysis(env.client, ev.id, { queues: threat.queues });
      const result = await env.client.workflow.getHandle(threatAnalysisId(ev.id)).result();
      expect(result).toMatchObject({ verdict: 'simulate', ruleOutcome: 'auto_applied' });
    });
    const cycleWorker = await cycles.newWorker(env);
    await cycleWorker.runUntil(async () => {
      const handle = await cycles.startCycle(env, { environment: 'sandbox', action: { actionId: 'enable_encryption_at_rest', target: 'db', params: {} } });
      expect((await handle.result()).outcome).toBe('applied');
      // A prod change waits for an approver other than the requester: the gauge counts it until approved.
      const prod = await cycles.startCycle(env, {
        environment: 'prod-payments',
        tags: { change_ticket: 'CHG-1042' },
        action: { actionId: 'enable_logging', target: 'ledger', params: {} },
      });
      const waiting = /^bulwark_hardening_approvals_waiting\{environment="prod-payments"\} 1$/m;
      await expect.poll(scrape, { timeout: 20_000, interval: 200 }).toMatch(waiting);
      // The gauge counts it from its policy decision on; the Update is accepted once it waits.
      await expect.poll(async () => (await prod.query(cycleStatusQuery)).stage, { timeout: 20_000, interval: 200 }).toBe('awaiting_approval');
      await prod.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
      expect((await prod.result()).outcome).toBe('applied');
      expect(await scrape()).not.toMatch(/^bulwark_hardening_approvals_waiting\{/m);
    });

    const text = await scrape();
    for (const name of SEED_METRICS) expect(total(text, name), name).toBeGreaterThan(0);
    expect(text).toContain('cerberus_sentinel_predictions_total{verdict="simulate"} 1');
    expect(text).toMatch(/cerberus_simulations_total\{verdict="exploit_possible"\} [1-9]/);
    expect(text).toContain('cerberus_rules_generated_total{attack_class="sql_injection"} 1');
    expect(text).toContain('cerberus_rules_applied_total{via="workflow"} 1');
    expect(text).toContain('bulwark_hardening_cycles_started_total{environment="sandbox",trigger="test"} 1');
    expect(text).toContain('bulwark_hardening_cycles_total{environment="sandbox",outcome="applied"} 1');
    expect(text).toContain('bulwark_hardening_cycles_total{environment="prod-payments",outcome="applied"} 1');
    expect(total(text, 'bulwark_hardening_reward')).toBe(2);
  });
});
