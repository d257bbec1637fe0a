// The operator Updates' validator: a named actor, and only while the promotion runs.
import { describe, expect, it } from 'vitest';
import { checkOperator, type CanaryStatus } from './canary-promotion.defs';

const running: CanaryStatus = {
  phase: 'analysing', candidateModelId: 'pc-v2-x', productionModelId: null, stages: [1, 10, 100], stageIndex: 0, percent: 1, stageStartedAt: null,
  tally: { passed: 0, failed: 0, inconclusive: 0 }, analyses: [], hold: null, abort: null, outcome: null, reasons: [], reportIds: [], compensations: [],
};

describe('checkOperator', () => {
  it('accepts a named operator while the promotion runs or is held', () => {
    expect(() => checkOperator(running, { by: 'alice' })).not.toThrow();
    expect(() => checkOperator({ ...running, phase: 'held' }, { by: 'alice', reason: 'look' })).not.toThrow();
  });
  it('refuses a missing or malformed actor as InvalidInput', () => {
    expect(() => checkOperator(running, { by: '' })).toThrow(expect.objectContaining({ type: 'InvalidInput' }));
    expect(() => checkOperator(running, {} as never)).toThrow(/by is required/);
    expect(() => checkOperator(running, { by: 'a', reason: 'x'.repeat(501) })).toThrow(/reason/);
  });
  it.each([
    [{ outcome: 'promoted', phase: 'done' }, /is promoted/],
    [{ phase: 'rolling_back' }, /is rolling_back/],
    [{ phase: 'promoting' }, /is promoting/],
    [{ abort: { by: 'bob', reason: 'r' } }, /is aborting/],
  ] as const)('refuses a finished or finishing run (%o) as PromotionClosed', (over, message) => {
    expect(() => checkOperator({ ...running, ...over } as CanaryStatus, { by: 'alice' })).toThrow(expect.objectContaining({ type: 'PromotionClosed', message: expect.stringMatching(message) }));
  });
});
