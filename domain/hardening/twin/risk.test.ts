import { describe, expect, it } from 'vitest';
import type { ProposedAction, SecurityDomain } from '../types';
import { SAMPLE_NAMES, loadSample } from '../test-support';
import { applyAction, initialControls } from './controls';
import { computeRiskState, FEATURE_DOMAINS, FEATURE_NAMES } from './risk';
import { sampleTelemetry } from './telemetry';

const sandbox = loadSample('sandbox');
const c0 = initialControls(sandbox);

describe('computeRiskState', () => {
  it.each(SAMPLE_NAMES)('%s: features in [0,1], vector = [1, ...features], real risk in every domain', (name) => {
    const spec = loadSample(name);
    const r = computeRiskState(spec, initialControls(spec), spec.telemetry);
    expect(Object.keys(r.features)).toEqual(FEATURE_NAMES);
    expect(r.vector).toEqual([1, ...FEATURE_NAMES.map((n) => r.features[n])]);
    for (const v of r.vector) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of r.vector) expect(v).toBeLessThanOrEqual(1);
    for (const d of ['network', 'workload', 'iam', 'compliance'] as SecurityDomain[]) expect(r.domainRisk[d]).toBeGreaterThan(0.2);
    expect(r.totalRisk).toBeGreaterThan(0.3);
  });

  it('names features per domain', () => {
    expect(new Set(Object.values(FEATURE_DOMAINS))).toEqual(new Set(['network', 'workload', 'iam', 'compliance', 'supply_chain', 'waf']));
    expect(FEATURE_NAMES.length).toBeGreaterThanOrEqual(20);
  });

  const cases: [ProposedAction, SecurityDomain, string][] = [
    [{ actionId: 'restrict_ingress', target: 'api', params: {} }, 'network', 'net_public_ingress'],
    [{ actionId: 'close_port', target: 'redis', params: {} }, 'network', 'net_exposed_ports'],
    [{ actionId: 'allowlist_service_to_service', target: 'db', params: {} }, 'network', 'net_lateral_movement'],
    [{ actionId: 'drop_capabilities', target: 'worker', params: {} }, 'workload', 'wl_privileged'],
    [{ actionId: 'restricted_pod_security', target: 'worker', params: {} }, 'workload', 'wl_host_access'],
    [{ actionId: 'set_resource_limits', target: 'api', params: {} }, 'workload', 'wl_missing_limits'],
    [{ actionId: 'remove_unused_permissions', target: 'api-sa', params: {} }, 'iam', 'iam_unused_permissions'],
    [{ actionId: 'enforce_mfa', target: 'dev-alice', params: {} }, 'iam', 'iam_mfa_gap'],
    [{ actionId: 'rotate_credentials', target: 'worker-sa', params: {} }, 'iam', 'iam_stale_credentials'],
    [{ actionId: 'enable_encryption_at_rest', target: 'db', params: {} }, 'compliance', 'comp_encryption'],
    [{ actionId: 'enforce_tls12', target: 'api', params: {} }, 'compliance', 'comp_weak_tls'],
    [{ actionId: 'enable_logging', target: 'db', params: {} }, 'compliance', 'comp_missing_logging'],
    [{ actionId: 'read_only_root_fs', target: 'worker', params: {} }, 'workload', 'wl_root_filesystem'],
    [{ actionId: 'run_as_non_root', target: 'api', params: {} }, 'workload', 'wl_root_filesystem'],
    [{ actionId: 'scope_role_to_resources', target: 'api-sa', params: {} }, 'iam', 'iam_unscoped_roles'],
    [{ actionId: 'enforce_signed_artifacts', target: 'ci', params: {} }, 'supply_chain', 'sc_unsigned_artifacts'],
    [{ actionId: 'pin_dependencies', target: 'ci', params: {} }, 'supply_chain', 'sc_unpinned_dependencies'],
    [{ actionId: 'restrict_runner_permissions', target: 'ci', params: {} }, 'supply_chain', 'sc_runner_privilege'],
    [{ actionId: 'enable_secret_scanning', target: 'ci', params: {} }, 'supply_chain', 'sc_secret_exposure'],
    [{ actionId: 'increase_waf_strictness', target: 'web', params: { strictness: 2 } }, 'waf', 'waf_attack_pressure'],
    [{ actionId: 'waf_block_mode', target: 'web', params: {} }, 'waf', 'waf_attack_pressure'],
    [{ actionId: 'add_rate_limit', target: 'web', params: {} }, 'waf', 'waf_bot_pressure'],
  ];
  it.each(cases)('%o lowers %s risk through %s, and nothing rises', (action, domain, feature) => {
    const before = computeRiskState(sandbox, c0, sandbox.telemetry);
    const after = computeRiskState(sandbox, applyAction(sandbox, c0, action), sandbox.telemetry);
    expect(after.features[feature]).toBeLessThan(before.features[feature]);
    expect(after.domainRisk[domain]).toBeLessThan(before.domainRisk[domain]);
    expect(after.totalRisk).toBeLessThan(before.totalRisk);
    for (const n of FEATURE_NAMES) expect(after.features[n]).toBeLessThanOrEqual(before.features[n]);
  });

  it('tenant segmentation lowers tenant exposure in a multi-tenant environment only', () => {
    const stage = loadSample('stage-platform');
    const s0 = initialControls(stage);
    const before = computeRiskState(stage, s0, stage.telemetry);
    const after = computeRiskState(stage, applyAction(stage, s0, { actionId: 'segment_tenant_network', target: 'shared-db', params: {} }), stage.telemetry);
    expect(after.features.net_tenant_exposure).toBeLessThan(before.features.net_tenant_exposure);
    expect(computeRiskState(sandbox, c0, sandbox.telemetry).features.net_tenant_exposure).toBe(0);
  });

  it('a domain with nothing to harden does not dilute the total', () => {
    const noPipeline = { ...sandbox, assets: sandbox.assets.filter((a) => a.kind !== 'pipeline'), edges: sandbox.edges.filter((e) => e.from !== 'ci'),
      criticalFlows: sandbox.criticalFlows.filter((f) => f.id !== 'deploy') };
    const r = computeRiskState(noPipeline, initialControls(noPipeline), noPipeline.telemetry);
    expect(r.domainRisk.supply_chain).toBe(0);
    const others = (['network', 'workload', 'iam', 'compliance', 'waf'] as SecurityDomain[]).map((d) => r.domainRisk[d]);
    expect(r.totalRisk).toBeCloseTo(others.reduce((a, b) => a + b, 0) / others.length, 5);
  });

  it('telemetry pressure raises risk for the same controls', () => {
    const calm = computeRiskState(sandbox, c0, { ...sandbox.telemetry, failed_scans: 0, inbound_spike: 0, anomalous_api_calls: 0 });
    const loud = computeRiskState(sandbox, c0, { ...sandbox.telemetry, failed_scans: 80, inbound_spike: 1, anomalous_api_calls: 60 });
    expect(loud.totalRisk).toBeGreaterThan(calm.totalRisk);
  });
});

