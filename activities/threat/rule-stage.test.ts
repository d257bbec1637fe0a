// Rule-stage activities on real Postgres and PGlite: simulation through a real sandbox (in a
// MockActivityEnvironment, which also receives its heartbeats), generation with unique ids
// and duplicate detection, libmodsecurity verification, and the store transitions being safe
// to retry.
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exploitFor, GENERATED_AT } from '../../domain/threat/rules/fixtures';
import { activeRuleSet, getRule } from '../../repo/threat/rules';
import { seedSampleEnvironments } from '../../runtime/services';
import { createAuditLog, MemoryAuditSink } from '../../sandbox/audit';
import { createSandboxRunner } from '../../sandbox/runner';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { evidenceWithPayload } from '../../test/support/evidence';
import { requires } from '../../test/support/requires';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { createRuleGenerationActivities } from './rule-generation';
import { createRuleStoreActivities } from './rule-store';
import { createSimulationActivities, type SimulationResult } from './simulation';

const modsec = requires('modsec');

describe('simulateExploits', () => {
  let h: EvidenceHarness;
  beforeAll(async () => {
    h = await createEvidenceHarness();
  });
  afterAll(() => h?.close());

  it('replays every attack payload in one audited sandbox and groups the confirmed ones per class', async () => {
    const ev = evidenceWithPayload("1' OR '1'='1' --");
    ev.requests[1].query = { q: "' waitfor delay '0:0:5'--" };
    await h.submit(ev);
    const { payloads, verdict } = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    const input = { evidenceId: ev.id, workflowId: 'wf-sim', modelVersion: 'model-of-the-verdict', payloads };
    const result = (await new MockActivityEnvironment().run(h.activities.simulateExploits, input)) as SimulationResult;
    expect(verdict.modelVersion).toMatch(/^pc1-/);
    expect(result.status).toBe('ok');
    expect(result.simulated.map((s) => [s.preview, s.verdict])).toEqual([
      ["1' OR '1'='1' --", 'exploit_possible'],
      ["' waitfor delay '0:0:5'--", 'exploit_improbable'],
    ]);
    expect(result.exploits).toHaveLength(1);
    expect(result.exploits[0]).toMatchObject({ attackClass: 'sql_injection', payloads: ["1' OR '1'='1' --"], evidenceIds: [ev.id], modelVersion: 'model-of-the-verdict' });
    // The oracle and the stacks the exploit was confirmed on (every modelled engine: the evidence declares none).
    expect(result.exploits[0].oracleEvidence.join('\n')).toMatch(/sql:libpg-query\+pglite,node-sql-parser\+sql\.js on [a-z, ]*postgres[a-z, ]* query\.q/);
    // `destroy` is written once the thread has exited, which may come after the answer.
    await expect.poll(async () => (await h.audit.read(10)).map((e) => e.type), { timeout: 30_000 }).toEqual(['create', 'run', 'destroy']);
    const entries = await h.audit.read(10);
    // The create entry names the evidence and the workflow it ran for.
    expect(entries[0].detail).toMatchObject({ evidenceId: ev.id, workflowId: 'wf-sim' });
    expect(await h.audit.verify()).toEqual({ ok: true });
  });

  it('reports a sandbox that hits its wall-time limit instead of confirming anything', async () => {
    const ev = evidenceWithPayload('; cat /etc/passwd');
    await h.submit(ev);
    const sandbox = createSandboxRunner({ audit: createAuditLog(new MemoryAuditSink()), timeoutMs: 1 });
    const acts = createSimulationActivities({ sandbox });
    const { payloads } = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    const result = (await new MockActivityEnvironment().run(acts.simulateExploits, { evidenceId: ev.id, workflowId: 'wf-t', modelVersion: 'm', payloads })) as SimulationResult;
    expect(result).toMatchObject({ status: 'timeout', exploits: [] });
    expect(result.reason).toMatch(/wall-time limit/);
  });
});

