// Whether a schedule spec can run as asked, decided before Temporal sees it: a cron that never
// fires again (`0 0 31 2 *`) or a spec that fires more often than the floor (`@every 1s`) is a
// 400 with the reason, not a schedule that silently never (or constantly) starts cycles.
// Next runs come from croner, not from a parser of our own.
import { Cron } from 'croner';

/** Fewest seconds between two scheduled cycles (intervalSeconds and cron alike). */
export const MIN_INTERVAL_SECONDS = 10;
/** Most seconds between two scheduled cycles: ten years (Temporal durations are bounded). */
export const MAX_INTERVAL_SECONDS = 10 * 366 * 24 * 3600;

// Temporal's predefined schedules, as the five fields they stand for.
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const RUNS_CHECKED = 20;

export const CRON_DESCRIPTION =
  'Five-field cron (minute hour day-of-month month day-of-week; names like MON/JAN allowed), ' +
  `a macro (${Object.keys(MACROS).join(', ')}) or \`@every <n><ms|s|m|h>\`. ` +
  `Refused (400) when it has no future run (e.g. \`0 0 31 2 *\`) or fires more often than every ${MIN_INTERVAL_SECONDS} s (e.g. \`@every 1s\`).`;

/** `@every 90s`, `@every 1h30m` → seconds; undefined when `spec` is not an @every. */
function everySeconds(spec: string): number | undefined | 'invalid' {
  const m = /^@every\s+(\S+)$/.exec(spec);
  if (!m) return undefined;
  const parts = [...m[1].matchAll(/(\d{1,9})(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== m[1]) return 'invalid';
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
}

/**
 * Why `spec` (a cron expression as the API accepts it) cannot be scheduled, or undefined when
 * it can. Checks the next runs after `now` (croner): at least one, and no two closer than
 * MIN_INTERVAL_SECONDS.
 */
export function cronProblem(spec: string, now: Date = new Date()): string | undefined {
  const every = everySeconds(spec);
  if (every === 'invalid') return 'use @every <n><ms|s|m|h>, e.g. @every 15m';
  if (every !== undefined) {
    if (every < MIN_INTERVAL_SECONDS) return `fires every ${every} s; the floor is one run per ${MIN_INTERVAL_SECONDS} s`;
    if (every > MAX_INTERVAL_SECONDS) return `fires every ${every} s; at most every ${MAX_INTERVAL_SECONDS} s`;
    return undefined;
  }
  const fields = MACROS[spec.toLowerCase()] ?? spec;
  if (fields.startsWith('@')) return `unknown macro ${spec.split(/\s/)[0]}`;
  if (fields.split(/\s+/).length !== 5) return 'must have five fields: minute hour day-of-month month day-of-week';
  let runs: Date[];
  try {
    runs = new Cron(fields, { paused: true, mode: '5-part', domAndDow: false, timezone: 'UTC' }).nextRuns(RUNS_CHECKED, now);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (!runs.length) return 'has no future run (no date matches it)';
  for (let i = 1; i < runs.length; i++) {
    const gap = (runs[i].getTime() - runs[i - 1].getTime()) / 1000;
    if (gap < MIN_INTERVAL_SECONDS) return `fires every ${gap} s; the floor is one run per ${MIN_INTERVAL_SECONDS} s`;
  }
  return undefined;
}
