import { describe, expect, it } from 'vitest';
import type { ProposedAction } from '../types';
import { candidateActions } from '../actions/validate';
import { SAMPLE_NAMES, loadSample } from '../test-support';
import { applyAction, initialControls } from './controls';
import { reachableFlows } from './reachability';
import { blastRadius, simulate, verify } from './simulate';

const sandbox = loadSample('sandbox');
const c0 = initialControls(sandbox);
const t = sandbox.telemetry;
const act = (actionId: string, target: string, params: Record<string, unknown> = {}): ProposedAction => ({ actionId, target, params });

describe('reachableFlows', () => {
  it.each(SAMPLE_NAMES)('%s: every critical flow works in both views at the start', (name) => {
    const spec = loadSample(name);
    const c = initialControls(spec);
    for (const view of ['twin', 'environment'] as const)
      expect(Object.values(reachableFlows(spec, c, view)).every(Boolean), view).toBe(true);
  });

  it('the views disagree only where an undocumented edge matters', () => {
    const c = applyAction(sandbox, c0, act('close_port', 'api', { ports: [8081] }));
    expect(reachableFlows(sandbox, c, 'twin')['order-fulfilment']).toBe(true);
    expect(reachableFlows(sandbox, c, 'environment')['order-fulfilment']).toBe(false);
  });
});

describe('simulate', () => {
  it('fails when a critical flow breaks (network)', () => {
    const r = simulate(sandbox, c0, act('restrict_ingress', 'web'), t);
    expect(r.pass_fail).toBe(false);
    expect(r.predicted_impact.broken_flows.sort()).toEqual(['browse', 'checkout']);
    expect(r.predicted_impact.slo_violations).toContain('critical flow checkout unavailable');
    expect(r.reasons.join(' ')).toContain('web no longer accepts traffic from the internet');
    expect(r.predicted_impact.breakage_risk).toBeGreaterThan(0.9);
  });

  it('fails on IAM: a non-interactive identity cannot do MFA; an "unused" permission a flow needs', () => {
    const mfa = simulate(sandbox, c0, act('enforce_mfa', 'ci-deployer'), t);
    expect(mfa.pass_fail).toBe(false);
    expect(mfa.predicted_impact.broken_flows).toEqual(['deploy']);
    const perms = simulate(sandbox, c0, act('remove_unused_permissions', 'reports-sa'), t);
    expect(perms.pass_fail).toBe(false);
    expect(perms.reasons.join(' ')).toContain('reports-sa lacks permission ledger:export');
  });

  it('fails on startup/health failures even off the critical paths (workload)', () => {
    const r = simulate(sandbox, c0, act('restricted_pod_security', 'node-agent'), t);
    expect(r.pass_fail).toBe(false);
    expect(r.predicted_impact.broken_flows).toEqual([]);
    expect(r.reasons.join(' ')).toMatch(/node-agent needs privileged mode/);
    const oom = simulate(sandbox, c0, act('set_resource_limits', 'worker', { memoryMi: 256 }), t);
    expect(oom.pass_fail).toBe(false);
    expect(oom.reasons.join(' ')).toMatch(/OOMKilled/);
  });

  it('fails when a legacy TLS client would lose its dependency (compliance)', () => {
    const r = simulate(sandbox, c0, act('enforce_tls12', 'db'), t);
    expect(r.pass_fail).toBe(false);
    expect(r.predicted_impact.broken_flows).toEqual(['settlement-report']);
  });

  it('passes a safe change, with every predicted_impact field filled', () => {
    const r = simulate(sandbox, c0, act('restrict_ingress', 'api'), t);
    expect(r.pass_fail).toBe(true);
    const p = r.predicted_impact;
    expect(p).toEqual({
      breakage_risk: expect.any(Number), blast_radius: 1, broken_flows: [], slo_violations: [],
      risk_before: expect.any(Number), risk_after: expect.any(Number),
    });
    expect(p.breakage_risk).toBeGreaterThan(0);
    expect(p.breakage_risk).toBeLessThanOrEqual(sandbox.slo.maxBreakageRisk);
    expect(p.risk_after).toBeLessThan(p.risk_before);
  });

  it('is stricter in prod for the same change', () => {
    const a = act('allowlist_service_to_service', 'api');
    const tight = { ...sandbox, slo: { ...sandbox.slo, maxBreakageRisk: 0.3 } };
    expect(simulate(tight, c0, a, t).pass_fail).toBe(true);
    const asProd = { ...tight, tier: 'prod' as const, drift: undefined };
    const r = simulate(asProd, c0, a, t);
    expect(r.pass_fail).toBe(false);
    expect(r.reasons.join(' ')).toMatch(/exceeds the prod budget/);
  });

  it('rejects invalid actions without throwing', () => {
    const r = simulate(sandbox, c0, act('enforce_mfa', 'api'), t);
    expect(r.pass_fail).toBe(false);
    expect(r.reasons[0]).toMatch(/invalid action/);
  });

  it('a no-op passes with zero blast radius and no breakage', () => {
    const c = applyAction(sandbox, c0, act('enable_logging', 'db'));
    const r = simulate(sandbox, c, act('enable_logging', 'db'), t);
    expect(r.pass_fail).toBe(true);
    expect(r.predicted_impact).toMatchObject({ blast_radius: 0, breakage_risk: 0 });
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(c0);
    for (const a of candidateActions(sandbox, c0)) simulate(sandbox, c0, a, t);
    expect(JSON.stringify(c0)).toBe(before);
  });
});

