import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPolicyInput } from '../policy-input';
import { parseEnvironmentSpec } from '../twin/spec';
import { initialControls, inverseAction } from '../twin/controls';

const load = (name: string) => parseEnvironmentSpec(readFileSync(new URL(`../../../environments/${name}.yaml`, import.meta.url), 'utf8'));
const change = { requester: 'alice', tags: {}, blastRadius: 1 };
const input = (name: string, actionId: string, target: string, params: Record<string, unknown> = {}) =>
  buildPolicyInput(load(name), { actionId, target, params }, change);

describe('policy input: use-case facts', () => {
  it('names the must-have controls a change would leave unmet, from inverses and from restores', () => {
    expect(input('compliance-advisor', 'allow_legacy_tls', 'records-api').action.params.weakened_controls).toEqual(['tls12']);
    expect(input('compliance-advisor', 'enforce_tls12', 'records-api', { restore: { tlsMinVersion: '1.1' } }).action.params.weakened_controls).toEqual(['tls12']);
    expect(input('compliance-advisor', 'enforce_tls12', 'records-api').action.params).not.toHaveProperty('weakened_controls');
    expect(input('compliance-advisor', 'enable_logging', 'records-db').context.compliance_baseline).toEqual(['encryption_at_rest', 'tls12', 'audit_logging', 'mfa']);
  });

  it('flags pipeline permission changes, scanning switched off, irreversibility', () => {
    const runner = input('ci-supply-chain', 'restrict_runner_permissions', 'infra-deploy').action;
    expect(runner).toMatchObject({ pipelinePermissions: true, disablesScanning: false, reversible: true });
    expect(input('ci-supply-chain', 'disable_secret_scanning', 'app-release').action.disablesScanning).toBe(true);
    expect(input('ci-supply-chain', 'enable_secret_scanning', 'app-release', { restore: { secretScanning: false } }).action.params.disables_scanning).toBe(true);
    expect(input('ci-supply-chain', 'rotate_build_secrets', 'infra-deploy').action.reversible).toBe(false);
  });

  it('carries the WAF cap of the tier and the partner routes of the target only', () => {
    const partner = input('edge-waf', 'waf_block_mode', 'partner-api');
    expect(partner.context.waf_max_strictness).toBe(2);
    expect(partner.context.partner_routes?.map((r) => r.path)).toEqual(['/partner/orders', '/partner/invoices']);
    expect(input('edge-waf', 'waf_block_mode', 'storefront').context.partner_routes).toEqual([]);
  });

  it('carries the exception of the target, the tier budget domains and the incident threshold', () => {
    expect(input('sandbox', 'drop_capabilities', 'node-agent').context.exception).toEqual({ reason: expect.stringMatching(/CNI/) });
    expect(input('sandbox', 'drop_capabilities', 'worker').context.exception).toBeNull();
    expect(input('stage-platform', 'read_only_root_fs', 'log-shipper').context.exception).not.toBeNull();
    expect(input('stage-platform', 'set_resource_limits', 'log-shipper').context.exception).toBeNull();
    expect(input('incident-response', 'isolate_segment', 'reminders').context.containment_min_severity).toBe(7);
    expect(input('ci-supply-chain', 'pin_dependencies', 'docs-site').context.allowed_domains).toEqual([]);
  });

  it('names grants that reach another tenant, also when a rollback restores them', () => {
    const spec = load('stage-platform');
    expect(input('stage-platform', 'grant_permissions', 'acme-sa', { permissions: ['db:globex', 'db:acme'] }).action.params.cross_tenant_permissions).toEqual(['db:globex']);
    const removal = { actionId: 'remove_unused_permissions', target: 'acme-sa', params: {} };
    const rollback = inverseAction(spec, initialControls(spec), removal);
    expect(buildPolicyInput(spec, rollback, change).action.params.cross_tenant_permissions).toEqual(['db:globex']);
  });
});
