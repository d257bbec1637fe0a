// The one duration syntax Bulwark accepts anywhere (config, API bodies, workflow inputs): a
// whole number and a unit, e.g. `30m`, `24h`, `72h`. A strict subset of what Temporal's SDK
// parses (ms-format), so a value that passes here is never refused by a timer.
// Pure: imported by workflows too.

/** `<digits><ms|s|m|h|d>`. */
export const DURATION_PATTERN = /^\d+(ms|s|m|h|d)$/;

export const DURATION_HINT = 'must be a duration like 30m or 24h';

export function isDuration(value: unknown): value is string {
  return typeof value === 'string' && DURATION_PATTERN.test(value);
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration in this syntax; throws on anything else. */
export function durationMs(value: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!m) throw new Error(`${JSON.stringify(value)} ${DURATION_HINT}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
