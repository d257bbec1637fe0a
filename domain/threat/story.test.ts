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

  it('an analysis that never reached the rule stage: its stage and no classes', () => {
    expect(explainAnalysis(null, null)).toEqual({ stage: 'analyze', outcome: null, ruleOutcome: null, simulation: null, classes: [] });
    expect(explainAnalysis(null, 'integrity_failed').stage).toBe('done');
  });
});
