// ruleReverifyWorkflow end to end on the shared Temporal dev server: rules stored by real
// analyses (real sandbox, corpus verification, libmodsecurity, OPA gatekeeper, PGlite), then
// turned down, then verified again on the real ModSecurity harness.
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { createRuleGenerationActivities } from '../../activities/threat/rule-generation';
import { getRule, rejectRule, reportFalsePositive, rollbackRule } from '../../repo/threat/rules';
import { ruleReverifyStart, type RuleReverifyFn } from '../../temporal/threat/rule-reverify';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { attackEvidence, evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { connectTestEnv } from '../../test/support/temporal';
import type { ThreatAnalysisResult } from './threat-analysis.defs';
import { threatStatusQuery, reviewRuleUpdate } from './threat-analysis.defs';
import { afterEach, beforeAll, afterAll, beforeEach } from 'vitest';

const modsec = requires('modsec');

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
let metrics: Registry;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(async () => env?.teardown());
beforeEach(async () => {
  metrics = new Registry();
  h = await createEvidenceHarness({ metrics });
});
afterEach(async () => h?.close());

async function analyse(evidence: ReturnType<typeof attackEvidence>, then?: (handle: ReturnType<typeof env.client.workflow.getHandle>) => Promise<void>): Promise<ThreatAnalysisResult> {
  await h.submit(evidence);
  await startThreatAnalysis(env.client, evidence.id, { queues: h.queues });
  const handle = env.client.workflow.getHandle(threatAnalysisId(evidence.id));
  if (then) await then(handle);
  return handle.result();
}

const reverify = (ruleId: number, attempt: number, requester = 'carol') =>
  env.client.workflow.start<RuleReverifyFn>('ruleReverifyWorkflow', ruleReverifyStart({ ruleId, requester, reason: 'CHG-7: verifier installed' }, attempt, h.queues));
const counter = async (name: string) => (await metrics.getSingleMetric(name)?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;

modsec.describe('ruleReverifyWorkflow', () => {
  it('brings a rejected rule back to review on real ModSecurity, and a new analysis of the same exploit is no longer a duplicate', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const first = await analyse(evidenceWithPayload(REVIEW_PAYLOAD), async (handle) => {
        await expect.poll(async () => (await handle.query(threatStatusQuery)).stage, { timeout: 60_000 }).toBe('review');
        await handle.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'reject', reason: 'verifier was missing' }] });
      });
      const ruleId = first.rules[0].ruleId!;
      const stored = (await getRule(h.db.db, ruleId))!;
      expect(stored.rule).toMatchObject({ status: 'rejected', provenance: { payloads: [REVIEW_PAYLOAD] } });
      const generated = await counter('cerberus_rules_generated_total');

      const a = await reverify(ruleId, stored.events.length);
      const twin = await reverify(ruleId, stored.events.length);
      expect(twin.firstExecutionRunId).toBe(a.firstExecutionRunId);
      const result = await a.result();
      expect(result).toMatchObject({ outcome: 'pending_review', previousStatus: 'rejected', ruleStatus: 'proposed', modsec: { verified: true }, gatekeeper: { action: 'human_review' } });
      expect(await counter('cerberus_rules_generated_total')).toBe(generated + 1);
      const after = (await getRule(h.db.db, ruleId))!;
      expect(after.rule).toMatchObject({ status: 'proposed', provenance: { workflowId: a.workflowId, reverifiedBy: 'carol', supersedes: { status: 'rejected' } } });
      expect(after.events.at(-1)).toMatchObject({ type: 'proposed', actor: 'carol' });
      expect(after.events.at(-1)?.reason).toMatch(/^proposed again \(was rejected\): re-verified for carol \(CHG-7: verifier installed\); gatekeeper human_review/);

      // A pending rule cannot be re-verified: the workflow fails before writing anything.
      const refused = await reverify(ruleId, after.events.length);
      const err = await refused.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(String(((err as WorkflowFailedError).cause?.cause as Error | undefined)?.message)).toMatch(/is proposed; only a rejected or rolled-back rule can be re-verified/);
      expect((await getRule(h.db.db, ruleId))!.events).toHaveLength(after.events.length);

      // Rejected again, then the same exploit in new evidence: proposed again, not a duplicate.
      await rejectRule(h.db.db, ruleId, 'alice', 'still not convinced');
      const second = await analyse(evidenceWithPayload(REVIEW_PAYLOAD), async (handle) => {
        await expect.poll(async () => (await handle.query(threatStatusQuery)).stage, { timeout: 60_000 }).toBe('review');
        await handle.cancel();
      }).catch(() => undefined);
      expect(second).toBeUndefined();
      const events = (await getRule(h.db.db, ruleId))!.events.map((e) => e.type);
      expect(events.slice(-3)).toEqual(['rejected', 'proposed', 'rejected']);
    });
  }, 180_000);

  it('re-applies a rolled-back rule the gatekeeper auto-applies; without the verifier it writes nothing', async () => {
    const noHarness = createRuleGenerationActivities({ db: h.db.db, modsecHarness: '' });
    let verifier: 'real' | 'missing' = 'real';
    const worker = await h.newWorker(env, {
      verifyWafRuleOnModsec: (input) => (verifier === 'real' ? h.activities.verifyWafRuleOnModsec(input) : noHarness.verifyWafRuleOnModsec(input)),
    });
    await worker.runUntil(async () => {
      const first = await analyse(attackEvidence());
      expect(first.ruleOutcome).toBe('auto_applied');
      const ruleId = first.rules[0].ruleId!;
      await rollbackRule(h.db.db, ruleId, 'alice', 'maintenance window');
      const before = (await getRule(h.db.db, ruleId))!;

      verifier = 'missing';
      const unavailable = await (await reverify(ruleId, before.events.length)).result();
      expect(unavailable).toMatchObject({ outcome: 'rule_verification_unavailable' });
      expect(unavailable.reason).toMatch(/install-modsecurity/);
      expect((await getRule(h.db.db, ruleId))!).toEqual(before);

      verifier = 'real';
      const applied = await counter('cerberus_rules_applied_total');
      // The same attempt runs again once the previous run closed (nothing changed in between).
      const result = await (await reverify(ruleId, before.events.length, 'dave')).result();
      expect(result).toMatchObject({ outcome: 'auto_applied', previousStatus: 'rolled_back', ruleStatus: 'applied' });
      expect(await counter('cerberus_rules_applied_total')).toBe(applied + 1);
      const events = (await getRule(h.db.db, ruleId))!.events;
      expect(events.slice(-2).map((e) => [e.type, e.actor])).toEqual([['proposed', 'dave'], ['applied', 'system']]);
      expect(events.at(-1)?.rulesetVersion).toBe(result.rulesetVersion);
    });
  }, 180_000);

  it('holds a rule rolled back for false-positive reports for an analyst, even when the gatekeeper would auto-apply it', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const first = await analyse(attackEvidence());
      expect(first.ruleOutcome).toBe('auto_applied');
      const ruleId = first.rules[0].ruleId!;
      const fp = await reportFalsePositive(h.db.db, ruleId, 'erin', 'blocked a legitimate search', 0);
      expect(fp).toMatchObject({ rolledBack: true, fpReports: 1 });
      const before = (await getRule(h.db.db, ruleId))!;

      const applied = await counter('cerberus_rules_applied_total');
      const result = await (await reverify(ruleId, before.events.length, 'dave')).result();
      expect(result).toMatchObject({ outcome: 'pending_review', previousStatus: 'rolled_back', ruleStatus: 'proposed', gatekeeper: { action: 'auto_apply' } });
      expect(result.reason).toMatch(/held for review: 1 false-positive report/);
      expect(await counter('cerberus_rules_applied_total')).toBe(applied);
      expect((await getRule(h.db.db, ruleId))!.rule.status).toBe('proposed');
    });
  }, 180_000);
});