describe('blastRadius', () => {
  it('counts the assets whose reachability, health or permissions change', () => {
    expect(blastRadius(sandbox, c0, act('enable_encryption_at_rest', 'db'))).toBe(1);
    // The role and the workload running as it.
    expect(blastRadius(sandbox, c0, act('remove_unused_permissions', 'api-sa'))).toBe(2);
    // web stops answering the internet: everything on checkout and browse.
    expect(blastRadius(sandbox, c0, act('restrict_ingress', 'web'))).toBe(5);
    expect(blastRadius(sandbox, c0, act('nonsense', 'web'))).toBe(0);
  });
});

describe('verify', () => {
  it.each([
    ['close_port', 'api'],
    ['allowlist_service_to_service', 'api'],
  ])('catches the undocumented-edge regression of %s@%s that simulate misses', (actionId, target) => {
    const a = candidateActions(sandbox, c0).find((x) => x.actionId === actionId && x.target === target)!;
    expect(a).toBeDefined();
    expect(simulate(sandbox, c0, a, t).pass_fail).toBe(true);
    const v = verify(sandbox, c0, applyAction(sandbox, c0, a), t);
    expect(v.regression).toBe(true);
    expect(v.broken_flows).toEqual(['order-fulfilment']);
    expect(v.details[0]).toContain('worker -> api:8081');
  });

  it.each([
    ['prod-payments', 'close_port', 'ledger', 'reconciliation'],
    ['stage-platform', 'close_port', 'shared-cache', 'globex-orders'],
  ])('%s: %s@%s passes the twin and regresses %s', (name, actionId, target, flow) => {
    const spec = loadSample(name as 'prod-payments');
    const c = initialControls(spec);
    const a = candidateActions(spec, c).find((x) => x.actionId === actionId && x.target === target)!;
    expect(simulate(spec, c, a, spec.telemetry).pass_fail).toBe(true);
    expect(verify(spec, c, applyAction(spec, c, a), spec.telemetry).broken_flows).toEqual([flow]);
  });

  it('reports no regression and the new risk for a safe change', () => {
    const after = applyAction(sandbox, c0, act('restrict_ingress', 'api'));
    const v = verify(sandbox, c0, after, t);
    expect(v.regression).toBe(false);
    expect(v.broken_flows).toEqual([]);
    expect(v.risk_after).toBe(simulate(sandbox, c0, act('restrict_ingress', 'api'), t).predicted_impact.risk_after);
  });

  it('rolling back clears the regression', () => {
    const a = act('close_port', 'api', { ports: [22, 8081] });
    const broken = applyAction(sandbox, c0, a);
    expect(verify(sandbox, c0, broken, t).regression).toBe(true);
    expect(reachableFlows(sandbox, broken, 'environment')['order-fulfilment']).toBe(false);
  });

  it.each(SAMPLE_NAMES)('%s: whatever the twin passes, verify either agrees or names an undocumented edge', (name) => {
    const spec = loadSample(name);
    const c = initialControls(spec);
    for (const a of candidateActions(spec, c)) {
      if (!simulate(spec, c, a, spec.telemetry).pass_fail) continue;
      const v = verify(spec, c, applyAction(spec, c, a), spec.telemetry);
      if (v.regression) {
        const undocumented = spec.undocumentedEdges.map((e) => `${e.from} -> ${e.to}:${e.port}`);
        expect(undocumented.some((u) => v.details.join(' ').includes(u)), `${a.actionId}@${a.target}`).toBe(true);
      }
    }
  });
});
