// The ZT-RL seed README's evaluation SQL, unchanged, against real Postgres after real cycles.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_DISTRIBUTION_SQL, BREAKAGE_RISK_SQL, GATE_PASS_RATE_SQL, REWARD_TREND_SQL } from '../db/eval-queries';
import { createCycleHarness, type CycleHarness } from '../test/support/cycle-harness';
import { connectTestEnv } from '../test/support/temporal';
import { approveUpdate, cycleStatusQuery } from './hardening/hardening-cycle';

let env: TestWorkflowEnvironment;
let h: CycleHarness;
const CYCLES = 12;

beforeAll(async () => {
  env = await connectTestEnv();
  h = await createCycleHarness({ database: 'postgres', drift: true });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('seed evaluation queries', () => {
  it('return sensible numbers after a run of agent cycles', async () => {
    const worker = await h.newWorker(env);
    const outcomes = await worker.runUntil(async () => {
      const out: string[] = [];
      // Sequential, as the seed's curl loop runs them: each cycle learns from the last.
      for (let i = 0; i < CYCLES; i++) {
        const handle = await h.startCycle(env, { environment: 'sandbox' });
        // Permission removals need an owner's approval even in sandbox: an approver answers.
        for (;;) {
          const { stage } = await handle.query(cycleStatusQuery);
          if (stage === 'done') break;
          if (stage === 'awaiting_approval') {
            await handle.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        out.push((await handle.result()).outcome);
      }
      return out;
    });
    expect(outcomes.filter((o) => o === 'applied').length).toBeGreaterThan(CYCLES / 2);

    const [gate] = await h.db.execute(GATE_PASS_RATE_SQL);
    // The agent masks what the twin refuses, so nearly every proposal passes simulation.
    expect(Number(gate.gate_pass_rate)).toBeGreaterThan(0.8);
    expect(Number(gate.gate_pass_rate)).toBeLessThanOrEqual(1);

    const [risk] = await h.db.execute(BREAKAGE_RISK_SQL);
    expect(Number(risk.avg_breakage_risk)).toBeGreaterThan(0);
    expect(Number(risk.p95_breakage_risk)).toBeGreaterThanOrEqual(Number(risk.avg_breakage_risk));
    expect(Number(risk.p95_breakage_risk)).toBeLessThanOrEqual(1);

    const trend = await h.db.execute(REWARD_TREND_SQL);
    expect(trend.length).toBeGreaterThanOrEqual(1);
    for (const row of trend) expect(Number.isFinite(Number(row.avg_reward))).toBe(true);

    const dist = await h.db.execute(ACTION_DISTRIBUTION_SQL);
    expect(dist.reduce((n, r) => n + Number(r.c), 0)).toBe(CYCLES);
    expect(dist.length).toBeGreaterThan(1); // it explores more than one action
  });
});
