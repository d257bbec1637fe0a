import { describe, expect, it } from 'vitest';
import { parseAnyTimestamp, parseAsctimeTimestamp, parseClfTimestamp, parseIsoTimestamp } from './time';

describe('timestamps', () => {
  it('reads ISO-8601 with zones, fractions, date-only, and refuses impossible dates', () => {
    expect(parseIsoTimestamp('2026-01-05T10:00:00.123+01:00')).toBe(Date.parse('2026-01-05T09:00:00.123Z'));
    expect(parseIsoTimestamp('2026-01-05T10:00:00.123456789Z')).toBe(Date.parse('2026-01-05T10:00:00.123Z'));
    expect(parseIsoTimestamp('2026-01-05T10:00-0530')).toBe(Date.parse('2026-01-05T15:30:00Z'));
    expect(parseIsoTimestamp('2026-01-05')).toBe(Date.parse('2026-01-05T00:00:00Z'));
    expect(parseIsoTimestamp('2026-02-31T00:00:00Z')).toBeUndefined();
    expect(parseIsoTimestamp('05/01/2026')).toBeUndefined();
  });
  it('reads CLF and asctime', () => {
    expect(parseClfTimestamp('[10/Oct/2000:13:55:36 -0700]')).toBe(Date.parse('2000-10-10T20:55:36Z'));
    expect(parseClfTimestamp('10/Foo/2000:13:55:36 -0700')).toBeUndefined();
    expect(parseAsctimeTimestamp('Mon May  9 09:41:59 2022')).toBe(Date.parse('2022-05-09T09:41:59Z'));
    expect(parseAsctimeTimestamp('Mon May  9 09:41:59 2022', 120)).toBe(Date.parse('2022-05-09T07:41:59Z'));
  });
  it('parseAnyTimestamp takes epoch ms as number or digits, and every text form', () => {
    expect(parseAnyTimestamp(1576280412771)).toBe(1576280412771);
    expect(parseAnyTimestamp('1576280412771')).toBe(1576280412771);
    expect(parseAnyTimestamp('2019-12-13T23:40:12.771Z')).toBe(1576280412771);
    expect(parseAnyTimestamp(-1)).toBeUndefined();
    expect(parseAnyTimestamp(1.5)).toBeUndefined();
    expect(parseAnyTimestamp(null)).toBeUndefined();
  });
});
