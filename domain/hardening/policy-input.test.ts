import { describe, expect, it } from 'vitest';
import { loadSample } from './test-support';
import { buildPolicyInput } from './policy-input';
import { initialControls, inverseAction } from './twin/controls';

const sandbox = loadSample('sandbox');
const change = { requester: 'alice', tags: { change_ticket: 'CHG-1' }, blastRadius: 2 };

describe('buildPolicyInput', () => {
  it('carries everything the Rego rules read', () => {
    const input = buildPolicyInput(sandbox, { actionId: 'remove_unused_permissions', target: 'api-sa', params: { permissions: ['s3:*'] } }, change);
    expect(input).toEqual({
      action: {
        actionId: 'remove_unused_permissions', target: 'api-sa', params: { permissions: ['s3:*'] }, domain: 'iam', removesPermissions: true, weakens: false,
        reversible: true, pipelinePermissions: false, disablesScanning: false,
      },
      environment: { name: 'sandbox', tier: 'sandbox', tenant: 'shop' },
      target: { id: 'api-sa', kind: 'identity', namespace: 'shop', tenant: 'shop', roles: [] },
      change: { requester: 'alice', tags: { change_ticket: 'CHG-1' } },
      context: {
        blast_radius: 2, severity: 0, admin_cidrs: ['10.20.0.0/24'], protected_namespaces: ['kube-system'], break_glass_roles: ['breakglass-admin'],
        // The sandbox declares none of these sections but its exception list (not for api-sa).
        compliance_baseline: [], partner_routes: [], waf_max_strictness: null, allowed_domains: [], exception: null, containment_min_severity: null,
      },
    });
  });

  it('uses the asset tenant when it differs (tenant boundary)', () => {
    const stage = loadSample('stage-platform');
    const input = buildPolicyInput(stage, { actionId: 'enable_logging', target: 'acme-api', params: {} }, change);
    expect(input.target.tenant).toBe('acme');
    expect(input.environment.tenant).toBe('platform');
  });

  it('a compensation says it is one, and turning logging off is visible to the audit rule', () => {
    const inv = inverseAction(sandbox, initialControls(sandbox), { actionId: 'enable_logging', target: 'db', params: {} });
    const input = buildPolicyInput(sandbox, inv, change);
    expect(input.action.weakens).toBe(true);
    expect(input.action.params).toMatchObject({ compensation: true, audit_logging: false });
    expect(buildPolicyInput(sandbox, { actionId: 'disable_logging', target: 'db', params: {} }, change).action.params.audit_logging).toBe(false);
  });
});
