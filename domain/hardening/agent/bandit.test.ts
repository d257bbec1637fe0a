import { describe, expect, it } from 'vitest';
import type { ProposedAction, RiskState } from '../types';
import { actionKey } from '../actions/catalog';
import { candidateActions } from '../actions/validate';
import { seededRng } from '../../rng';
import { loadSample } from '../test-support';
import { initialControls } from '../twin/controls';
import { computeRiskState, FEATURE_NAMES } from '../twin/risk';
import { actionProbabilities, alignFeatures, chooseAction, createAgentState, retuneAgent, updateAgent, type AgentState } from './bandit';

const sandbox = loadSample('sandbox');
const c0 = initialControls(sandbox);
const risk = computeRiskState(sandbox, c0, sandbox.telemetry);
const candidates = candidateActions(sandbox, c0);
const a = (actionId: string, target = 't'): ProposedAction => ({ actionId, target, params: {} });

function riskWith(features: number[]): RiskState {
  const f = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, features[i] ?? 0]));
  return { features: f, vector: [1, ...FEATURE_NAMES.map((n) => f[n])], domainRisk: { network: 0, workload: 0, iam: 0, compliance: 0, supply_chain: 0, waf: 0 }, totalRisk: 0 };
}

const REWARDS: Record<string, number> = { restrict_ingress: 0.6, enable_logging: 0.1, close_port: -0.3, enforce_mfa: 0.3 };
/** Candidates whose arms `trained` has taught (untried arms would win on their optimistic prior). */
const known = candidates.filter((c) => c.actionId in REWARDS);

/** An agent that has learnt something: different predicted rewards per arm. */
function trained(epsilon: number): AgentState {
  let s = createAgentState({ epsilon });
  const rng = seededRng('train');
  for (let i = 0; i < 30; i++) {
    // Varied contexts and a context-dependent reward, so feature weights are learnt too.
    const r = i % 2 === 0 ? risk : riskWith(FEATURE_NAMES.map(() => rng()));
    for (const [id, rw] of Object.entries(REWARDS)) s = updateAgent(s, r, a(id), rw + 0.2 * r.vector[1]);
  }
  return s;
}