describe.each(TEST_BACKENDS)('rule generation and store activities ($name)', ({ create }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t?.close());

  it('generates a verified rule, then calls the same rule from other evidence a duplicate', async () => {
    const gen = createRuleGenerationActivities({ db: t.db });
    const store = createRuleStoreActivities({ db: t.db });
    const exploit = exploitFor('sql_injection');
    const first = await gen.generateWafRule({ exploit, generatedAt: GENERATED_AT });
    if (first.status !== 'proposed') throw new Error(`not proposed: ${JSON.stringify(first)}`);
    expect(first.rule.verification.fpRate).toBeLessThan(0.001);
    expect(first.rule.secRule).toContain(`id:${first.rule.id}`);
    await store.storeWafRule({ rule: first.rule, provenance: { confidence: 0.95, evidenceIds: exploit.evidenceIds, modelVersion: exploit.modelVersion }, status: 'proposed', reason: 'test' });
    const again = await gen.generateWafRule({ exploit: { ...exploit, evidenceIds: ['other-evidence'] }, generatedAt: GENERATED_AT });
    expect(again).toEqual({ status: 'duplicate', ruleId: first.rule.id, existingStatus: 'proposed' });
    // A different rule that hashes to a taken id probes to the next free one.
    const other = await gen.generateWafRule({ exploit: { ...exploit, modelVersion: 'pc1-other' }, generatedAt: GENERATED_AT });
    expect(other.status === 'proposed' && other.rule.id).not.toBe(first.rule.id);
  });

  it('does not propose a rule that would block too much benign traffic', async () => {
    const gen = createRuleGenerationActivities({ db: t.db, benign: ['select', 'union select * from prices', 'a union select b'] });
    const out = await gen.generateWafRule({ exploit: { ...exploitFor('sql_injection'), payloads: ["' UNION SELECT password FROM users--"] }, generatedAt: GENERATED_AT });
    expect(out).toMatchObject({ status: 'not_proposed' });
    expect(out.status === 'not_proposed' && out.reason).toMatch(/false-positive rate/);
  });

  modsec.it('verifies on libmodsecurity, and reports a rule the engine refuses', async () => {
    const gen = createRuleGenerationActivities({ db: t.db, modsecHarness: modsec.path });
    const exploit = exploitFor('xss');
    const out = await gen.generateWafRule({ exploit, generatedAt: GENERATED_AT });
    if (out.status !== 'proposed') throw new Error('not proposed');
    const ok = await gen.verifyWafRuleOnModsec({ rule: out.rule, payloads: exploit.payloads });
    expect(ok).toMatchObject({ verified: true, mismatches: [] });
    expect(ok.denied).toBeGreaterThanOrEqual(exploit.payloads.length);
    const broken = await gen.verifyWafRuleOnModsec({ rule: { ...out.rule, secRule: out.rule.secRule.replace('phase:2', 'phase:2,bogus:1') }, payloads: exploit.payloads });
    expect(broken.verified).toBe(false);
    expect(broken.reason).toMatch(/refused the rule/);
    expect(broken.unavailable).toBeUndefined();
  });

  it('reports verification unavailable, with the fix, when the worker has no harness', async () => {
    const gen = createRuleGenerationActivities({ db: t.db, modsecHarness: '' });
    const exploit = exploitFor('xss');
    const out = await gen.generateWafRule({ exploit, generatedAt: GENERATED_AT });
    if (out.status !== 'proposed') throw new Error('not proposed');
    const missing = await gen.verifyWafRuleOnModsec({ rule: out.rule, payloads: exploit.payloads });
    expect(missing).toMatchObject({ verified: false, unavailable: true, requests: 0 });
    expect(missing.reason).toContain('bash ops/install-modsecurity.sh');
  });

  it('asks the gatekeeper with the target environment\'s tier (prod is stricter)', async () => {
    await seedSampleEnvironments(t.db);
    const gen = createRuleGenerationActivities({ db: t.db });
    const rule = { id: 9_500_001, attackClass: 'xss' as const, families: ['script-tag'], fpRate: 0, confidence: 0.93, verified: true };
    const evidence = { verdict: 'simulate', confidence: 0.97 };
    expect(await gen.gatekeepWafRule({ rule, evidence, environment: null })).toMatchObject({ action: 'auto_apply', tier: null });
    expect(await gen.gatekeepWafRule({ rule, evidence, environment: 'prod-payments' })).toMatchObject({ action: 'human_review', tier: 'prod' });
    expect(await gen.gatekeepWafRule({ rule, evidence, environment: 'no-such-env' })).toMatchObject({ action: 'auto_apply', tier: null });
    const unverified = await gen.gatekeepWafRule({ rule: { ...rule, verified: false }, evidence, environment: null });
    expect(unverified.action).toBe('reject');
    expect(unverified.policy_version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('store transitions are safe to retry, and the compensation rolls an applied rule back', async () => {
    const gen = createRuleGenerationActivities({ db: t.db });
    const store = createRuleStoreActivities({ db: t.db });
    const exploit = exploitFor('path_traversal');
    const out = await gen.generateWafRule({ exploit, generatedAt: GENERATED_AT });
    if (out.status !== 'proposed') throw new Error('not proposed');
    const provenance = { confidence: 0.99, evidenceIds: exploit.evidenceIds, modelVersion: exploit.modelVersion, workflowId: 'wf-saga' };
    const input = { rule: out.rule, provenance, status: 'proposed' as const, reason: 'gatekeeper auto_apply' };
    // Nothing stored yet: the compensation (pushed before the store) has nothing to do.
    const origin = { workflowId: 'wf-saga', attackClass: 'path_traversal', reason: 'compensation: test' };
    expect(await store.withdrawWafRule(origin)).toMatchObject({ status: 'none' });
    expect(await store.storeWafRule(input)).toEqual(await store.storeWafRule(input));
    const applied = await store.applyWafRule({ ruleId: out.rule.id, actor: 'system', reason: 'auto' });
    expect(await store.applyWafRule({ ruleId: out.rule.id, actor: 'system', reason: 'auto' })).toEqual(applied);
    expect((await activeRuleSet(t.db)).rules.map((r) => r.id)).toContain(out.rule.id);
    const withdrawn = await store.withdrawWafRule(origin);
    expect(withdrawn).toMatchObject({ ruleId: out.rule.id, status: 'rolled_back' });
    expect(withdrawn.detail).toMatch(/rolled back/);
    expect(await store.withdrawWafRule(origin)).toMatchObject({ ruleId: out.rule.id, status: 'rolled_back' });
    const events = (await getRule(t.db, out.rule.id))!.events.map((e) => `${e.type}:${e.actor}`);
    expect(events).toEqual(['proposed:system', 'applied:system', 'rolled_back:system']);
    await expect(store.rejectWafRule({ ruleId: out.rule.id, actor: 'alice', reason: 'late' })).rejects.toThrow(/only a proposed or logged rule/);
  });
});
