// Schedule specs are judged on their next runs (croner): no future run, or runs closer than the
// floor, is refused with the reason.
import { describe, expect, it } from 'vitest';
import { cronProblem, MIN_INTERVAL_SECONDS } from './schedule-spec';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('cronProblem', () => {
  it.each(['*/15 * * * *', '0 3 * * MON-FRI', '0 0 29 2 *', '@daily', '@HOURLY', '@weekly', '@every 15m', '@every 1h30m', `@every ${MIN_INTERVAL_SECONDS}s`, '0 0 1 JAN *'])(
    '%j is schedulable',
    (spec) => expect(cronProblem(spec, NOW)).toBeUndefined(),
  );

  it.each([
    ['0 0 31 2 *', /no future run/],
    ['0 0 30 2 *', /no future run/],
    ['@every 1s', /floor/],
    ['@every 9s', /floor/],
    ['@every 500ms', /floor/],
    ['@every 100000h', /at most/],
    ['@every soon', /@every <n>/],
    ['@every 1d', /@every <n>/],
    ['@fortnightly', /unknown macro/],
    ['* * * * * *', /five fields/],
    ['* * * *', /five fields/],
    ['61 * * * *', /./],
    ['* * * * FUNDAY', /./],
  ])('%j → refused (%s)', (spec, why) => {
    expect(cronProblem(spec, NOW)).toMatch(why);
  });
});
