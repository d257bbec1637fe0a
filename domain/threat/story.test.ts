import { describe, expect, it } from 'vitest';
import { condenseStory, explainAnalysis, type StoryInput } from './story';

const sim = (status: string, simulated: { attackClass: string; verdict: string }[], reason?: string): StoryInput['simulation'] => ({
  status,
  ...(reason ? { reason } : {}),
  sandboxId: 'sb-1',
  simulated: simulated.map((p) => ({ ...p, preview: 'x', evidence: ['oracle: row returned', 'second line'] })),
});

describe('explainAnalysis', () => {
  it('says why a class was not confirmed when the sandbox aborted, and that no rule was proposed', () => {
    const story = condenseStory({ stage: 'simulate', ruleOutcome: 'sandbox_aborted', simulation: sim('timeout', [{ attackClass: 'xss', verdict: 'error' }], 'wall time 5s'), rules: [] });
    const out = explainAnalysis(story, 'analyzed');
    expect(out).toMatchObject({ stage: 'simulate', outcome: 'analyzed', simulation: { status: 'timeout', reason: 'wall time 5s' } });
    expect(out.classes).toEqual([
      {
        attackClass: 'xss',
        confirmed: false,
        confirmedWhy: 'not confirmed: sandbox timeout (wall time 5s)',
        rule: { proposed: false, outcome: 'not_proposed', why: 'not proposed: the sandbox did not confirm this class', ruleId: null },
        gatekeeper: null,
        review: null,
      },
    ]);
  });

  it("keeps one line of oracle evidence, tells a rule track's reason, and takes the gatekeeper from the stored rule when the story lacks it", () => {
    const story = condenseStory({
      stage: 'apply',
      ruleOutcome: 'duplicate',
      simulation: sim('ok', [{ attackClass: 'sql_injection', verdict: 'exploit_possible' }, { attackClass: 'sql_injection', verdict: 'blocked' }]),
      rules: [{ attackClass: 'sql_injection', outcome: 'not_proposed', reason: 'not proposed: 1 variant not matched', payloads: 1 }, { attackClass: 'xss', outcome: 'duplicate', reason: 'the same rule 7 already exists (applied)', payloads: 1, ruleId: 7 }],
    });
    expect(story.simulation!.simulated[0].evidence).toEqual(['oracle: row returned']);
    const out = explainAnalysis(story, 'analyzed', (id) => (id === 7 ? { action: 'auto_apply', reasons: ['confidence 0.95'], policyVersion: 'p1' } : null));
    const [sqli, xss] = out.classes;
    expect(sqli).toMatchObject({ confirmed: true, confirmedWhy: '1 of 2 payload(s) confirmed by the sandbox: oracle: row returned', rule: { proposed: false, why: 'not proposed: 1 variant not matched' } });
    expect(xss).toMatchObject({ confirmed: true, rule: { proposed: false, outcome: 'duplicate', ruleId: 7 }, gatekeeper: { action: 'auto_apply', reasons: ['confidence 0.95'] } });
  });

  it("keeps an analyst's decision and who took it; a class nobody reviewed has none", () => {
    const story = condenseStory({
      stage: 'reject',
      ruleOutcome: 'review_rejected',
      simulation: sim('ok', [{ attackClass: 'xss', verdict: 'exploit_possible' }, { attackClass: 'sql_injection', verdict: 'exploit_possible' }]),
      rules: [
        { attackClass: 'xss', outcome: 'review_rejected', reason: 'rejected in review by carol: too broad', payloads: 1, ruleId: 3, review: { decision: 'reject', reviewer: 'carol', reason: 'too broad', at: '2026-11-30T12:00:00.000Z' } },
        { attackClass: 'sql_injection', outcome: 'logged', reason: 'gatekeeper log_only', payloads: 1, ruleId: 4 },
      ],
    });
    const out = explainAnalysis(story, 'analyzed');
    expect(out.stage).toBe('reject');
    const [xss, sqli] = out.classes;
    expect(xss.review).toEqual({ decision: 'reject', reviewer: 'carol', reason: 'too broad', at: '2026-11-30T12:00:00.000Z' });
    expect(sqli.review).toBeNull();
  });

  it('an analysis that never reached the rule stage: its stage and no classes', () => {
    expect(explainAnalysis(null, null)).toEqual({ stage: 'analyze', outcome: null, ruleOutcome: null, simulation: null, classes: [] });
    expect(explainAnalysis(null, 'integrity_failed').stage).toBe('done');
  });
});

describe('explainAnalysis: issue 12, no silent drops', () => {
  it('tells an unconfirmed class from a doubted one, with the oracles\' reasons per stack and the runner-up tried', () => {
    const story = condenseStory({
      stage: 'review',
      ruleOutcome: 'pending_review',
      simulation: {
        status: 'ok',
        sandboxId: 'sb-2',
        outcome: 'unconfirmed',
        simulated: [
          { attackClass: 'sql_injection', verdict: 'exploit_improbable', preview: 'x', evidence: ['no context'], runnerUp: { attackClass: 'xss', score: 0.31, verdict: 'exploit_improbable', evidence: ['none'] } },
        ],
        unconfirmed: [{ attackClass: 'sql_injection', confidence: 0.97, reasons: ['query.q [postgres] string literal: same structure', 'query.q [mysql] string literal: stays one value'] }],
      },
      rules: [{ attackClass: 'sql_injection', outcome: 'pending_review', reason: 'gatekeeper human_review', payloads: 1, confirmed: false, ruleId: 9 }],
    });
    expect(story.rules[0].confirmed).toBe(false);
    const out = explainAnalysis(story, 'analyzed');
    expect(out.simulation).toEqual({ status: 'ok', reason: null, outcome: 'unconfirmed' });
    const [sqli] = out.classes;
    expect(sqli.confirmed).toBe(false);
    expect(sqli.confirmedWhy).toMatch(/^unconfirmed: the classifier is confident \(0\.970\) but no oracle confirmed any of 1 payload\(s\), so any rule waits for an analyst/);
    expect(sqli.confirmedWhy).toContain('[postgres] string literal: same structure');
    expect(sqli.confirmedWhy).toContain('[mysql] string literal');
    expect(sqli.confirmedWhy).toContain('runner-up xss (score 0.31) tried: exploit_improbable');
    expect(sqli.rule).toMatchObject({ proposed: true, outcome: 'pending_review', ruleId: 9 });
  });

  it('credits a payload confirmed by its runner-up class to that class', () => {
    const story = condenseStory({
      stage: 'done',
      simulation: {
        status: 'ok',
        sandboxId: 'sb-3',
        outcome: 'confirmed',
        simulated: [{ attackClass: 'path_traversal', verdict: 'exploit_improbable', preview: ';cat /etc/passwd', evidence: ['no'], runnerUp: { attackClass: 'command_injection', score: 0.4, verdict: 'exploit_possible', evidence: ['[sh] runs "cat"'] } }],
      },
      rules: [{ attackClass: 'command_injection', outcome: 'auto_applied', reason: 'ok', payloads: 1, ruleId: 3 }],
    });
    const cmdi = explainAnalysis(story, 'analyzed').classes.find((c) => c.attackClass === 'command_injection')!;
    expect(cmdi.confirmed).toBe(true);
    expect(cmdi.confirmedWhy).toBe('1 payload(s) predicted as path_traversal confirmed by the command_injection oracle (runner-up class): [sh] runs "cat"');
  });
});
