// The rule stage of threatAnalysisWorkflow end to end on the shared Temporal dev server:
// a real sandbox (worker thread, audited to the database), real rule generation and corpus
// verification, real libmodsecurity, the real OPA gatekeeper bundle, PGlite for the rule set.
// Each test gets a fresh database, so rule ids (derived from the pattern) never collide.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, it } from 'vitest';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { activeRuleSet, getRule } from '../../repo/threat/rules';
import { type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { attackEvidence, evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { SA } from '../../temporal/ids';
import { reviewRuleSignal, reviewRuleUpdate, threatStatusQuery, type ThreatAnalysisResult, type ThreatAnalysisStatus } from './threat-analysis';
import { withEvidenceHarnessPerTest } from '../../test/support/suites';
import { historySummaries } from '../../test/support/history';

// The rule stage proves every rule on real libmodsecurity: without the harness these suites skip (CI: fail).
const modsec = requires('modsec');

// An MSSQL time-based probe: the model calls it SQL injection, Postgres cannot run it.
const UNEXPLOITABLE = "' waitfor delay '0:0:5'--";

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;
withEvidenceHarnessPerTest((ctx) => ({ env, h } = ctx));

async function start(evidenceId: string, reviewTimeout?: string) {
  await startThreatAnalysis(env.client, evidenceId, { queues: h.queues, reviewTimeout });
  return env.client.workflow.getHandle<(i: unknown) => Promise<ThreatAnalysisResult>>(threatAnalysisId(evidenceId));
}

async function until(handle: { query: (q: typeof threatStatusQuery) => Promise<ThreatAnalysisStatus> }, pred: (s: ThreatAnalysisStatus) => boolean) {
  for (let i = 0; i < 600; i++) {
    const s = await handle.query(threatStatusQuery);
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('workflow never reached the expected state');
}

async function searchAttribute(handle: { describe: () => Promise<{ typedSearchAttributes: { get: (k: typeof SA.ruleOutcome) => unknown } }> }, want: string) {
  for (let i = 0; i < 100; i++) {
    if ((await handle.describe()).typedSearchAttributes.get(SA.ruleOutcome) === want) return want;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await handle.describe()).typedSearchAttributes.get(SA.ruleOutcome);
}

modsec.describe('threatAnalysisWorkflow rule stage', () => {
  it('auto-applies a high-confidence SQL injection rule: sandbox, verification, ModSecurity and gatekeeper recorded', async () => {
    const ev = attackEvidence();
    await h.submit(ev);
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => (await start(ev.id)).result());
    expect(result).toMatchObject({ outcome: 'analyzed', verdict: 'simulate', ruleOutcome: 'auto_applied' });
    expect(result.simulation?.status).toBe('ok');
    expect(result.simulation?.simulated.every((s) => s.verdict === 'exploit_possible')).toBe(true);
    const [track] = result.rules;
    expect(track).toMatchObject({ attackClass: 'sql_injection', outcome: 'auto_applied', payloads: 2 });
    expect(track.modsec).toMatchObject({ verified: true, mismatches: [] });
    expect(track.gatekeeper?.action).toBe('auto_apply');
    expect(track.verification?.fpRate).toBeLessThan(0.001);

    const stored = await getRule(h.db.db, track.ruleId!);
    expect(stored?.rule.status).toBe('applied');
    expect(stored?.rule.provenance).toMatchObject({ evidenceIds: [ev.id], workflowId: `threat-analysis:${ev.id}`, gatekeeper: { action: 'auto_apply' } });
    // The model that produced the verdict is the one the rule cites.
    const [verdict] = await h.db.execute('select model_version from verdicts where evidence_id = $1', [ev.id]);
    expect(stored?.rule.provenance.modelVersion).toBe(verdict.model_version);
    expect(result.modelVersion).toBe(verdict.model_version);
    expect(stored?.events.map((e) => `${e.type}:${e.actor}`)).toEqual(['proposed:system', 'applied:system']);
    const active = await activeRuleSet(h.db.db);
    expect(active.rules.map((r) => r.id)).toEqual([track.ruleId]);
    expect(active.version).toBe(track.rulesetVersion);

    // The sandbox run is in the hash-chained audit log, in Postgres.
    // `destroy` is written once the sandbox thread has exited, which may come after the answer.
    const audit = async () => h.db.execute('select type, detail from sandbox_audit order by seq');
    await expect.poll(async () => (await audit()).map((r) => r.type), { timeout: 30_000 }).toEqual(['create', 'run', 'destroy']);
    expect((await audit())[0].detail).toMatchObject({ evidenceId: ev.id, workflowId: `threat-analysis:${ev.id}` });
    expect(await searchAttribute(env.client.workflow.getHandle(threatAnalysisId(ev.id)), 'auto_applied')).toBe('auto_applied');
    // The Web UI's timeline names the run and each step of the class's rule track.
    const summaries = (await historySummaries(env.client.workflow.getHandle(threatAnalysisId(ev.id)))).map((s) => s.summary);
    expect(summaries).toEqual([
      `threat analysis of evidence ${ev.id}`,
      'replay 2 payload(s) in the sandbox',
      'sql_injection: generate a rule and verify it on the corpus',
      `sql_injection: verify rule ${track.ruleId} on ModSecurity`,
      `sql_injection: gatekeeper for rule ${track.ruleId}`,
      'sql_injection: store the rule as proposed',
      `sql_injection: apply rule ${track.ruleId}`,
    ]);
  });

  it('waits for an analyst, refuses the system as reviewer, and survives a worker restart before the approval', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    await h.submit(ev);
    const handle = await start(ev.id);
    const first = await h.newWorker(env);
    const waiting = await first.runUntil(async () => {
      const s = await until(handle, (x) => x.stage === 'review');
      await expect(handle.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'system', decision: 'approve' }] })).rejects.toThrow(WorkflowUpdateFailedError);
      return s;
    });
    expect(waiting.rules[0]).toMatchObject({ attackClass: 'command_injection', outcome: 'pending_review' });
    expect(waiting.rules[0].gatekeeper?.action).toBe('human_review');
    expect(await searchAttribute(handle, 'pending_review')).toBe('pending_review');
    const ruleId = waiting.rules[0].ruleId!;
    expect((await getRule(h.db.db, ruleId))?.rule.status).toBe('proposed');

    // The first worker is gone; a new one picks the workflow up from its history.
    const second = await h.newWorker(env);
    const result = await second.runUntil(async () => {
      const decided = await handle.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'approve', reason: 'matches the incident' }] });
      expect(decided).toMatchObject([{ ruleId, outcome: 'approved' }]);
      return handle.result();
    });
    expect(result.ruleOutcome).toBe('approved');
    const stored = await getRule(h.db.db, ruleId);
    expect(stored?.rule.status).toBe('applied');
    expect(stored?.events.at(-1)).toMatchObject({ type: 'applied', actor: 'alice' });
    expect((await activeRuleSet(h.db.db)).text).toContain(`id:${ruleId}`);
    expect(await searchAttribute(handle, 'approved')).toBe('approved');
  });

  it('takes a rejection by signal from an analyst and ignores one from the system and one from the evidence submitter', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    await h.submit(ev, 'carol');
    const handle = await start(ev.id);
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => {
      await until(handle, (x) => x.stage === 'review');
      await handle.signal(reviewRuleSignal, { reviewer: 'System', decision: 'approve' });
      await until(handle, (x) => x.ignoredReviews.length === 1);
      await handle.signal(reviewRuleSignal, { reviewer: 'Carol', decision: 'approve' });
      await until(handle, (x) => x.ignoredReviews.length === 2);
      await handle.signal(reviewRuleSignal, { reviewer: 'bob', decision: 'reject', reason: 'too broad for this app' });
      return handle.result();
    });
    expect(result.ruleOutcome).toBe('review_rejected');
    expect(result.ignoredReviews[0]).toMatch(/not the system/);
    expect(result.ignoredReviews[1]).toMatch(/submitted by "carol", who may not also review/);
    expect(result.submittedBy).toBe('carol');
    const stored = await getRule(h.db.db, result.rules[0].ruleId!);
    expect(stored?.rule.status).toBe('rejected');
    expect(stored?.events.at(-1)).toMatchObject({ type: 'rejected', actor: 'bob' });
    expect((await activeRuleSet(h.db.db)).rules).toEqual([]);
  });

  it('withdraws a stored rule when the analysis is cancelled during review (compensation)', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    await h.submit(ev);
    const handle = await start(ev.id);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const s = await until(handle, (x) => x.stage === 'review');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      const stored = await getRule(h.db.db, s.rules[0].ruleId!);
      expect(stored?.rule.status).toBe('rejected');
      expect(stored?.events.at(-1)).toMatchObject({ type: 'rejected', actor: 'system' });
      expect(stored?.events.at(-1)?.reason).toMatch(/compensation/);
    });
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const [row] = await h.db.execute('select status, outcome from evidence where id = $1', [ev.id]);
    expect(row).toMatchObject({ status: 'cancelled', outcome: 'cancelled' });
  });

  it('confident but unconfirmed: the outcome is unconfirmed with each oracle\'s reasons, and the rule waits for an analyst, never auto-applied', async () => {
    // Declared Postgres: WAITFOR does not exist there, so no oracle confirms; the classifier is sure.
    const probe = { ...evidenceWithPayload(UNEXPLOITABLE), target: { service: 'web', stack: { database: 'postgres' as const } } };
    await h.submit(probe);
    const handle = await start(probe.id);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const s = await until(handle, (x) => x.stage === 'review' || x.stage === 'done');
      expect(s.verdict).toBe('simulate');
      expect(s.simulation).toMatchObject({ status: 'ok', outcome: 'unconfirmed' });
      expect(s.simulation?.simulated.map((p) => p.verdict)).toEqual(['exploit_improbable']);
      const [u] = s.simulation!.unconfirmed!;
      expect(u.attackClass).toBe('sql_injection');
      expect(u.confidence).toBeGreaterThanOrEqual(0.75);
      expect(u.reasons.some((r) => r.includes('[postgres]'))).toBe(true);
      const [track] = s.rules;
      expect(track).toMatchObject({ attackClass: 'sql_injection', confirmed: false, outcome: 'pending_review', gatekeeper: { action: 'human_review' } });
      expect(track.gatekeeper!.reasons[0]).toMatch(/^Review unconfirmed: no sandbox oracle confirmed the exploit/);
      const stored = await getRule(h.db.db, track.ruleId!);
      expect(stored?.rule.status).toBe('proposed');
      expect(stored?.rule.provenance).toMatchObject({ confirmed: false });
      expect((await activeRuleSet(h.db.db)).rules).toEqual([]);
      await handle.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'reject', reason: 'probe for another engine' }] });
      const result = await handle.result();
      expect(result.rules[0]).toMatchObject({ outcome: 'review_rejected', confirmed: false });
      expect(result.ruleOutcome).not.toBe('no_exploit');
    });
  });

  it('MySQL evidence (admin\'# with target.stack mysql): confirmed on mysql and a rule is proposed', async () => {
    const ev = { ...evidenceWithPayload("admin'#"), target: { service: 'web', stack: { database: 'mysql' as const } } };
    await h.submit(ev);
    const worker = await h.newWorker(env);
    const result = await worker.runUntil(async () => {
      const handle = await start(ev.id);
      const s = await until(handle, (x) => x.stage === 'review' || x.stage === 'done');
      if (s.stage === 'review') await handle.executeUpdate(reviewRuleUpdate, { args: [{ reviewer: 'alice', decision: 'approve' }] });
      return handle.result();
    });
    expect(result.simulation).toMatchObject({ status: 'ok', outcome: 'confirmed' });
    expect(result.simulation?.simulated[0]).toMatchObject({ attackClass: 'sql_injection', verdict: 'exploit_possible', confirmedOn: ['mysql'] });
    const [track] = result.rules;
    expect(track.attackClass).toBe('sql_injection');
    expect(track.confirmed).toBeUndefined();
    expect(track.ruleId).toBeDefined();
    expect(['auto_applied', 'approved', 'logged']).toContain(track.outcome);
    expect((await getRule(h.db.db, track.ruleId!))?.rule.provenance).toMatchObject({ payloads: ["admin'#"] });
  });

  it('reports a duplicate rule once', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const a = attackEvidence();
      const b = attackEvidence();
      await h.submit(a);
      await h.submit(b);
      const first = await (await start(a.id)).result();
      const second = await (await start(b.id)).result();
      expect(first.ruleOutcome).toBe('auto_applied');
      expect(second.rules[0]).toMatchObject({ outcome: 'duplicate', ruleId: first.rules[0].ruleId });
    });
  });
});
