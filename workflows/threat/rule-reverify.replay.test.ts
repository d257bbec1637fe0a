// Replay guard for ruleReverifyWorkflow: fresh histories of its shapes (back to review, auto-
// applied, verifier unavailable, refused) replay without nondeterminism, and so do the committed
// ones. With UPDATE_HISTORIES=1 the fresh ones are written to workflows/__histories__ (where the
// committed-history replay in hardening-cycle.replay.test.ts also picks them up).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRuleGenerationActivities } from '../../activities/threat/rule-generation';
import { getRule, rejectRule, rollbackRule } from '../../repo/threat/rules';
import { ruleReverifyStart, type RuleReverifyFn } from '../../temporal/threat/rule-reverify';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { attackEvidence, evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { connectTestEnv } from '../../test/support/temporal';
import { workflowBundle } from '../../worker/worker';
import type { ThreatAnalysisResult } from './threat-analysis.defs';

const modsec = requires('modsec');
const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
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

modsec.describe('rule-reverify replay', () => {
  it('replays fresh and committed histories deterministically', async () => {
    const noHarness = createRuleGenerationActivities({ db: h.db.db, modsecHarness: '' });
    let verifier: 'real' | 'missing' = 'real';
    const worker = await h.newWorker(env, {
      verifyWafRuleOnModsec: (input) => (verifier === 'real' ? h.activities.verifyWafRuleOnModsec(input) : noHarness.verifyWafRuleOnModsec(input)),
    });
    const histories = await worker.runUntil(async () => {
      const analyse = async (ev: ReturnType<typeof attackEvidence>) => {
        await h.submit(ev);
        await startThreatAnalysis(env.client, ev.id, { queues: h.queues, reviewTimeout: '1s' });
        return env.client.workflow.getHandle<() => Promise<ThreatAnalysisResult>>(threatAnalysisId(ev.id)).result();
      };
      const review = (await analyse(evidenceWithPayload(REVIEW_PAYLOAD))).rules[0].ruleId!;
      await rejectRule(h.db.db, review, 'alice', 'verifier was missing');
      const auto = (await analyse(attackEvidence())).rules[0].ruleId!;
      await rollbackRule(h.db.db, auto, 'alice', 'maintenance');
      const run = async (ruleId: number) => {
        const attempt = (await getRule(h.db.db, ruleId))!.events.length;
        const handle = await env.client.workflow.start<RuleReverifyFn>('ruleReverifyWorkflow', ruleReverifyStart({ ruleId, requester: 'carol' }, attempt, h.queues));
        await handle.result().catch(() => undefined);
        return History.decode(History.encode(await handle.fetchHistory()).finish());
      };
      verifier = 'missing';
      const unavailable = await run(review);
      verifier = 'real';
      return { unavailable, 'pending-review': await run(review), refused: await run(review), 'auto-applied': await run(auto) };
    });
    if (process.env.UPDATE_HISTORIES) {
      for (const [name, history] of Object.entries(histories)) writeFileSync(`${DIR}rule-reverify-${name}.pb`, History.encode(history).finish());
    }
    const committed = readdirSync(DIR)
      .filter((f) => f.startsWith('rule-reverify-'))
      .map((f) => ({ workflowId: `committed-${f}`, history: History.decode(readFileSync(`${DIR}${f}`)) }));
    expect(committed.length).toBeGreaterThanOrEqual(4);
    const all = [...Object.entries(histories).map(([name, history]) => ({ workflowId: `fresh-${name}`, history })), ...committed];
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, all)) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
      replayed.push(result.workflowId);
    }
    expect(replayed).toHaveLength(all.length);
  }, 240_000);
});
