import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProposedAction } from '../../types';
import { applyAction, initialControls, inverseAction } from '../controls';
import { simulate, verify } from '../simulate';
import { parseEnvironmentSpec, type EnvironmentSpec } from '../spec';
import { criticalAccess, driftFromDesired, schedulingIssues, tenantLeaks } from './access';
import { dependents, flowsTouching } from './graph';
import { newSloViolations, sloReport, WAF_MS_PER_LEVEL } from './slo';

const load = (name: string): EnvironmentSpec =>
  parseEnvironmentSpec(readFileSync(new URL(`../../../../environments/${name}.yaml`, import.meta.url), 'utf8'));
const act = (actionId: string, target: string, params: Record<string, unknown> = {}): ProposedAction => ({ actionId, target, params });

describe('blast radius through the graph', () => {
  const spec = load('incident-response');
  it('reaches direct callers at depth 1 and their callers further out; identities reach the assets running as them', () => {
    const deps = dependents(spec, 'records-db');
    expect(deps.find((d) => d.asset === 'appointments')).toEqual({ asset: 'appointments', depth: 1, via: 'records-db' });
    for (const caller of ['portal', 'scheduler', 'reminders']) expect(deps.find((d) => d.asset === caller)).toMatchObject({ depth: 2, via: 'appointments' });
    expect(deps.map((d) => d.asset)).not.toContain('records-db');
    expect(dependents(spec, 'appointments-sa').map((d) => d.asset)).toEqual(expect.arrayContaining(['appointments', 'portal', 'scheduler', 'reminders']));
    expect(dependents(spec, 'audit-log').map((d) => d.asset)).toContain('appointments');
  });
  it('the environment view follows undocumented edges too; flows touching the radius are named', () => {
    const sandbox = load('sandbox');
    expect(dependents(sandbox, 'api', 'environment').length).toBeGreaterThanOrEqual(dependents(sandbox, 'api').length);
    expect(flowsTouching(spec, ['records-db']).sort()).toEqual(['book-appointment', 'read-record']);
  });
});

describe('SLO budgets for latency and availability', () => {
  const spec = load('edge-waf');
  const c0 = initialControls(spec);
  it('adds latency along the path and multiplies availability', () => {
    const r = sloReport(spec, c0).find((x) => x.flow === 'shop-checkout')!;
    const hops = ['storefront', 'checkout', 'orders-db'].map((id) => spec.assets.find((a) => a.id === id)!);
    expect(r.latencyMs).toBe(hops.reduce((s, a) => s + (a.latencyMs ?? 0), 0) + (c0.assets.storefront.wafStrictness ?? 0) * WAF_MS_PER_LEVEL);
    expect(r.availability).toBeCloseTo(hops.reduce((p, a) => p * (a.availability ?? 1), 1), 6);
    expect(r.violations).toEqual([]);
  });
  it('a stricter WAF that eats the latency budget is a new violation, and simulate refuses it', () => {
    const base = sloReport(spec, c0).find((x) => x.flow === 'shop-checkout')!.latencyMs;
    const tight: EnvironmentSpec = { ...spec, criticalFlows: spec.criticalFlows.map((f) => (f.id === 'shop-checkout' ? { ...f, slo: { latencyMs: base + WAF_MS_PER_LEVEL } } : f)) };
    const up2 = act('increase_waf_strictness', 'storefront', { strictness: 2 });
    const up3 = act('increase_waf_strictness', 'storefront', { strictness: 3 });
    expect(newSloViolations(tight, c0, applyAction(tight, c0, up2))).toEqual([]);
    expect(newSloViolations(tight, c0, applyAction(tight, c0, up3))).toEqual([expect.stringMatching(/shop-checkout latency .* exceeds its budget/)]);
    const sim = simulate(tight, c0, up3, tight.telemetry);
    expect(sim.pass_fail).toBe(false);
    expect(sim.reasons.join('\n')).toMatch(/SLO budget: flow shop-checkout latency/);
  });
  it('an availability target below the product of its hops is reported', () => {
    const strict: EnvironmentSpec = { ...spec, criticalFlows: spec.criticalFlows.map((f) => ({ ...f, slo: { availability: 0.9999 } })) };
    expect(sloReport(strict, c0).every((r) => !r.availabilityOk && r.violations.some((v) => v.includes('availability')))).toBe(true);
  });
});

describe('access of critical workflows through IAM', () => {
  const spec = load('sandbox');
  const c0 = initialControls(spec);
  it('every flow is granted at the start; a removed permission or MFA on a service identity denies it', () => {
    expect(criticalAccess(spec, c0).every((a) => a.granted)).toBe(true);
    const noExport = criticalAccess(spec, applyAction(spec, c0, act('remove_unused_permissions', 'reports-sa')));
    expect(noExport.find((a) => a.flow === 'settlement-report')).toMatchObject({ granted: false, reason: 'reports-sa lacks ledger:export' });
    const mfa = criticalAccess(spec, applyAction(spec, c0, act('enforce_mfa', 'payments-sa')));
    expect(mfa.find((a) => a.flow === 'checkout')).toMatchObject({ granted: false, reason: expect.stringMatching(/cannot satisfy MFA/) });
  });
});

