import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import {
  activeRuleSet,
  applyRule,
  getRule,
  listRules,
  listVersions,
  proposeRule,
  rejectRule,
  reportFalsePositive,
  rollbackRule,
  RuleNotFoundError,
  RuleSelfApprovalError,
  RuleStateError,
} from './rules';
import { fixtureRule, provenanceFor, withId } from './rules.test-support';

const sqli = fixtureRule('sql_injection');
const xss = fixtureRule('xss');
const cmdi = fixtureRule('command_injection');

describe.each(TEST_BACKENDS)('WAF rule repo ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it('proposes idempotently, audits the proposal, and moves a different rule off a taken id', async () => {
    const first = await proposeRule(t.db, sqli, provenanceFor('sql_injection'));
    expect(first.created).toBe(true);
    expect(first.rule).toMatchObject({ id: sqli.id, status: 'proposed', fpReports: 0, confidence: provenanceFor('sql_injection').confidence });
    expect((await proposeRule(t.db, sqli, provenanceFor('sql_injection'))).created).toBe(false);
    const moved = await proposeRule(t.db, { ...xss, id: sqli.id }, provenanceFor('xss'), { status: 'logged' });
    expect(moved).toMatchObject({ created: true, duplicate: false });
    expect(moved.rule.id).not.toBe(sqli.id);

    expect(moved.rule.status).toBe('logged');
    const got = await getRule(t.db, sqli.id);
    expect(got?.events.map((e) => [e.type, e.actor])).toEqual([['proposed', 'system']]);
    expect((await listRules(t.db, { status: 'logged' })).map((r) => r.id)).toEqual([moved.rule.id]);
    expect(await activeRuleSet(t.db)).toMatchObject({ version: 0, rules: [] });
  });

  it('refuses transitions from the wrong status and unknown ids', async () => {
    await proposeRule(t.db, sqli, provenanceFor('sql_injection'));
    await expect(rollbackRule(t.db, sqli.id, 'alice', 'oops')).rejects.toThrow(RuleStateError);
    await applyRule(t.db, sqli.id, 'alice');
    await expect(applyRule(t.db, sqli.id, 'alice')).rejects.toThrow(/already|applied/);
    await expect(rejectRule(t.db, sqli.id, 'bob')).rejects.toThrow(RuleStateError);
    await expect(applyRule(t.db, 1, 'alice')).rejects.toThrow(RuleNotFoundError);
    await expect(reportFalsePositive(t.db, 1, 'carol', 'x')).rejects.toThrow(RuleNotFoundError);
    expect(await listVersions(t.db)).toHaveLength(1);
  });

  it('every change to the active set is a new, higher version recording who made it', async () => {
    for (const [r, c] of [[sqli, 'sql_injection'], [xss, 'xss'], [cmdi, 'command_injection']] as const) await proposeRule(t.db, r, provenanceFor(c));
    const v1 = await applyRule(t.db, sqli.id, 'alice', 'confirmed in sandbox');
    const v2 = await applyRule(t.db, xss.id, 'system', 'auto-apply: confidence 0.94');
    const v3 = await rollbackRule(t.db, sqli.id, 'bob', 'breaks checkout');
    await rejectRule(t.db, cmdi.id, 'bob', 'too broad'); // never active: no version
    expect(v2.version).toBeGreaterThan(v1.version);
    expect(v3.version).toBeGreaterThan(v2.version);

    const versions = await listVersions(t.db);
    expect(versions.map((v) => [v.version, v.actor, v.ruleIds])).toEqual([
      [v3.version, 'bob', [xss.id]],
      [v2.version, 'system', [sqli.id, xss.id].sort((a, b) => a - b)],
      [v1.version, 'alice', [sqli.id]],
    ]);
    const active = await activeRuleSet(t.db);
    expect(active.version).toBe(v3.version);
    expect(active.rules.map((r) => r.id)).toEqual([xss.id]);
    expect(active.text).toMatch(new RegExp(`^# Bulwark active WAF rule set\\n# version: ${v3.version}\\n# generated at: \\S+Z\\n# rules: 1\\n`));
    expect(active.text).toContain(xss.secRule);
    expect(active.text).not.toContain(`id:${sqli.id}`);
    const events = (await getRule(t.db, sqli.id))!.events;
    expect(events.map((e) => [e.type, e.actor, e.rulesetVersion])).toEqual([
      ['proposed', 'system', null],
      ['applied', 'alice', v1.version],
      ['rolled_back', 'bob', v3.version],
    ]);
  });

  it('four-eyes on an analysis\'s rule: the evidence submitter (any spelling) may not apply it; another approver and the gatekeeper may', async () => {
    await proposeRule(t.db, sqli, { ...provenanceFor('sql_injection'), submittedBy: 'olga' });
    await proposeRule(t.db, xss, { ...provenanceFor('xss'), submittedBy: 'olga' }, { status: 'logged' });
    for (const who of ['olga', ' OLGA ', 'ol\u200Bga']) {
      const err = await applyRule(t.db, sqli.id, who).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RuleSelfApprovalError);
      expect((err as Error).message).toMatch(/proposed from evidence submitted by "olga"/);
    }
    await expect(applyRule(t.db, xss.id, 'olga', 'override the log-only')).rejects.toBeInstanceOf(RuleSelfApprovalError);
    expect((await getRule(t.db, sqli.id))!.rule.status).toBe('proposed');
    expect((await applyRule(t.db, sqli.id, 'april')).rule.status).toBe('applied');
    expect((await applyRule(t.db, xss.id, 'system')).rule.status).toBe('applied');
    // A submitter from a token-less intake path is no person's name: it blocks no one.
    await proposeRule(t.db, cmdi, { ...provenanceFor('command_injection'), submittedBy: 'ingest:bulwark-ingest', reanalyzedBy: 'victor' });
    await expect(applyRule(t.db, cmdi.id, 'Victor')).rejects.toThrow(/proposed by a re-analysis "victor" asked for/);
    expect((await applyRule(t.db, cmdi.id, 'olga')).rule.status).toBe('applied');
  });

  it('concurrent applies get distinct consecutive versions, each a superset of the last', async () => {
    const rules = [0, 1, 2, 3, 4, 5].map((k) => withId(sqli, 9_100_000 + k));
    for (const r of rules) await proposeRule(t.db, r, provenanceFor('sql_injection'));
    await Promise.all(rules.map((r) => applyRule(t.db, r.id, 'system')));
    const versions = (await listVersions(t.db)).reverse();
    expect(versions.map((v) => v.ruleIds.length)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < versions.length; i++) {
      expect(versions[i].version).toBeGreaterThan(versions[i - 1].version);
      expect(versions[i].ruleIds).toEqual(expect.arrayContaining(versions[i - 1].ruleIds));
    }
  });

  it('rolls an applied rule back automatically once false positives exceed the threshold, and audits it', async () => {
    await proposeRule(t.db, xss, provenanceFor('xss'));
    const applied = await applyRule(t.db, xss.id, 'alice');
    for (let n = 1; n <= 3; n++) {
      expect(await reportFalsePositive(t.db, xss.id, `user${n}`, 'blocked a comment', 3)).toEqual({ fpReports: n, rolledBack: false });
    }
    const fourth = await reportFalsePositive(t.db, xss.id, 'user4', 'blocked a comment', 3);
    expect(fourth).toMatchObject({ fpReports: 4, rolledBack: true });
    expect(fourth.rulesetVersion).toBeGreaterThan(applied.version);

    const { rule, events } = (await getRule(t.db, xss.id))!;
    expect(rule).toMatchObject({ status: 'rolled_back', fpReports: 4 });
    const rollback = events.at(-1)!;
    expect(rollback).toMatchObject({ type: 'rolled_back', actor: 'system', rulesetVersion: fourth.rulesetVersion });
    expect(rollback.reason).toMatch(/4 false-positive reports exceed the threshold of 3/);
    expect(events.filter((e) => e.type === 'fp_report').map((e) => e.actor)).toEqual(['user1', 'user2', 'user3', 'user4']);
    expect(await activeRuleSet(t.db)).toMatchObject({ version: fourth.rulesetVersion, rules: [] });
    expect((await listVersions(t.db))[0]).toMatchObject({ actor: 'system', ruleIds: [] });

    // later reports are still recorded, but there is nothing left to roll back
    expect(await reportFalsePositive(t.db, xss.id, 'user5', 'late', 3)).toEqual({ fpReports: 5, rolledBack: false });
  });
});
