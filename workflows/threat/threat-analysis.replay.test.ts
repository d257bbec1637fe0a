// Replay guard for threatAnalysisWorkflow: fresh histories of its shapes (auto-applied rule,
// analyst review, nothing to rule on, cancelled while the sandbox runs, cancelled in review,
// cancelled with a failing compensation, confident but unconfirmed → analyst) replay without
// nondeterminism. With UPDATE_HISTORIES=1 they are written to workflows/__histories__ (or only
// the named ones: UPDATE_HISTORIES=unconfirmed,reviewed), where the committed-history
// replay in hardening-cycle.replay.test.ts picks up every .pb file, this workflow's included.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import type { Evidence } from '../../domain/threat/evidence/schema';
import { attackEvidence, benignEvidence, evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { connectTestEnv } from '../../test/support/temporal';
import { workflowBundle } from '../../worker/worker';
import { reviewRuleUpdate, threatStatusQuery, type ThreatAnalysisStatus } from './threat-analysis';

// The rule stage proves every rule on real libmodsecurity: without the harness these suites skip (CI: fail).
const modsec = requires('modsec');

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
let env: TestWorkflowEnvironment;
// One database per analysis that stores the review payload's rule: in a shared one, the later
// analyses would find that rule stored already (a duplicate) and never wait for review.
const harnesses: EvidenceHarness[] = [];

beforeAll(async () => {
  env = await connectTestEnv();
  for (let i = 0; i < 3; i++) harnesses.push(await createEvidenceHarness());
});
afterAll(async () => {
  for (const h of harnesses) await h.close();
  await env?.teardown();
});

type Handle = ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>;
const stage = (handle: Handle, want: ThreatAnalysisStatus['stage']) =>
  expect.poll(async () => ((await handle.query(threatStatusQuery)) as ThreatAnalysisStatus).stage, { timeout: 60_000 }).toBe(want);

modsec.describe('threat-analysis replay', () => {
  it('replays fresh histories of every shape deterministically', async () => {
    const twoRules = attackEvidence(`two-${Date.now()}`);
    twoRules.requests.push(...evidenceWithPayload(REVIEW_PAYLOAD).requests);
    const [h, h1, h2] = harnesses;
    const cases: Record<string, [Evidence, EvidenceHarness]> = {
      'auto-applied': [attackEvidence(), h],
      reviewed: [evidenceWithPayload(REVIEW_PAYLOAD), h],
      benign: [benignEvidence(), h],
      'cancelled-in-simulation': [attackEvidence(`hold-${Date.now()}`), h],
      'cancelled-in-review': [evidenceWithPayload(REVIEW_PAYLOAD), h1],
      'compensation-failed': [twoRules, h2],
      // Issue 12 (patch threat-analysis-unconfirmed-to-review): no oracle confirms on the declared Postgres.
      unconfirmed: [{ ...evidenceWithPayload("' waitfor delay '0:0:5'--"), target: { service: 'web', stack: { database: 'postgres' } } }, h1],
    };
    for (const [ev, x] of Object.values(cases)) await x.submit(ev);
    const overrides = (h: EvidenceHarness): Parameters<EvidenceHarness['newWorker']>[1] => ({
      // Holds the "hold-" evidence in the sandbox stage until it is cancelled.
      async simulateExploits(input) {
        if (!input.evidenceId.startsWith('hold-')) return h.activities.simulateExploits(input);
        for (;;) {
          Context.current().heartbeat();
          await Context.current().sleep(200);
        }
      },
      // The two-rule analysis cannot withdraw its command-injection rule.
      async withdrawWafRule(input) {
        if (input.workflowId.includes(':two-') && input.attackClass === 'command_injection') {
          throw ApplicationFailure.create({ type: 'InvalidInput', nonRetryable: true, message: 'withdrawal refused' });
        }
        return h.activities.withdrawWafRule(input);
      },
    });
    const workers = await Promise.all(harnesses.map((x) => x.newWorker(env, overrides(x))));
    const runs = workers.map((w) => w.run());
    const histories = await (async () => {
      const handles: Record<string, Handle> = {};
      for (const [name, [ev, x]] of Object.entries(cases)) {
        await startThreatAnalysis(env.client, ev.id, { queues: x.queues });
        handles[name] = env.client.workflow.getHandle(threatAnalysisId(ev.id));
      }
      await stage(handles.reviewed, 'review');
      await handles.reviewed.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'approve' }] });
      await stage(handles.unconfirmed, 'review');
      await handles.unconfirmed.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'reject' }] });
      await stage(handles['cancelled-in-simulation'], 'simulate');
      await stage(handles['cancelled-in-review'], 'review');
      await stage(handles['compensation-failed'], 'review');
      for (const name of ['cancelled-in-simulation', 'cancelled-in-review', 'compensation-failed']) await handles[name].cancel();
      const out: { workflowId: string; history: temporal.api.history.v1.IHistory; name: string }[] = [];
      for (const [name, handle] of Object.entries(handles)) {
        await handle.result().catch(() => undefined);
        out.push({ name, workflowId: `fresh-${name}`, history: History.decode(History.encode(await handle.fetchHistory()).finish()) });
      }
      return out;
    })().finally(async () => {
      for (const w of workers) w.shutdown();
      await Promise.all(runs);
    });
    const update = process.env.UPDATE_HISTORIES;
    if (update) {
      const only = update === '1' ? undefined : new Set(update.split(','));
      for (const { name, history } of histories) if (!only || only.has(name)) writeFileSync(`${DIR}threat-analysis-${name}.pb`, History.encode(history).finish());
    }
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
      replayed.push(result.workflowId);
    }
    expect(replayed).toHaveLength(Object.keys(cases).length);
  }, 360_000);
});
