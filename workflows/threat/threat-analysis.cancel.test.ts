// threatAnalysisWorkflow closing under cancellation and under a failing compensation, on the
// shared Temporal dev server with the real sandbox, rule generation, gatekeeper and PGlite:
// the evidence row records the outcome and what was compensated, the stored rules are
// withdrawn, the search attributes and memo say so, and one failing withdrawal does not stop
// the others.
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { unescapeNulDeep } from '../../db/nul-escape';
import type { SimulationInput } from '../../activities/threat/simulation';
import { getRule } from '../../repo/threat/rules';
import { attackEvidence, evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { SA } from '../../temporal/ids';
import { threatStatusQuery, type ThreatAnalysisStatus } from './threat-analysis';
import { withEvidenceHarnessPerTest } from '../../test/support/suites';

// The rule stage proves every rule on real libmodsecurity: without the harness these suites skip (CI: fail).
const modsec = requires('modsec');


let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
withEvidenceHarnessPerTest((ctx) => ({ env, h } = ctx));

async function start(evidenceId: string) {
  await startThreatAnalysis(env.client, evidenceId, { queues: h.queues });
  return env.client.workflow.getHandle(threatAnalysisId(evidenceId));
}

async function until(handle: Awaited<ReturnType<typeof start>>, pred: (s: ThreatAnalysisStatus) => boolean): Promise<ThreatAnalysisStatus> {
  let last: ThreatAnalysisStatus | undefined;
  await expect.poll(async () => pred((last = await handle.query(threatStatusQuery))), { timeout: 60_000, interval: 100 }).toBe(true);
  return last!;
}

const evidenceRow = async (id: string) => (await h.db.execute('select status, outcome, closed_at, compensations, error from evidence where id = $1', [id]))[0];

/** Analyses one SQL-injection attack while `activity` fails permanently (non-retryable InvalidInput). */
async function analyseRefusing(activity: 'applyWafRule' | 'storeWafRule', message: string) {
  const ev = attackEvidence();
  await h.submit(ev);
  const refuse = async (): Promise<never> => {
    throw ApplicationFailure.create({ type: 'InvalidInput', nonRetryable: true, message });
  };
  const worker = await h.newWorker(env, { [activity]: refuse });
  return { ev, result: await worker.runUntil(async () => (await start(ev.id)).result()) };
}

/** SQL injection (auto-applied) and command injection (held for review) in one session: two rules. */
function twoRuleEvidence() {
  const ev = attackEvidence();
  const review = evidenceWithPayload(REVIEW_PAYLOAD);
  return { ...ev, requests: [...ev.requests, ...review.requests] };
}

modsec.describe('threatAnalysisWorkflow under cancellation', () => {
  it('cancelled during the sandbox simulation: closes as cancelled in the database, nothing stored', async () => {
    const ev = attackEvidence();
    await h.submit(ev);
    const objects = h.objects;
    let reads = 0;
    const get = objects.get.bind(objects);
    objects.get = (key) => ((reads += 1), get(key));
    const seen: SimulationInput[] = [];
    const worker = await h.newWorker(env, {
      // Holds the sandbox stage until the analysis is cancelled (delivered through the heartbeat).
      async simulateExploits(input) {
        seen.push(input);
        const ctx = Context.current();
        for (;;) {
          ctx.heartbeat();
          await ctx.sleep(200);
        }
      },
    });
    const handle = await start(ev.id);
    await worker.runUntil(async () => {
      await until(handle, (s) => s.stage === 'simulate');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
    });
    const desc = await handle.describe();
    expect(desc.status.name).toBe('CANCELLED');
    expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('cancelled');
    expect(desc.typedSearchAttributes.get(SA.ruleOutcome)).toBe('none');
    expect(String(desc.memo?.summary)).toMatch(/outcome: cancelled/);
    const row = await evidenceRow(ev.id);
    expect(row).toMatchObject({ status: 'cancelled', outcome: 'cancelled', compensations: [] });
    expect(row.closed_at).not.toBeNull();
    expect(String(row.error)).toMatch(/cancel/i);
    // One way: the bytes were read once, and the sandbox got the verdict's payloads and model.
    expect(reads).toBe(1);
    const [verdict] = await h.db.execute('select model_version from verdicts where evidence_id = $1', [ev.id]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ evidenceId: ev.id, workflowId: handle.workflowId, modelVersion: verdict.model_version });
    expect(new Set(seen[0].payloads.map((p) => p.value))).toEqual(new Set(ev.requests.map((r) => r.query.id)));
  });

  it('cancelled during the review wait: withdraws both rules, records each compensation', async () => {
    const ev = twoRuleEvidence();
    await h.submit(ev);
    const handle = await start(ev.id);
    const worker = await h.newWorker(env);
    const [waiting, final] = await worker.runUntil(async () => {
      const s = await until(handle, (x) => x.stage === 'review');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      // Queries of a closed workflow are answered by a worker replaying it.
      return [s, await handle.query(threatStatusQuery)] as const;
    });
    expect(waiting.rules.map((r) => [r.attackClass, r.outcome])).toEqual([
      ['sql_injection', 'auto_applied'],
      ['command_injection', 'pending_review'],
    ]);
    const [sqli, cmdi] = waiting.rules.map((r) => r.ruleId!);
    expect((await getRule(h.db.db, sqli))?.rule.status).toBe('rolled_back');
    expect((await getRule(h.db.db, cmdi))?.rule.status).toBe('rejected');
    const row = await evidenceRow(ev.id);
    expect(row).toMatchObject({ status: 'cancelled', outcome: 'cancelled' });
    expect(unescapeNulDeep(row.compensations)).toEqual([
      { step: `withdraw rule ${cmdi} (command_injection)`, status: 'done', reason: `rule ${cmdi} rejected (was proposed)` },
      { step: `withdraw rule ${sqli} (sql_injection)`, status: 'done', reason: expect.stringMatching(new RegExp(`^rule ${sqli} rolled back`)) },
    ]);
    const desc = await handle.describe();
    expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('cancelled');
    expect(desc.typedSearchAttributes.get(SA.ruleOutcome)).toBe('withdrawn');
    expect(final.rules.map((r) => r.outcome)).toEqual(['withdrawn', 'withdrawn']);
  });

  it('a failing compensation is recorded with its reason, the others still run, and the outcome names what needs a human', async () => {
    const ev = twoRuleEvidence();
    await h.submit(ev);
    const handle = await start(ev.id);
    const attempts: string[] = [];
    const worker = await h.newWorker(env, {
      async withdrawWafRule(input) {
        attempts.push(input.attackClass);
        if (input.attackClass === 'command_injection') {
          throw ApplicationFailure.create({ type: 'InvalidInput', nonRetryable: true, message: 'rule store refused the withdrawal' });
        }
        return h.activities.withdrawWafRule(input);
      },
    });
    const [waiting, final] = await worker.runUntil(async () => {
      const s = await until(handle, (x) => x.stage === 'review');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      // Queries of a closed workflow are answered by a worker replaying it.
      return [s, await handle.query(threatStatusQuery)] as const;
    });
    expect(attempts).toEqual(['command_injection', 'sql_injection']);
    const [sqli, cmdi] = waiting.rules.map((r) => r.ruleId!);
    expect((await getRule(h.db.db, sqli))?.rule.status).toBe('rolled_back');
    expect((await getRule(h.db.db, cmdi))?.rule.status).toBe('proposed');
    const row = await evidenceRow(ev.id);
    expect(row).toMatchObject({ status: 'compensation_failed', outcome: 'compensation_failed' });
    const comps = unescapeNulDeep(row.compensations) as { step: string; status: string; reason: string }[];
    expect(comps.map((c) => [c.step, c.status])).toEqual([
      [`withdraw rule ${cmdi} (command_injection)`, 'failed'],
      [`withdraw rule ${sqli} (sql_injection)`, 'done'],
    ]);
    expect(comps[0].reason).toMatch(/rule store refused the withdrawal/);
    expect(final.outcome).toBe('compensation_failed');
    expect(final.needsHuman).toEqual([expect.stringMatching(new RegExp(`^withdraw rule ${cmdi} \\(command_injection\\): .*refused`))]);
    const desc = await handle.describe();
    expect(desc.status.name).toBe('CANCELLED');
    expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('compensation_failed');
    // The command-injection rule is still awaiting review: the rule outcome does not claim otherwise.
    expect(desc.typedSearchAttributes.get(SA.ruleOutcome)).toBe('pending_review');
    expect(String(desc.memo?.summary)).toMatch(new RegExp(`needs a human: withdraw rule ${cmdi}`));
  });

  it('a permanent failure after a rule was stored withdraws it and completes as failed, recorded', async () => {
    const { ev, result } = await analyseRefusing('applyWafRule', 'active set refused the rule');
    expect(result).toMatchObject({ outcome: 'failed', ruleOutcome: 'withdrawn' });
    expect(result.error).toMatch(/active set refused the rule/);
    const ruleId = result.rules[0].ruleId!;
    expect((await getRule(h.db.db, ruleId))?.rule.status).toBe('rejected');
    const row = await evidenceRow(ev.id);
    expect(row).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(unescapeNulDeep(row.compensations)).toEqual([{ step: `withdraw rule ${ruleId} (sql_injection)`, status: 'done', reason: `rule ${ruleId} rejected (was proposed)` }]);
    expect((await env.client.workflow.getHandle(threatAnalysisId(ev.id)).describe()).typedSearchAttributes.get(SA.outcome)).toBe('failed');
  });

  it('a store that fails permanently leaves its withdrawal nothing to do, recorded as such', async () => {
    const { ev, result } = await analyseRefusing('storeWafRule', 'rule store refused the rule');
    expect(result.outcome).toBe('failed');
    expect(result.needsHuman).toBeUndefined();
    const comps = [{ step: 'withdraw the sql_injection rule', status: 'nothing_to_do', reason: expect.stringMatching(/^no sql_injection rule stored by .*: nothing to withdraw$/) }];
    expect(result.compensations).toEqual(comps);
    expect(unescapeNulDeep((await evidenceRow(ev.id)).compensations)).toEqual(comps);
  });
});