describe('sampleTelemetry', () => {
  it('is deterministic per seed and varies across seeds', () => {
    expect(sampleTelemetry(sandbox, 42)).toEqual(sampleTelemetry(sandbox, 42));
    const distinct = new Set([1, 2, 3, 4, 5].map((s) => JSON.stringify(sampleTelemetry(sandbox, s))));
    expect(distinct.size).toBe(5);
  });

  it('jitters around the baseline without changing structural booleans', () => {
    for (let seed = 0; seed < 50; seed++) {
      const t = sampleTelemetry(sandbox, seed);
      const b = sandbox.telemetry;
      expect(t.public_ingress).toBe(b.public_ingress);
      expect(t.encryption_at_rest).toBe(b.encryption_at_rest);
      expect(t.failed_scans).toBeGreaterThanOrEqual(Math.floor(b.failed_scans * 0.75));
      expect(t.failed_scans).toBeLessThanOrEqual(Math.ceil(b.failed_scans * 1.25));
      expect(Number.isInteger(t.privileged_pods)).toBe(true);
      expect(t.inbound_spike).toBeGreaterThanOrEqual(0);
      expect(t.inbound_spike).toBeLessThanOrEqual(1);
      expect(t.unused_permissions_pct).toBeLessThanOrEqual(100);
    }
  });
});
