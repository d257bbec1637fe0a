// Test-only: inputs for policies/differential.test.ts beyond those the Rego and loader
// tests use: CIDR spellings, realistic inputs from the sample environments, and strings
// and numbers the two evaluators print differently.
import { blastRadius, buildPolicyInput, candidateActions, initialControls, inverseAction } from '../domain/hardening';
import { loadSample, SAMPLE_NAMES } from '../domain/hardening/test-support';
import type { PolicyInput } from '../domain/hardening/types';
import type { GatekeeperInput } from './gatekeeper-loader';
import { gatekeeperInput, policyInput } from './test-support';

/**
 * CIDR spellings: IPv4-mapped IPv6 in every form Go accepts, host bits set, overlapping
 * prefixes, IPv6, /0, /32, /128, and spellings one evaluator parses and the other does not.
 */
export const CIDR_SPELLINGS = [
  // IPv4, host bits, /0, /32, overlaps with the fixture's admin CIDRs (10.20.30.0/24, 192.168.10.5/32)
  '10.0.0.0/8', '10.0.0.5/8', '10.20.30.0/24', '10.20.30.128/25', '10.20.30.77/24', '10.20.0.0/16', '192.168.10.5/32',
  '192.168.10.0/24', '192.168.10.4/31', '0.0.0.0/0', '10.0.0.1/0', '255.255.255.255/32', '0.0.0.0/32', '10.0.0.1',
  '203.0.113.0/24', '128.0.0.0/2', '10.0.0.0/08',
  // IPv4-mapped IPv6
  '::ffff:10.0.0.1/128', '::ffff:10.20.30.0/120', '::ffff:10.0.0.0/104', '::ffff:192.168.10.5/128', '::ffff:0:0/96',
  '::ffff:10.0.0.1/96', '::ffff:10.0.0.1/100', '::FFFF:a00:1/128', '0:0:0:0:0:ffff:10.0.0.1/128',
  '0000:0000:0000:0000:0000:ffff:0a14:1e00/120', '0::ffff:10.0.0.1/128', '::0:ffff:10.0.0.1/128', '::ffff:10.0.0.1/0128',
  '::ffff:10.20.30.1', '::ffff:0:0/80', '::ffff:0:0/95',
  // IPv6 and IPv4-compatible / translated forms
  '::/0', '::/128', '::1/128', '2001:db8::/32', '2001:DB8:ad::/48', '2001:db8:ad::5/48', '::10.0.0.1/128',
  '64:ff9b::10.0.0.1/128', '::ffff:0:10.0.0.1/128', '1::/0', '1:2:3:4:5:6:7::8/128',
  // unparsable, some of them only to Go
  '10.0.0.0/33', '::1/129', '::ffff:10.0.0.1/129', '10.0.0.0/-1', '10.0.0.0/', '1.2.3/24', '010.0.0.1/8',
  '::ffff:010.0.0.1/128', '::ffff:256.0.0.1/128', '::ffff:1.2.3.4:5/128', 'fe80::1%eth0/64', '::ffff:10.0.0.1%eth0/128',
  ' 10.0.0.0/8', '10.0.0.0/8 ', '10.0.0.0 /8', '10.0.0.0/ 8', '10.0.0.0/+8', '::ffff:10.0.0.1/+104', '10.0.0.0/8/8',
  '10.0.0.0/8x', '10.0.0.0/0x8', '10.0.0.0/8\n', '10.0.0.0/4294967304', '1.2.3.4::/8', '', 'nope', 'not a CIDR: 10.0.0.0/8',
];

/** The spellings that matter most, crossed with each other as admin CIDR × allow/block entry. */
const KEY_SPELLINGS = [
  '10.0.0.0/8', '10.0.0.5/8', '10.20.30.0/24', '10.20.30.128/25', '0.0.0.0/0', '10.20.30.1/32', '::ffff:10.20.30.1/128',
  '::ffff:10.20.30.0/120', '::ffff:10.0.0.0/104', '::ffff:0:0/96', '::/0', '2001:db8::/32', '2001:db8:ad::/48',
  '10.0.0.0/8 ', '10.0.0.0/+8',
];

export function cidrEdgeInputs(): PolicyInput[] {
  const out: PolicyInput[] = [];
  for (const s of CIDR_SPELLINGS) {
    out.push(
      policyInput({ action: { params: { cidrs: [s] } } }),
      policyInput({ action: { params: { cidrs: [s, '192.168.10.0/24'] } } }),
      policyInput({ action: { actionId: 'block_cidrs', params: { block_cidrs: [s] } } }),
      policyInput({ action: { params: { cidrs: ['10.0.0.0/8', '2001:db8::/32'] } }, context: { admin_cidrs: [s] } }),
      policyInput({ action: { params: { block_cidrs: ['10.0.0.0/8', '::/0'] } }, context: { admin_cidrs: [s] } }),
    );
  }
  for (const admin of KEY_SPELLINGS) {
    for (const entry of KEY_SPELLINGS) {
      out.push(
        policyInput({ action: { params: { allowed_cidrs: [entry] } }, context: { admin_cidrs: [admin] } }),
        policyInput({ action: { params: { block_cidrs: [entry] } }, context: { admin_cidrs: [admin, '2001:db8:ad::/48'] } }),
      );
    }
  }
  return out;
}

