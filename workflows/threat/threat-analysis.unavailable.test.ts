// A worker without the libmodsecurity harness: the analysis must say that verification was
// unavailable and how to fix it, not dress it up as an ordinary gatekeeper rejection, and it
// must store nothing, so that the same rule is proposed afresh once the verifier is there.
// Shared Temporal dev server, real sandbox and rule generation, PGlite.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeRuleSet, getRule } from '../../repo/threat/rules';
import { attackEvidence } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { connectTestEnv } from '../../test/support/temporal';
import { SA } from '../../temporal/ids';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import type { ThreatAnalysisResult } from './threat-analysis.defs';

let env: TestWorkflowEnvironment;
let h: EvidenceHarness;

beforeAll(async () => {
  env = await connectTestEnv();
  h = await createEvidenceHarness({ modsecHarness: '' });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('threatAnalysisWorkflow without a rule verifier', () => {
  it('records rule_verification_unavailable with the fix, asks no gatekeeper and stores no rule', async () => {
    const ev = attackEvidence();
    await h.submit(ev);
    const worker = await h.newWorker(env);
    const handle = await worker.runUntil(async () => {
      await startThreatAnalysis(env.client, ev.id, { queues: h.queues });
      const handle = env.client.workflow.getHandle<(i: unknown) => Promise<ThreatAnalysisResult>>(threatAnalysisId(ev.id));
      await handle.result();
      return handle;
    });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'analyzed', verdict: 'simulate', ruleOutcome: 'rule_verification_unavailable' });
    const [track] = result.rules;
    expect(track).toMatchObject({ attackClass: 'sql_injection', outcome: 'rule_verification_unavailable', modsec: { verified: false, unavailable: true } });
    expect(track.reason).toContain('bash ops/install-modsecurity.sh');
    expect(track.gatekeeper).toBeUndefined();
    expect(await getRule(h.db.db, track.ruleId!)).toBeUndefined();
    expect((await activeRuleSet(h.db.db)).rules).toEqual([]);

    const desc = await handle.describe();
    expect(desc.typedSearchAttributes.get(SA.ruleOutcome)).toBe('rule_verification_unavailable');
    expect(JSON.stringify(desc.memo)).toContain('bash ops/install-modsecurity.sh');
  });
});
