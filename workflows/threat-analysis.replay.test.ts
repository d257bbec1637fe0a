// Replay guard for threatAnalysisWorkflow: fresh histories of its three shapes (auto-applied
// rule, analyst review, nothing to rule on) replay without nondeterminism. With
// UPDATE_HISTORIES=1 they are written to workflows/__histories__, where the committed-history
// replay in hardening-cycle.replay.test.ts picks up every .pb file, this workflow's included.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../temporal/workflows';
import { attackEvidence, benignEvidence, evidenceWithPayload } from '../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../test/support/evidence-harness';
import { connectTestEnv } from '../test/support/temporal';
import { workflowBundle } from '../worker/worker';
import { reviewRuleUpdate, threatStatusQuery } from './threat-analysis';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('./__histories__/', import.meta.url));
let env: TestWorkflowEnvironment;
let h: EvidenceHarness;

beforeAll(async () => {
  env = await connectTestEnv();
  h = await createEvidenceHarness();
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('threat-analysis replay', () => {
  it('replays fresh histories of every shape deterministically', async () => {
    const cases = { 'auto-applied': attackEvidence(), reviewed: evidenceWithPayload('report.txt; rm -rf tmp'), benign: benignEvidence() };
    for (const ev of Object.values(cases)) await h.submit(ev);
    const worker = await h.newWorker(env);
    const histories = await worker.runUntil(async () => {
      const handles = Object.fromEntries(
        await Promise.all(
          Object.entries(cases).map(async ([name, ev]) => {
            await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
            return [name, env.client.workflow.getHandle(threatAnalysisId(ev.id))] as const;
          }),
        ),
      );
      await expect.poll(async () => (await handles.reviewed.query(threatStatusQuery)).stage, { timeout: 30_000 }).toBe('review');
      await handles.reviewed.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'approve' }] });
      const out: { workflowId: string; history: temporal.api.history.v1.IHistory; name: string }[] = [];
      for (const [name, handle] of Object.entries(handles)) {
        await handle.result();
        out.push({ name, workflowId: `fresh-${name}`, history: History.decode(History.encode(await handle.fetchHistory()).finish()) });
      }
      return out;
    });
    if (process.env.UPDATE_HISTORIES) {
      for (const { name, history } of histories) writeFileSync(`${DIR}threat-analysis-${name}.pb`, History.encode(history).finish());
    }
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
      replayed.push(result.workflowId);
    }
    expect(replayed).toHaveLength(3);
  });
});