/** What the agent and the policy gate really send: every candidate and its compensation, per sample. */
export function sampleEnvironmentInputs(): PolicyInput[] {
  const out: PolicyInput[] = [];
  for (const name of SAMPLE_NAMES) {
    const spec = loadSample(name);
    const controls = initialControls(spec);
    for (const action of candidateActions(spec, controls)) {
      const changes: Parameters<typeof buildPolicyInput>[2][] = [
        { requester: 'bulwark-agent', tags: {}, blastRadius: blastRadius(spec, controls, action) },
        { requester: 'alice', tags: { change_ticket: 'CHG-7', owner_approved: 'true' }, blastRadius: 3, severity: 9 },
      ];
      for (const change of changes) {
        out.push(buildPolicyInput(spec, action, change), buildPolicyInput(spec, inverseAction(spec, controls, action), change));
      }
    }
  }
  return out;
}

const AWKWARD = ['a<b>&c', 'line\u2028sep\u2029', 'é', '😀', 'ｚ', 'Z', 'nul\u0000', 'tab\t"q"\\'];

/** Strings Go's json.marshal escapes and the wasm does not, unicode ordering, odd numbers, objects where scalars belong. */
export function printingEdgeInputs(): unknown[] {
  const permRemoval = { actionId: 'remove_unused_permissions', domain: 'iam', removesPermissions: true, params: {} } as const;
  return [
    ...AWKWARD.map((s) => policyInput({ target: { id: s, namespace: 'vault', tenant: `${s}-tenant` } })),
    policyInput({ action: permRemoval, target: { id: 'ops', roles: [...AWKWARD, 'break-glass-admin'] }, context: { break_glass_roles: [...AWKWARD, 'break-glass-admin'] } }),
    ...['CHG-1\n', 'CHG-١٢', 'CHG-<1>&', 'CHG-\u2028'].map((t) => policyInput({ environment: { tier: 'prod' }, change: { tags: { change_ticket: t } } })),
    policyInput({ environment: { tier: '<qa>&\u2028' as never } }),
    policyInput({ action: { params: { cidrs: ['10.0.0.0/8<>'] } }, context: { admin_cidrs: ['10.20.30.0/24&'] } }),
    ...[2.5, 1e21, 10.000000000000002, -0].map((b) => policyInput({ context: { blast_radius: b } })),
    ...[{ b: 1, a: 2 }, '3', [1, { a: 1 }], null].map((v) => policyInput({ context: { blast_radius: v as never } })),
    ...[6.999999999999999, { x: 1 }].map((v) =>
      policyInput({ action: { actionId: 'isolate_segment', params: {} }, context: { severity: v as never } }),
    ),
    ...[2.0000000000000004, 3, { s: 9 }].map((v) =>
      policyInput({ environment: { tier: 'prod' }, action: { actionId: 'waf_strictness', params: { strictness: v } } }),
    ),
    policyInput({ action: { params: { cidrs: [{ b: 1, a: 2 }, 10] } } }),
    policyInput({ action: { params: { block_cidrs: ['203.0.113.0/24', { a: '<' }] } } }),
    policyInput({ action: { params: { tenant: '<globex>' } } }),
  ];
}

export function gatekeeperEdgeInputs(): GatekeeperInput[] {
  const odd = (v: unknown) => v as never;
  return [
    ...[0.9, 0.8999999999999999, 0.7, 0.6999999999999999, 0.1 + 0.2, 1e-7, 5e-324, 1, 0].map((c) => gatekeeperInput(c)),
    ...[0.95, 0.9499999999999998].map((c) => gatekeeperInput(c, { environment: { tier: 'prod' } })),
    ...['waf<1>&', 'id\u2028', 12345678901234567890, 1e21, -0, odd({ b: 1, a: 2 }), odd([1, { a: 1 }]), odd(null)].map((id) =>
      gatekeeperInput(0.95, { rule: { id: odd(id), verified: false } }),
    ),
    ...[0.001, 0.0009999999999999998, 0.1 + 0.2, odd({ a: 1 }), odd('0.0001')].map((fp) => gatekeeperInput(0.95, { rule: { fp_rate: fp } })),
    ...['xss<script>', '\u2028', 'é'].map((c) => gatekeeperInput(0.95, { rule: { attack_class: c } })),
    ...['simulate&', 'tag<'].map((v) => gatekeeperInput(0.95, { evidence: { verdict: v } })),
    ...['<prod>', 'prod\u2029', odd({ t: 1 }), 'prod', 'default'].map((t) => gatekeeperInput(0.95, { environment: { tier: t } })),
    ...[[], [odd({ a: 1 })], ['😀', 'a']].map((f) => gatekeeperInput(0.95, { rule: { families: f } })),
    odd({ rule: { id: 1 } }),
    odd([]),
    odd(42),
  ];
}
