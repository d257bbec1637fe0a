// The whole hardening loop on the domain alone, as the workflow strings it
// together: drift, snapshot, mask, choose, simulate, apply, verify, roll back, learn.
import { describe, expect, it } from 'vitest';
import { actionKey, getAction } from './actions/catalog';
import { candidateActions } from './actions/validate';
import { chooseAction, createAgentState, updateAgent } from './agent/bandit';
import { computeReward } from './reward';
import { seededRng } from '../rng';
import { loadSample } from './test-support';
import { applyAction, driftControls, initialControls, inverseAction } from './twin/controls';
import { reachableFlows } from './twin/reachability';
import { computeRiskState } from './twin/risk';
import { simulate, verify } from './twin/simulate';
import { sampleTelemetry } from './twin/telemetry';

describe('closed loop on the sandbox', () => {
  it('lowers risk, never applies what the twin refuses, and rolls back every regression', () => {
    const spec = loadSample('sandbox');
    const protectedAssets = new Set(spec.assets.filter((a) => spec.protectedNamespaces.includes(a.namespace)).map((a) => a.id));
    let controls = initialControls(spec);
    let agent = createAgentState({ epsilon: 0.2 });
    const initialRisk = computeRiskState(spec, controls, spec.telemetry).totalRisk;
    const outcomes: Record<string, number> = {};

    for (let cycle = 0; cycle < 120; cycle++) {
      const rng = seededRng(`cycle:${cycle}`);
      controls = driftControls(spec, controls, rng).controls;
      const telemetry = sampleTelemetry(spec, cycle);
      const risk = computeRiskState(spec, controls, telemetry);
      const candidates = candidateActions(spec, controls);
      // Stand-in for the policy gate: protected namespaces and break-glass roles.
      const masked = candidates.flatMap((c) => {
        if (protectedAssets.has(c.target) || spec.breakGlassRoles.includes(c.target)) return [{ key: actionKey(c), reason: 'policy' }];
        const sim = simulate(spec, controls, c, telemetry);
        return sim.pass_fail ? [] : [{ key: actionKey(c), reason: `twin: ${sim.reasons[0]}` }];
      });
      const choice = chooseAction(agent, risk, candidates, masked, rng);
      if (!choice.action) {
        outcomes.no_action = (outcomes.no_action ?? 0) + 1;
        continue;
      }
      const action = choice.action;
      const sim = simulate(spec, controls, action, telemetry);
      expect(sim.pass_fail, actionKey(action)).toBe(true);
      const compensation = inverseAction(spec, controls, action);
      const after = applyAction(spec, controls, action);
      const v = verify(spec, controls, after, telemetry);
      const outcome = v.regression ? 'rolled_back' : 'applied';
      controls = v.regression ? applyAction(spec, after, compensation) : after;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      const reward = computeReward({
        riskBefore: risk.totalRisk,
        riskAfter: v.regression ? risk.totalRisk : v.risk_after,
        breakageRisk: sim.predicted_impact.breakage_risk,
        cost: getAction(action.actionId)!.cost,
        regression: v.regression,
        outcome,
      });
      agent = updateAgent(agent, risk, action, reward.value);
      expect(Object.values(reachableFlows(spec, controls, 'environment')).every(Boolean)).toBe(true);
    }

    const finalRisk = computeRiskState(spec, controls, spec.telemetry).totalRisk;
    expect(finalRisk).toBeLessThan(initialRisk - 0.15);
    expect(outcomes.applied).toBeGreaterThan(40);
    expect(outcomes.rolled_back ?? 0).toBeGreaterThan(0);
    expect(agent.totalUpdates).toBe(120 - (outcomes.no_action ?? 0));
  });
});