describe('scheduling under resource limits', () => {
  const spec = load('compliance-advisor');
  const c0 = initialControls(spec);
  it('a CPU limit below the request, or limits beyond the node pool, do not schedule; simulate refuses them', () => {
    expect(schedulingIssues(spec, c0)).toEqual([]);
    const defaults = act('set_resource_limits', 'indexer');
    expect(schedulingIssues(spec, applyAction(spec, c0, defaults))).toEqual([expect.stringMatching(/^indexer: CPU limit 500m < request 1500m/)]);
    expect(simulate(spec, c0, defaults, spec.telemetry).pass_fail).toBe(false);
    const fits = act('set_resource_limits', 'indexer', { cpu: '2', memoryMi: 4096 });
    expect(schedulingIssues(spec, applyAction(spec, c0, fits))).toEqual([]);
    const tooBig = act('set_resource_limits', 'indexer', { cpu: '2', memoryMi: 9000 });
    expect(schedulingIssues(spec, applyAction(spec, c0, tooBig))).toEqual([expect.stringMatching(/memory limits total 9000Mi exceed the node pool's 8192Mi/)]);
  });
});

describe('tenant boundaries', () => {
  const spec = load('stage-platform');
  const c0 = initialControls(spec);
  it('finds cross-tenant grants, and they go once the unused permission is removed', () => {
    expect(tenantLeaks(spec, c0)).toEqual([expect.objectContaining({ kind: 'permission', from: 'acme-sa', to: 'globex' })]);
    expect(tenantLeaks(spec, applyAction(spec, c0, act('remove_unused_permissions', 'acme-sa')))).toEqual([]);
  });
  it('a tenant-to-tenant edge leaks until the callee is segmented; shared platform assets never count', () => {
    const leaky: EnvironmentSpec = { ...spec, edges: [...spec.edges, { from: 'acme-api', to: 'globex-api', port: 8080 }] };
    const edgeLeaks = (c = initialControls(leaky)) => tenantLeaks(leaky, c).filter((l) => l.kind === 'edge');
    expect(edgeLeaks()).toEqual([expect.objectContaining({ from: 'acme-api', to: 'globex-api' })]);
    expect(edgeLeaks(applyAction(leaky, initialControls(leaky), act('segment_tenant_network', 'globex-api')))).toEqual([]);
    expect(tenantLeaks(leaky, initialControls(leaky)).some((l) => l.to === 'shared-db')).toBe(false);
  });
});

describe('drift against the desired state', () => {
  const spec = load('incident-response');
  const c0 = initialControls(spec);
  it('names each field off its desired value, and a hardening that reaches it clears that field', () => {
    const drift = driftFromDesired(spec, c0);
    expect(drift).toEqual(expect.arrayContaining([
      { asset: 'appointments', field: 'tlsMinVersion', desired: '1.2', actual: '1.1' },
      { asset: 'records-db', field: 'encryptionAtRest', desired: true, actual: false },
    ]));
    const after = driftFromDesired(spec, applyAction(spec, c0, act('enforce_tls12', 'appointments')));
    expect(after.some((d) => d.asset === 'appointments' && d.field === 'tlsMinVersion')).toBe(false);
    expect(after.length).toBe(drift.length - 1);
    expect(driftFromDesired(load('edge-waf'), initialControls(load('edge-waf')))).toEqual([]);
  });
});

describe('truths the twin lacks', () => {
  const spec = load('incident-response');
  const c0 = initialControls(spec);
  it('a flaky dependency: the twin predicts a safe change, the environment regresses, the inverse restores it', () => {
    const limits = act('set_resource_limits', 'appointments');
    expect(simulate(spec, c0, limits, spec.telemetry).pass_fail).toBe(true);
    const after = applyAction(spec, c0, limits);
    const v = verify(spec, c0, after, spec.telemetry);
    expect(v.regression).toBe(true);
    expect(v.broken_flows).toEqual(['schedule-sync']);
    expect(v.details.join('\n')).toMatch(/flaky dependency fails after set_resource_limits on appointments/);
    expect(verify(spec, after, applyAction(spec, after, inverseAction(spec, c0, limits)), spec.telemetry).regression).toBe(false);
  });
  it('the tier risk budget, when stated, is the one simulate applies', () => {
    const tight: EnvironmentSpec = { ...spec, riskBudgets: { sandbox: { maxBreakageRisk: 0.01 } } };
    const sim = simulate(tight, c0, act('enforce_tls12', 'appointments'), tight.telemetry);
    expect(sim.pass_fail).toBe(false);
    expect(sim.reasons.join('\n')).toMatch(/riskBudgets\.sandbox\.maxBreakageRisk 0\.01/);
  });
});
