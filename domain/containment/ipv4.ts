// IPv4 addresses and CIDRs for WAF source blocks: does a block entry cover a source?

function toInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function parse(cidr: string): { base: number; bits: number } | null {
  const [ip, bitsText, extra] = cidr.split('/');
  if (extra !== undefined) return null;
  const base = toInt(ip);
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (base === null || !(bits >= 0 && bits <= 32)) return null;
  return { base, bits };
}

/**
 * True when every address of `inner` (an IPv4 address or CIDR) lies in `outer`; false when
 * either is not IPv4 (so `cidrCovers(x, x)` tells whether x parses).
 */
export function cidrCovers(outer: string, inner: string): boolean {
  const o = parse(outer);
  const i = parse(inner);
  if (!o || !i || i.bits < o.bits) return false;
  const size = 2 ** (32 - o.bits);
  return Math.floor(o.base / size) === Math.floor(i.base / size);
}
