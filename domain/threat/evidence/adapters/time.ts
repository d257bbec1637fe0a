// Timestamps as capture sources write them, to epoch milliseconds. Every parser returns
// undefined for text it does not recognise (the adapter then reports the entry), never NaN.

// ISO-8601 / RFC 3339: date, optional time with fraction, optional zone (Z or ±hh[:]mm).
// A time without a zone is read as UTC (sources that omit it are UTC in practice: HAR, WAFs).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const MAX_MS = 8_640_000_000_000_000;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  // Date.UTC rolls 31 Feb over into March: a date that does not exist is refused.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return undefined;
  return t;
}

function zoneMinutes(z: string | undefined): number {
  if (!z || z.toUpperCase() === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** ISO-8601 text (`2026-01-01T00:00:00.123+01:00`, `2026-01-01`) → epoch ms; undefined when not ISO. */
export function parseIsoTimestamp(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const t = utc(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
  if (t === undefined) return undefined;
  const out = t - zoneMinutes(m[8]) * 60_000;
  return out >= 0 && out <= MAX_MS ? out : undefined;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** Common Log Format time (`10/Oct/2000:13:55:36 -0700`, as nginx and Apache write `%t`) → epoch ms. */
export function parseClfTimestamp(text: string): number | undefined {
  const m = /^\[?(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([+-]\d{4})\]?$/.exec(text.trim());
  const mo = m && MONTHS[m[2].toLowerCase()];
  if (!m || !mo) return undefined;
  const t = utc(+m[3], mo, +m[1], +m[4], +m[5], +m[6], m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0);
  return t === undefined ? undefined : t - zoneMinutes(m[8]) * 60_000;
}

/**
 * C `asctime` time (`Tue May 10 04:52:04 2022`, ModSecurity v3's `time_stamp`). It carries no
 * zone; ModSecurity writes the server's local time, read here as UTC (run the WAF in UTC, or
 * pass `utcOffsetMinutes`).
 */
export function parseAsctimeTimestamp(text: string, utcOffsetMinutes = 0): number | undefined {
  const m = /^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(text.trim());
  const mo = m && MONTHS[m[1].toLowerCase()];
  if (!m || !mo) return undefined;
  const t = utc(+m[6], mo, +m[2], +m[3], +m[4], +m[5], 0);
  return t === undefined ? undefined : t - utcOffsetMinutes * 60_000;
}

/** Any of: epoch ms (number or digits), ISO-8601, CLF, asctime. */
export function parseAnyTimestamp(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= MAX_MS ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^\d{1,16}$/.test(v)) return parseAnyTimestamp(Number(v));
  return parseIsoTimestamp(v) ?? parseClfTimestamp(v) ?? parseAsctimeTimestamp(v);
}
