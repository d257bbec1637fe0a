// Containment actions, threat propagation and the ranking, on the incident lab and the samples.
import { describe, expect, it } from 'vitest';
import { ACTION_CATALOG, applyAction, candidateActions, driftControls, getAction, initialControls, inverseAction, simulate, verify } from '../hardening';
import { loadSample } from '../hardening/test-support';
import { CONTAINMENT_ACTION_IDS } from './actions';
import { cidrCovers } from './ipv4';
import { suspectProblem, threatPropagation, type Suspect } from './propagation';
import { rankContainment } from './rank';
import { loadIncidentLab } from './test-support';

const lab = loadIncidentLab();
const labControls = initialControls(lab);
const jobs: Suspect = { kind: 'workload', id: 'jobs' };
const source: Suspect = { kind: 'source', id: '198.51.100.9' };
const reached = (s: ReturnType<typeof threatPropagation>) => s.reached.map((r) => r.asset).sort();

describe('containment actions in the catalog', () => {
  it('has the five actions, each with an inverse, a reversibility flag and a cost', () => {
    for (const id of CONTAINMENT_ACTION_IDS) {
      const def = getAction(id)!;
      expect(def, id).toBeDefined();
      expect(def.containment).toBe(true);
      expect(def.reversible).toBe(true);
      expect(def.cost).toBeGreaterThan(0);
      const inverse = getAction(def.inverse)!;
      expect(inverse.inverse).toBe(id);
      expect(inverse).toMatchObject({ weakens: true, containment: true });
    }
  });

  it('is never proposed by the hardening agent nor reverted by drift', () => {
    for (const name of ['sandbox', 'stage-platform', 'prod-payments'] as const) {
      const spec = loadSample(name);
      const ids = candidateActions(spec, initialControls(spec)).map((a) => a.actionId);
      expect(ids.filter((id) => getAction(id)?.containment)).toEqual([]);
    }
    const spec = { ...lab, drift: { probability: 1 } };
    const held = applyAction(spec, labControls, { actionId: 'tighten_egress', target: 'jobs', params: {} });
    expect(driftControls(spec, held, () => 0).controls.assets.jobs.egressRestricted).toBe(true);
    expect(ACTION_CATALOG.filter((a) => a.containment && !a.weakens).map((a) => a.id).sort()).toEqual([...CONTAINMENT_ACTION_IDS].sort());
  });

  it('refuses a WAF block on a service without internet traffic, and bad sources', () => {
    expect(() => applyAction(lab, labControls, { actionId: 'block_waf_source', target: 'orders', params: { sources: ['1.2.3.4'] } })).toThrow(/no internet traffic/);
    expect(() => applyAction(lab, labControls, { actionId: 'block_waf_source', target: 'edge', params: { sources: ['1.2.3.400'] } })).toThrow(/out of range/);
  });
});

describe('threat propagation', () => {
  it('follows edges, east-west moves, credentials and permissions from the foothold', () => {
    const p = threatPropagation(lab, labControls, [jobs]);
    expect(reached(p)).toEqual(['jobs-sa', 'ledger-db', 'orders', 'orders-sa', 'secrets']);
    expect(p.reached.find((r) => r.asset === 'secrets')?.via).toBe('east-west jobs -> secrets in namespace app');
    expect(p.reached.find((r) => r.asset === 'ledger-db')).toMatchObject({ depth: 2, via: 'orders -> ledger-db:5432' });
    // critical orders + ledger-db weigh 3: (1 + 3 + 1 + 3 + 1) / (15 - 0)
    expect(p.score).toBe(Math.round((9 / 15) * 1e4) / 1e4);
  });

  it('drops to nothing when each containment control cuts the attacker off', () => {
    const cut = (actionId: string, target: string, params = {}) => applyAction(lab, labControls, { actionId, target, params });
    expect(threatPropagation(lab, cut('block_waf_source', 'edge', { sources: ['198.51.100.0/24'] }), [source]).reached).toEqual([]);
    expect(reached(threatPropagation(lab, cut('block_waf_source', 'edge', { sources: ['203.0.113.1'] }), [source]))).toContain('edge');
    expect(threatPropagation(lab, cut('quarantine_workload', 'jobs'), [jobs]).reached).toEqual([]);
    expect(reached(threatPropagation(lab, cut('isolate_segment', 'jobs'), [jobs]))).toEqual(['jobs-sa', 'ledger-db', 'orders', 'orders-sa']);
    expect(reached(threatPropagation(lab, cut('tighten_egress', 'jobs'), [jobs]))).not.toContain('secrets');
    expect(threatPropagation(lab, cut('disable_credentials', 'analyst'), [{ kind: 'identity', id: 'analyst' }]).reached).toEqual([]);
  });

  it('does not take a human behind MFA through iam permissions', () => {
    const sandbox = loadSample('sandbox');
    const p = threatPropagation(sandbox, initialControls(sandbox), [{ kind: 'identity', id: 'ci-deployer' }]);
    expect(reached(p)).toContain('dev-alice'); // no MFA
    expect(reached(p)).not.toContain('breakglass-admin');
  });

  it('names what is wrong with a suspect', () => {
    expect(suspectProblem(lab, [])).toEqual({ reason: 'invalid', message: expect.stringMatching(/at least one/) });
    expect(suspectProblem(lab, [{ kind: 'service', id: 'nope' }])).toEqual({ reason: 'not_found', message: 'suspects[0]: no asset "nope" in environment incident-lab' });
    expect(suspectProblem(lab, [{ kind: 'service', id: 'jobs' }])).toEqual({ reason: 'not_found', message: 'suspects[0]: no service "jobs" in environment incident-lab ("jobs" is a workload)' });
    expect(suspectProblem(lab, [{ kind: 'source', id: 'evil.example' }])).toEqual({ reason: 'invalid', message: expect.stringMatching(/not an IPv4/) });
    expect(suspectProblem(lab, [jobs, source])).toBeNull();
  });
});

