import { describe, expect, it } from 'vitest';
import type { ProposedAction } from '../types';
import { seededRng } from '../../rng';
import { SAMPLE_NAMES, loadSample } from '../test-support';
import { applyAction, initialControls, inverseAction, type Controls } from '../twin/controls';
import { ACTION_CATALOG, actionKey, getAction } from './catalog';
import { candidateActions, validateProposedAction } from './validate';

const hardening = ACTION_CATALOG.filter((a) => !a.weakens);
const REQUIRED = [
  'restrict_ingress', 'close_port', 'allowlist_service_to_service', 'drop_capabilities', 'set_resource_limits',
  'restricted_pod_security', 'remove_unused_permissions', 'enforce_mfa', 'rotate_credentials',
  'enable_encryption_at_rest', 'enforce_tls12', 'enable_logging',
  'segment_tenant_network', 'read_only_root_fs', 'run_as_non_root', 'scope_role_to_resources',
  'enforce_signed_artifacts', 'pin_dependencies', 'restrict_runner_permissions', 'enable_secret_scanning',
  'rotate_build_secrets', 'increase_waf_strictness', 'add_rate_limit', 'waf_block_mode',
];
const SIX_DOMAINS = ['network', 'workload', 'iam', 'compliance', 'supply_chain', 'waf'];

describe('catalog', () => {
  it('has at least 20 hardening actions across the six domains, each domain with several', () => {
    expect(hardening.map((a) => a.id)).toEqual(expect.arrayContaining(REQUIRED));
    expect(hardening.length).toBeGreaterThanOrEqual(20);
    for (const d of SIX_DOMAINS) expect(hardening.filter((a) => a.domain === d).length, d).toBeGreaterThanOrEqual(3);
    // Other helpers may add domains (containment); these six must all be there.
    expect([...new Set(hardening.map((a) => a.domain))]).toEqual(expect.arrayContaining(SIX_DOMAINS));
  });

  it('marks pipeline permission changes (both ways) and disabling a scanning step', () => {
    expect(getAction('restrict_runner_permissions')!.pipelinePermissions).toBe(true);
    expect(getAction('elevate_runner_permissions')!.pipelinePermissions).toBe(true);
    expect(getAction('pin_dependencies')!.pipelinePermissions).toBe(false);
    expect(getAction('disable_secret_scanning')!.disablesScanning).toBe(true);
    expect(ACTION_CATALOG.filter((a) => a.disablesScanning).map((a) => a.id)).toEqual(['disable_secret_scanning']);
    expect(getAction('rotate_build_secrets')!.reversible).toBe(false);
    expect(getAction('scope_role_to_resources')!.removesPermissions).toBe(true);
  });

  it('ids are unique', () => {
    expect(new Set(ACTION_CATALOG.map((a) => a.id)).size).toBe(ACTION_CATALOG.length);
  });

  it.each(ACTION_CATALOG.map((a) => [a.id, a] as const))('%s has a catalog inverse that points back', (_id, a) => {
    const inv = getAction(a.inverse);
    expect(inv).toBeDefined();
    expect(inv!.inverse).toBe(a.id);
    expect(inv!.weakens).toBe(!a.weakens);
    expect(inv!.domain).toBe(a.domain);
    expect(inv!.fields).toEqual(a.fields);
    expect(a.cost).toBeGreaterThan(0);
    expect(a.cost).toBeLessThanOrEqual(1);
  });

  it('flags permission removal and irreversibility', () => {
    expect(getAction('remove_unused_permissions')!.removesPermissions).toBe(true);
    expect(getAction('grant_permissions')!.removesPermissions).toBe(false);
    expect(getAction('rotate_credentials')!.reversible).toBe(false);
    expect(getAction('restrict_ingress')!.reversible).toBe(true);
  });

  it('actionKey', () => {
    expect(actionKey({ actionId: 'close_port', target: 'api', params: { ports: [22] } })).toBe('close_port@api');
  });
});

