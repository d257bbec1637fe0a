import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { applyRule, getRule, proposeRule, rejectRule, rollbackRule, RuleNotFoundError, RuleStateError } from './rules';
import { fixtureRule, provenanceFor } from './rules.test-support';
import { reproposeRule } from './rule-repropose';

const sqli = fixtureRule('sql_injection');
const prov = (workflowId: string) => ({ ...provenanceFor('sql_injection'), workflowId });
// The same directive as `sqli`, rendered by a later analysis (different provenance comments).
const later = { ...sqli, secRule: sqli.secRule.replace(/# generated-at: .*/, '# generated-at: 2027-01-01T00:00:00.000Z') };

describe.each(TEST_BACKENDS)('re-proposing a WAF rule ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it('a rejected rule does not make a new proposal of the same directive a duplicate', async () => {
    await proposeRule(t.db, sqli, prov('threat-analysis:a'));
    await rejectRule(t.db, sqli.id, 'system', 'gatekeeper reject: ModSecurity verifier missing');
    const again = await proposeRule(t.db, later, prov('threat-analysis:b'), { status: 'proposed', reason: 'gatekeeper human_review' });
    expect(again).toMatchObject({ duplicate: false, created: false, reproposed: true });
    expect(again.rule).toMatchObject({ id: sqli.id, status: 'proposed', secRule: later.secRule });
    expect(again.rule.provenance).toMatchObject({ workflowId: 'threat-analysis:b', supersedes: { status: 'rejected', workflowId: 'threat-analysis:a' } });
    const events = (await getRule(t.db, sqli.id))!.events.map((e) => [e.type, e.reason]);
    expect(events).toEqual([
      ['proposed', null],
      ['rejected', 'gatekeeper reject: ModSecurity verifier missing'],
      ['proposed', 'proposed again (was rejected): gatekeeper human_review'],
    ]);
  });

  it('a rolled-back rule is proposed again; a pending or active one still blocks as a duplicate', async () => {
    await proposeRule(t.db, sqli, prov('threat-analysis:a'));
    expect(await proposeRule(t.db, later, prov('threat-analysis:b'))).toMatchObject({ duplicate: true });
    await applyRule(t.db, sqli.id, 'alice');
    expect(await proposeRule(t.db, later, prov('threat-analysis:b'))).toMatchObject({ duplicate: true });
    await rollbackRule(t.db, sqli.id, 'alice', 'false positives');
    const again = await proposeRule(t.db, later, prov('threat-analysis:b'), { status: 'rejected', reason: 'gatekeeper reject' });
    expect(again.rule.status).toBe('rejected');
    expect((await getRule(t.db, sqli.id))!.events.map((e) => e.type)).toEqual(['proposed', 'applied', 'rolled_back', 'proposed', 'rejected']);
  });

  it('a re-analysis (same workflow id, new run) re-proposes; a retry of the same run gets its own row', async () => {
    await proposeRule(t.db, sqli, { ...prov('threat-analysis:a'), runId: 'run-1' });
    await rejectRule(t.db, sqli.id, 'system', 'withdrawn');
    const first = await proposeRule(t.db, later, { ...prov('threat-analysis:a'), runId: 'run-2' });
    expect(first).toMatchObject({ reproposed: true, rule: { status: 'proposed' } });
    const retry = await proposeRule(t.db, later, { ...prov('threat-analysis:a'), runId: 'run-2' });
    expect(retry).toMatchObject({ duplicate: false, created: false, rule: { status: 'proposed' } });
    expect(retry.reproposed).toBeUndefined();
    expect((await getRule(t.db, sqli.id))!.events).toHaveLength(3);
  });

  it('reproposeRule refuses pending, active, changed and unknown rules and writes nothing', async () => {
    await proposeRule(t.db, sqli, prov('threat-analysis:a'));
    await expect(reproposeRule(t.db, sqli.id, prov('rule-reverify:x'), { status: 'proposed', reason: 'r' })).rejects.toBeInstanceOf(RuleStateError);
    await rejectRule(t.db, sqli.id, 'bob', 'no');
    await expect(reproposeRule(t.db, sqli.id, prov('rule-reverify:x'), { status: 'proposed', reason: 'r', expectStatus: 'rolled_back' })).rejects.toThrow(/is rejected now, not rolled_back/);
    await expect(reproposeRule(t.db, 9_599_999, prov('rule-reverify:x'), { status: 'proposed', reason: 'r' })).rejects.toBeInstanceOf(RuleNotFoundError);
    expect((await getRule(t.db, sqli.id))!.events).toHaveLength(2);
    const ok = await reproposeRule(t.db, sqli.id, prov('rule-reverify:x'), { status: 'logged', reason: 'gatekeeper log_only', expectStatus: 'rejected', actor: 'carol' });
    expect(ok).toMatchObject({ status: 'logged', secRule: sqli.secRule });
  });
});