describe('ranking containment actions', () => {
  it('ranks by propagation stopped per dependency impacted and records why', () => {
    const r = rankContainment(lab, labControls, [jobs, source]);
    expect(r.ranked.map((c) => c.key)).toEqual(['block_waf_source@edge', 'tighten_egress@jobs']);
    const [block, egress] = r.ranked;
    expect(block.ratio).toBeGreaterThan(egress.ratio);
    expect(block.stopped).toBe(Math.round((r.before.score - block.scoreAfter) * 1e4) / 1e4);
    expect(block.reason).toMatch(/^block_waf_source@edge: reach 7 → 5 assets .* stopped per dependency, cost 0\.05$/);
    const excluded = Object.fromEntries(r.excluded.map((c) => [c.key, c.reason]));
    expect(excluded['isolate_segment@jobs']).toMatch(/would break essential flow fulfilment/);
    expect(excluded['disable_credentials@jobs-sa']).toMatch(/would break essential flow fulfilment .*jobs-sa's credentials are disabled/);
  });

  it('divides by the dependencies impacted', () => {
    const stage = loadSample('stage-platform');
    const [q] = rankContainment(stage, initialControls(stage), [{ kind: 'workload', id: 'runner' }]).ranked;
    expect(q.key).toBe('quarantine_workload@runner');
    expect(q.impacted).toEqual(['build-cache']);
    expect(q.ratio).toBe(q.stopped);
  });

  it('skips what is already contained', () => {
    const held = applyAction(lab, labControls, { actionId: 'block_waf_source', target: 'edge', params: { sources: ['198.51.100.9'] } });
    expect(rankContainment(lab, held, [jobs, source]).ranked.map((c) => c.key)).toEqual(['tighten_egress@jobs']);
  });
});

describe('what the twin does not know', () => {
  it('tighten_egress@jobs passes the twin but breaks fulfilment in the environment; its inverse restores it', () => {
    const action = { actionId: 'tighten_egress', target: 'jobs', params: {} };
    expect(simulate(lab, labControls, action, lab.telemetry).pass_fail).toBe(true);
    const after = applyAction(lab, labControls, action);
    const v = verify(lab, labControls, after, lab.telemetry);
    expect(v.regression).toBe(true);
    expect(v.broken_flows).toEqual(['fulfilment']);
    expect(v.details[0]).toMatch(/jobs -> orders:9090: jobs's egress is restricted/);
    const restored = applyAction(lab, after, inverseAction(lab, labControls, action));
    expect(restored).toEqual(labControls);
  });
});

describe('cidrCovers', () => {
  it.each([
    ['198.51.100.0/24', '198.51.100.9', true],
    ['198.51.100.9', '198.51.100.9', true],
    ['198.51.100.0/24', '198.51.101.9', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['198.51.100.9', '198.51.100.0/24', false],
    ['nonsense', '1.2.3.4', false],
  ])('%s covers %s: %s', (outer, inner, want) => expect(cidrCovers(outer, inner)).toBe(want));
});