describe.each(SAMPLE_NAMES)('actions on %s', (name) => {
  const spec = loadSample(name);
  const c0 = initialControls(spec);
  const candidates = candidateActions(spec, c0);

  it('candidates are valid hardenings, one per action and target, that change something', () => {
    expect(candidates.length).toBeGreaterThan(20);
    expect(new Set(candidates.map(actionKey)).size).toBe(candidates.length);
    for (const a of candidates) {
      expect(getAction(a.actionId)!.weakens).toBe(false);
      expect(validateProposedAction(spec, c0, a)).toBeNull();
      expect(applyAction(spec, c0, a)).not.toEqual(c0);
    }
  });

  it('applying an action twice equals applying it once', () => {
    for (const a of candidates) {
      const once = applyAction(spec, c0, a);
      expect(applyAction(spec, once, a), actionKey(a)).toEqual(once);
    }
  });

  it('apply then inverse restores the controls, and the inverse is itself undoable', () => {
    for (const a of candidates) {
      const after = applyAction(spec, c0, a);
      const inv = inverseAction(spec, c0, a);
      expect(inv.actionId).toBe(getAction(a.actionId)!.inverse);
      expect(validateProposedAction(spec, after, inv), actionKey(a)).toBeNull();
      expect(applyAction(spec, after, inv), actionKey(a)).toEqual(c0);
      // Rolling back the rollback re-applies the change.
      expect(applyAction(spec, c0, inverseAction(spec, after, inv))).toEqual(after);
    }
  });

  it('round-trips hold on random walks, not only from the initial state', () => {
    const rng = seededRng(`walk:${name}`);
    let c: Controls = c0;
    for (let step = 0; step < 200; step++) {
      const options = candidateActions(spec, c);
      if (options.length === 0) break;
      const a = options[Math.floor(rng() * options.length)];
      const after = applyAction(spec, c, a);
      expect(applyAction(spec, after, inverseAction(spec, c, a))).toEqual(c);
      // Mostly move forward; sometimes undo, so weakened states are visited too.
      c = rng() < 0.8 ? after : applyAction(spec, c, inverseAction(spec, c, a));
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    }
  });

  it('hardening every candidate eventually leaves nothing to propose', () => {
    let c = c0;
    for (let i = 0; i < 500; i++) {
      const [a] = candidateActions(spec, c);
      if (!a) break;
      c = applyAction(spec, c, a);
    }
    expect(candidateActions(spec, c)).toEqual([]);
  });
});

describe('validateProposedAction', () => {
  const spec = loadSample('sandbox');
  const c = initialControls(spec);
  const check = (a: Partial<ProposedAction>) => validateProposedAction(spec, c, { params: {}, ...a } as ProposedAction);

  it('accepts a valid action', () => {
    expect(check({ actionId: 'close_port', target: 'api', params: { ports: [22] } })).toBeNull();
  });

  it('names what is wrong', () => {
    expect(check({ actionId: 'nuke', target: 'api' })).toMatch(/unknown action id "nuke"/);
    expect(check({ actionId: 'close_port', target: 'mainframe' })).toMatch(/unknown target "mainframe"/);
    expect(check({ actionId: 'enforce_mfa', target: 'api' })).toMatch(/enforce_mfa cannot target service "api"/);
    expect(check({ actionId: 'close_port', target: 'api', params: { ports: ['22'] } })).toMatch(/^params\.ports\.0:/);
    expect(check({ actionId: 'close_port', target: 'api', params: { port: 22 } })).toMatch(/params\.port/);
    expect(check({ actionId: 'close_port', target: 'api', params: { ports: [9999] } })).toMatch(/port 9999 is not a port of "api"/);
    expect(check({ actionId: 'restrict_ingress', target: 'api', params: { allowed_cidrs: ['everyone'] } })).toMatch(/allowed_cidrs/);
    expect(check({ actionId: 'open_ingress', target: 'api', params: { restore: { mfa: true } } })).toMatch(/params\.restore\.mfa/);
    expect(check({ actionId: 'open_ingress', target: 'api', params: { restore: { ingress: 'wide open' } } })).toMatch(/params\.restore\.ingress/);
    expect(check({ actionId: 'rotate_credentials', target: 'payments-sa', params: { generation: 0 } })).toMatch(/generation/);
    expect(check({ actionId: 'increase_waf_strictness', target: 'web', params: { strictness: 5 } })).toMatch(/^params\.strictness:/);
    expect(check({ actionId: 'increase_waf_strictness', target: 'web', params: { strictness: 0 } })).toMatch(/^params\.strictness:/);
    expect(check({ actionId: 'decrease_waf_strictness', target: 'web', params: { strictness: 3 } })).toMatch(/above the current level 1/);
    expect(check({ actionId: 'enforce_signed_artifacts', target: 'web' })).toMatch(/cannot target service "web"/);
    expect(check({ actionId: 'add_rate_limit', target: 'web', params: { rps: -1 } })).toMatch(/^params\.rps:/);
  });

  it('WAF strictness only goes up through increase and down through decrease', () => {
    const up = applyAction(spec, c, { actionId: 'increase_waf_strictness', target: 'web', params: { strictness: 3 } });
    expect(up.assets.web.wafStrictness).toBe(3);
    expect(check({ actionId: 'increase_waf_strictness', target: 'web', params: {} })).toBeNull();
    expect(validateProposedAction(spec, up, { actionId: 'increase_waf_strictness', target: 'web', params: { strictness: 2 } })).toMatch(/below the current level 3/);
    const down = applyAction(spec, up, { actionId: 'decrease_waf_strictness', target: 'web', params: {} });
    expect(down.assets.web.wafStrictness).toBe(1);
  });

  it('rotation is idempotent without an explicit generation', () => {
    const a = { actionId: 'rotate_credentials', target: 'payments-sa', params: {} };
    const once = applyAction(spec, c, a);
    expect(once.assets['payments-sa']).toMatchObject({ credentialGeneration: 1, credentialsStale: false });
    expect(applyAction(spec, once, a)).toEqual(once);
  });

  it('applyAction refuses invalid actions instead of guessing', () => {
    expect(() => applyAction(spec, c, { actionId: 'enforce_mfa', target: 'api', params: {} })).toThrow(/cannot target/);
  });
});