describe('seededRng', () => {
  it('is deterministic and uniform-ish', () => {
    const x = seededRng('s');
    const y = seededRng('s');
    const xs = Array.from({ length: 1000 }, () => x());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => y()));
    expect(seededRng('t')()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('chooseAction', () => {
  it('never picks a masked candidate, whatever the rng says', () => {
    const masked = candidates.filter((_, i) => i % 3 !== 0).map((c) => ({ key: actionKey(c), reason: 'twin: would break checkout' }));
    const maskedKeys = new Set(masked.map((m) => m.key));
    const s = trained(1); // pure exploration reaches every unmasked arm
    const rng = seededRng('mask');
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const ch = chooseAction(s, risk, candidates, masked, rng);
      expect(maskedKeys.has(actionKey(ch.action!))).toBe(false);
      seen.add(actionKey(ch.action!));
    }
    expect(seen.size).toBe(candidates.length - masked.length);
  });

  it.each([0, 0.1, 0.5, 1])('propensities sum to 1 over the unmasked set (epsilon %s)', (epsilon) => {
    const s = trained(epsilon);
    const masked = candidates.slice(0, 5).map((c) => ({ key: actionKey(c), reason: 'policy' }));
    const p = actionProbabilities(s, risk, candidates, masked);
    expect(Object.keys(p).length).toBe(candidates.length - 5);
    for (const m of masked) expect(p[m.key]).toBeUndefined();
    expect(Object.values(p).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    for (const v of Object.values(p)) expect(v).toBeGreaterThanOrEqual(epsilon / (candidates.length - 5) - 1e-12);
  });

  it('logs the exact propensity, which matches the empirical choice frequency', () => {
    const s = trained(0.3);
    const p = actionProbabilities(s, risk, candidates, []);
    const rng = seededRng('freq');
    const counts: Record<string, number> = {};
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const ch = chooseAction(s, risk, candidates, [], rng);
      const k = actionKey(ch.action!);
      expect(ch.propensity).toBeCloseTo(p[k], 9);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const [k, prob] of Object.entries(p)) expect(Math.abs((counts[k] ?? 0) / n - prob)).toBeLessThan(0.02);
  });

  it('tries an untried arm first (optimistic prior)', () => {
    const ch = chooseAction(trained(0), risk, candidates, [], seededRng('u'));
    expect(Object.keys(REWARDS)).not.toContain(ch.action!.actionId);
    expect(ch.explanation.summary).toContain('never been tried');
  });

  it('exploits the best arm, sharing the greedy mass among its targets', () => {
    const s = trained(0);
    const ch = chooseAction(s, risk, known, [], seededRng('g'));
    expect(ch.action!.actionId).toBe('restrict_ingress');
    expect(ch.explored).toBe(false);
    const targets = known.filter((c) => c.actionId === 'restrict_ingress').length;
    expect(ch.propensity).toBeCloseTo(1 / targets, 9);
    expect(ch.scores[actionKey(ch.action!)]).toBeCloseTo(Math.max(...Object.values(ch.scores)), 9);
  });

  it('explains the choice with its top weight x value contributions', () => {
    const s = trained(0);
    const ch = chooseAction(s, risk, known, [{ key: 'enforce_mfa@web-sa', reason: 'twin: breaks checkout' }], seededRng('e'));
    const w = s.arms.restrict_ingress.weights;
    const top3 = FEATURE_NAMES.map((_, i) => Math.abs(w[i + 1] * risk.vector[i + 1])).sort((x, y) => y - x).slice(0, 3);
    const top = ch.explanation.topFeatures;
    expect(top.map((f) => Math.abs(f.contribution))).toEqual(top3.map((v) => Math.round(v * 1e4) / 1e4));
    for (const f of top) {
      const i = FEATURE_NAMES.indexOf(f.name);
      expect(f.value).toBeCloseTo(risk.vector[i + 1], 4);
      expect(f.contribution).toBeCloseTo(w[i + 1] * risk.vector[i + 1], 4);
    }
    expect(ch.explanation.summary).toMatch(/^Agent chose restrict_ingress@\S+ as the best-scoring/);
    expect(ch.explanation.summary).toContain('1 masked');
    expect(ch.explanation.summary.trim().split(/\.\s/).length).toBe(1);
  });

  it('returns no action when everything is masked', () => {
    const masked = candidates.map((c) => ({ key: actionKey(c), reason: 'policy: protected namespace' }));
    const ch = chooseAction(createAgentState(), risk, candidates, masked, seededRng('m'));
    expect(ch.action).toBeNull();
    expect(ch.masked).toEqual(masked);
    expect(ch.explanation.summary).toMatch(/all \d+ candidates were masked/);
    expect(chooseAction(createAgentState(), risk, [], [], seededRng('m')).action).toBeNull();
  });

  it('is deterministic for a seed', () => {
    const run = () => chooseAction(trained(0.5), risk, candidates, [], seededRng('d'));
    expect(run()).toEqual(run());
  });

  it('refuses a risk vector of the wrong shape', () => {
    expect(() => chooseAction(createAgentState(), { ...risk, vector: [1, 0.5] }, candidates, [], seededRng('x'))).toThrow(/agent expects/);
  });
});

describe('updateAgent', () => {
  it('is pure; the first reward replaces the prior, later ones move the prediction part of the way', () => {
    const s0 = createAgentState({ learningRate: 0.2 });
    const frozen = JSON.stringify(s0);
    const s1 = updateAgent(s0, risk, a('enable_logging'), -0.5);
    expect(JSON.stringify(s0)).toBe(frozen);
    expect(s1.totalUpdates).toBe(1);
    expect(s1.arms.enable_logging).toMatchObject({ pulls: 1, meanReward: -0.5 });
    const predict = (s: AgentState) => s.arms.enable_logging.weights.reduce((x, w, i) => x + w * risk.vector[i], 0);
    expect(predict(s1)).toBeCloseTo(-0.5, 9);
    const s2 = updateAgent(s1, risk, a('enable_logging'), 0.5);
    expect(predict(s2)).toBeCloseTo(-0.5 + 0.2 * 1, 3);
    expect(s2.arms.enable_logging).toMatchObject({ pulls: 2, meanReward: 0 });
    expect(s2.arms).not.toHaveProperty('close_port');
  });

  it('with epsilon = 0 converges to the best arm on a synthetic reward', () => {
    const rng = seededRng('converge');
    const truth: Record<string, (x: number[]) => number> = {
      close_port: () => 0.1,
      enable_logging: (x) => 0.2 + 0.1 * x[3],
      restrict_ingress: (x) => 0.45 + 0.2 * x[2], // best everywhere
      enforce_mfa: () => -0.2,
      drop_capabilities: (x) => 0.3 * x[1],
    };
    const arms = Object.keys(truth).map((id) => a(id));
    let s = createAgentState({ epsilon: 0 });
    const picks: string[] = [];
    for (let i = 0; i < 400; i++) {
      const r = riskWith(FEATURE_NAMES.map(() => rng()));
      const ch = chooseAction(s, r, arms, [], rng);
      const reward = truth[ch.action!.actionId](r.vector) + (rng() - 0.5) * 0.1;
      s = updateAgent(s, r, ch.action!, reward);
      picks.push(ch.action!.actionId);
    }
    // Optimistic priors make the greedy agent try every arm ...
    expect(new Set(picks.slice(0, 10))).toEqual(new Set(Object.keys(truth)));
    // ... and then it settles on the best one.
    const tail = picks.slice(-100);
    expect(tail.filter((p) => p === 'restrict_ingress').length).toBeGreaterThanOrEqual(95);
    expect(s.arms.restrict_ingress.meanReward).toBeGreaterThan(s.arms.enable_logging.meanReward);
  });

  it('survives a JSON round trip (it is persisted between cycles)', () => {
    const s = trained(0.1);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('rejects a non-finite reward', () => {
    expect(() => updateAgent(createAgentState(), risk, a('close_port'), Number.NaN)).toThrow(/finite/);
  });
});

describe('alignFeatures (agents stored before features were added)', () => {
  it('keeps learned weights by feature name, starts new features at 0, drops removed ones; retune records it', () => {
    const fresh = createAgentState();
    const oldNames = ['net_exposed_ports', 'gone_feature', 'comp_missing_logging'];
    const stored = { ...fresh, featureNames: oldNames, arms: { close_port: { weights: [0.5, 0.1, 0.2, 0.3], pulls: 3, meanReward: 0.4 } } };
    const aligned = alignFeatures(stored);
    expect(aligned.featureNames).toEqual(FEATURE_NAMES);
    const w = aligned.arms.close_port.weights;
    expect(w).toHaveLength(FEATURE_NAMES.length + 1);
    expect(w[0]).toBe(0.5);
    expect(w[1 + FEATURE_NAMES.indexOf('net_exposed_ports')]).toBe(0.1);
    expect(w[1 + FEATURE_NAMES.indexOf('comp_missing_logging')]).toBe(0.3);
    expect(w.filter((x) => x !== 0)).toEqual([0.5, 0.1, 0.3]);
    expect(aligned.arms.close_port.pulls).toBe(3);
    expect(alignFeatures(aligned)).toBe(aligned);
    // Same settings, old features: a new version is still due (the stored one cannot score a current state).
    const retuned = retuneAgent(stored, { epsilon: stored.epsilon, learningRate: stored.learningRate });
    expect(retuned?.featureNames).toEqual(FEATURE_NAMES);
    expect(retuneAgent(aligned, { epsilon: stored.epsilon, learningRate: stored.learningRate })).toBeUndefined();
  });
});
