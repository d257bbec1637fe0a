import { describe, expect, it } from 'vitest';
import { canonicalCidr, normaliseCidrs, UNPARSABLE } from './cidr';
import { buildPolicyInput } from './policy-input';
import { loadSample } from './test-support';

describe('canonicalCidr', () => {
  it('rewrites every spelling of an IPv4-mapped IPv6 address to IPv4', () => {
    expect(canonicalCidr('::ffff:10.0.0.1/128')).toBe('10.0.0.1/32');
    expect(canonicalCidr('::FFFF:a00:1/128')).toBe('10.0.0.1/32');
    expect(canonicalCidr('0:0:0:0:0:ffff:10.0.0.1/128')).toBe('10.0.0.1/32');
    expect(canonicalCidr('0000:0000:0000:0000:0000:ffff:0a14:1e00/120')).toBe('10.20.30.0/24');
    expect(canonicalCidr('::0:ffff:10.0.0.1/0128')).toBe('10.0.0.1/32');
    expect(canonicalCidr('::ffff:0:0/96')).toBe('0.0.0.0/0');
    expect(canonicalCidr('::ffff:10.20.30.1')).toBe('10.20.30.1');
  });

  it('keeps host bits, as both evaluators mask them alike', () => {
    expect(canonicalCidr('::ffff:10.0.0.5/104')).toBe('10.0.0.5/8');
    expect(canonicalCidr('10.0.0.5/8')).toBe('10.0.0.5/8');
  });

  it('keeps a mapped address with a prefix below /96: an IPv6 range to Go too', () => {
    expect(canonicalCidr('::ffff:0:0/80')).toBe('::ffff:0:0/80');
    expect(canonicalCidr('::ffff:0:0/95')).toBe('::ffff:0:0/95');
  });

  it('passes ordinary IPv4 and IPv6 CIDRs and addresses through unchanged', () => {
    for (const c of ['10.20.30.0/24', '0.0.0.0/0', '192.168.10.5/32', '10.0.0.1', '::/0', '2001:DB8:ad::/48', '::1/128', '::10.0.0.1/128', '64:ff9b::10.0.0.1/128', '10.0.0.0/08']) {
      expect(canonicalCidr(c)).toBe(c);
    }
  });

  it('marks what Go cannot parse, including spellings the wasm parses laxly', () => {
    for (const c of ['10.0.0.0/8 ', '10.0.0.0/+8', '10.0.0.0/8/8', '10.0.0.0/33', '::1/129', '010.0.0.1/8', '::ffff:010.0.0.1/128', 'fe80::1%eth0/64', '1.2.3/24', '1:2:3:4:5:6:7:8::/128', '1::2::3/64', '', 'nope']) {
      expect(canonicalCidr(c)).toBe(UNPARSABLE + c);
    }
  });

  it('is idempotent', () => {
    for (const c of ['::ffff:10.0.0.1/128', '10.0.0.0/8 ', '2001:db8::/32']) expect(canonicalCidr(canonicalCidr(c))).toBe(canonicalCidr(c));
  });
});

describe('normaliseCidrs', () => {
  const sandbox = loadSample('sandbox');
  const base = buildPolicyInput(
    { ...sandbox, adminCidrs: ['::ffff:10.20.0.0/120'] },
    { actionId: 'restrict_ingress', target: 'web', params: { allowed_cidrs: ['::ffff:10.0.0.0/104', 42], note: '::ffff:1.2.3.4' } },
    { requester: 'alice', tags: {}, blastRadius: 1 },
  );

  it('rewrites the admin CIDRs and the named params lists only, without touching the input', () => {
    const before = structuredClone(base);
    const out = normaliseCidrs(base, ['allowed_cidrs', 'block_cidrs']);
    expect(out.context.admin_cidrs).toEqual(['10.20.0.0/24']);
    expect(out.action.params).toEqual({ allowed_cidrs: ['10.0.0.0/8', 42], note: '::ffff:1.2.3.4' });
    expect(base).toEqual(before);
  });

  it('passes malformed shapes through for the policy to deny', () => {
    const odd = { ...base, context: { ...base.context, admin_cidrs: '10.0.0.0/8' as unknown as string[] } };
    expect(normaliseCidrs(odd, ['allowed_cidrs']).context.admin_cidrs).toBe('10.0.0.0/8');
    expect(normaliseCidrs('x' as never, ['allowed_cidrs'])).toBe('x');
  });
});
