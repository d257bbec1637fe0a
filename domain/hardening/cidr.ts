// Rewrites the CIDR lists of a policy input so that the compiled policy (OPA wasm) and
// OPA's reference evaluator (Go) read them alike. Pure: no I/O, no node:net.
//
// Where they differ (policies/differential.test.ts sweeps the spellings):
// - IPv4-mapped IPv6 (`::ffff:10.0.0.1/128`): Go reads the IPv4 address 10.0.0.1/32, so
//   10.0.0.0/8 contains it and ::/0 does not; wasm reads an IPv6 address, the reverse.
//   A blocklist entry `::ffff:10.0.0.0/104` (which blocks 10/8 on a dual-stack listener)
//   would then not overlap admin range 10.20.30.0/24 in wasm. Mapped spellings are
//   rewritten to IPv4, which is Go's reading and a dual-stack firewall's.
// - Lax spellings Go refuses but wasm parses (`10.0.0.0/8 `, `10.0.0.0/+8`,
//   `10.0.0.0/8/8`): wasm's reading of them is not even stable between calls (the same
//   input allowed once and denied later), and an entry the policy must deny as unparsable
//   must not become one that passes. Every entry Go's
//   net.ParseCIDR / net.ParseIP refuses is prefixed with UNPARSABLE, which neither
//   evaluator parses, so it fails closed in both and the deny reason says why.
// Every other entry is passed through unchanged, so reasons quote what the caller wrote.
import type { PolicyInput } from './types';

/** Prefix marking a CIDR list entry OPA cannot parse; the policy then denies as it would for the original. */
export const UNPARSABLE = 'not a CIDR: ';

/**
 * One CIDR list entry as both evaluators should read it: an IPv4-mapped IPv6 address
 * (`::ffff:a.b.c.d`, `::ffff:a00:1`, `0:0:0:0:0:ffff:…`, any case) becomes IPv4
 * (`<v6>/<n>` with n >= 96 → `a.b.c.d/<n-96>`, host bits kept; a bare address → `a.b.c.d`);
 * a string Go would not parse as a CIDR or IP becomes `UNPARSABLE + cidr`; anything else
 * is returned unchanged. A mapped address with a prefix below /96 is an IPv6 range to Go
 * as well, so it is kept. Idempotent.
 */
export function canonicalCidr(cidr: string): string {
  if (cidr.startsWith(UNPARSABLE)) return cidr;
  const slash = cidr.indexOf('/');
  const bytes = parseAddr(slash < 0 ? cidr : cidr.slice(0, slash));
  if (!bytes) return UNPARSABLE + cidr;
  const mapped = bytes.length === 16 && isV4Mapped(bytes);
  const v4 = mapped ? bytes.slice(12).join('.') : '';
  if (slash < 0) return mapped ? v4 : cidr;
  const bits = parsePrefixLength(cidr.slice(slash + 1));
  if (bits === null || bits > bytes.length * 8) return UNPARSABLE + cidr;
  return mapped && bits >= 96 ? `${v4}/${bits - 96}` : cidr;
}

/**
 * The input with canonicalCidr applied to the string entries of `context.admin_cidrs` and
 * of each `action.params[key]` list named in `paramKeys` (the bundle's
 * cidr_allowlist_params and cidr_blocklist_params). Returns a new object and leaves
 * `input` untouched; fields of another type are passed through for the policy's own
 * input_shape check.
 */
export function normaliseCidrs(input: PolicyInput, paramKeys: readonly string[]): PolicyInput {
  if (!isRecord(input)) return input;
  const out: PolicyInput = { ...input };
  if (isRecord(input.context) && Array.isArray(input.context.admin_cidrs)) {
    out.context = { ...input.context, admin_cidrs: canonicalList(input.context.admin_cidrs) as string[] };
  }
  if (isRecord(input.action) && isRecord(input.action.params)) {
    const params: Record<string, unknown> = { ...input.action.params };
    for (const key of paramKeys) if (Array.isArray(params[key])) params[key] = canonicalList(params[key] as unknown[]);
    out.action = { ...input.action, params };
  }
  return out;
}

function canonicalList(list: readonly unknown[]): unknown[] {
  return list.map((v) => (typeof v === 'string' ? canonicalCidr(v) : v));
}

function isRecord(v: unknown): v is Record<string, unknown> & PolicyInput {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isV4Mapped(b: number[]): boolean {
  return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

// Go's dtoi: one or more ASCII digits, leading zeros allowed, nothing else.
function parsePrefixLength(s: string): number | null {
  return /^[0-9]+$/.test(s) ? Number(s) : null;
}

/**
 * 4 or 16 bytes, or null, as Go's netip.ParseAddr decides (the family is chosen by the
 * first '.', ':' or '%'); zones are refused, as net.ParseCIDR and net.ParseIP refuse them.
 */
function parseAddr(s: string): number[] | null {
  const first = /[.:%]/.exec(s)?.[0];
  if (first === '.') return parseIPv4(s);
  if (first === ':') return parseIPv6(s);
  return null;
}

/** Hex groups of 1-4 digits, at most one `::` standing for at least one group, an optional dotted IPv4 tail. */
function parseIPv6(s: string): number[] | null {
  if (s.includes('%')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1], true) : [];
  if (!head || !tail) return null;
  const used = head.length + tail.length;
  if (halves.length === 1 ? used !== 16 : used > 14) return null;
  return [...head, ...new Array<number>(16 - used).fill(0), ...tail];
}

// One side of `::` as bytes; with `allowV4Tail` its last group may be dotted IPv4.
function parseGroups(part: string, allowV4Tail: boolean): number[] | null {
  if (part === '') return [];
  const groups = part.split(':');
  const out: number[] = [];
  for (const [i, g] of groups.entries()) {
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseIPv4(g);
      if (!v4) return null;
      out.push(...v4);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
      const n = parseInt(g, 16);
      out.push(n >> 8, n & 0xff);
    } else {
      return null;
    }
  }
  return out;
}

// Four decimal fields 0-255 without leading zeros (Go refuses `010.0.0.1`).
function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return null;
    out.push(Number(p));
  }
  return out;
}
