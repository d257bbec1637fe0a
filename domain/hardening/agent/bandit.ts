// Epsilon-greedy contextual bandit, the seed rl-engine's baseline: one linear
// reward model per catalog action over the risk vector. Unsafe proposals are
// masked before choosing, and the exact propensity of every choice is logged
// so off-policy evaluation can reweight it later.
import type { AgentChoice, ProposedAction, RiskState } from '../types';
import { actionKey } from '../actions/catalog';
import { FEATURE_NAMES } from '../twin/risk';
import { explainChoice } from './explain';

export interface AgentArm {
  weights: number[];
  pulls: number;
  meanReward: number;
}

export interface AgentState {
  algorithm: 'epsilon-greedy';
  epsilon: number;
  learningRate: number;
  featureNames: string[];
  arms: Record<string, AgentArm>;
  totalUpdates: number;
}

/**
 * Untried arms predict this reward (optimistic initial values): even a fully
 * greedy agent tries every action once before settling, and rewards above it
 * are rare (a large risk drop with no cost).
 */
export const OPTIMISTIC_PRIOR = 1;
/** Shrinks context weights a little each update, so stale contexts do not dominate forever. */
export const L2_DECAY = 0.001;
const TIE = 1e-9;

/** The operator's knobs (AGENT_EPSILON, AGENT_LEARNING_RATE); the learned arms are not settings. */
export interface AgentSettings {
  /** Exploration probability, in [0,1]. */
  epsilon: number;
  /** Share of the prediction error each update corrects, in (0,1]. */
  learningRate: number;
}

export const DEFAULT_AGENT_SETTINGS: AgentSettings = { epsilon: 0.1, learningRate: 0.2 };

function checkSettings(s: AgentSettings): AgentSettings {
  if (!(s.epsilon >= 0 && s.epsilon <= 1)) throw new RangeError(`epsilon must be in [0,1], got ${s.epsilon}`);
  if (!(s.learningRate > 0 && s.learningRate <= 1)) throw new RangeError(`learningRate must be in (0,1], got ${s.learningRate}`);
  return s;
}

export function createAgentState(opts: Partial<AgentSettings> = {}): AgentState {
  const { epsilon, learningRate } = checkSettings({ ...DEFAULT_AGENT_SETTINGS, ...opts });
  return { algorithm: 'epsilon-greedy', epsilon, learningRate, featureNames: [...FEATURE_NAMES], arms: {}, totalUpdates: 0 };
}

/**
 * The state under new settings and the current feature set, keeping every learned arm;
 * `undefined` when both are already the state's (so callers write a new agent version only
 * for a real change). Throws RangeError for settings out of range.
 */
export function retuneAgent(state: AgentState, settings: AgentSettings): AgentState | undefined {
  checkSettings(settings);
  const aligned = alignFeatures(state);
  if (aligned === state && state.epsilon === settings.epsilon && state.learningRate === settings.learningRate) return undefined;
  return { ...aligned, epsilon: settings.epsilon, learningRate: settings.learningRate };
}

/**
 * The state over FEATURE_NAMES: an agent stored before features were added (the supply-chain,
 * WAF and tenancy features) keeps each learned weight under its feature's name, a new feature
 * starts at weight 0 (no opinion yet), a feature no longer computed is dropped. Returns the
 * same object when nothing changes. Arms are keyed by action id, so new catalog actions need
 * nothing here: they start from the optimistic prior.
 */
export function alignFeatures(state: AgentState): AgentState {
  const same = state.featureNames.length === FEATURE_NAMES.length && state.featureNames.every((n, i) => n === FEATURE_NAMES[i]);
  if (same) return state;
  const index = new Map(state.featureNames.map((n, i) => [n, i + 1]));
  const remap = (w: number[]) => [w[0], ...FEATURE_NAMES.map((n) => (index.has(n) ? w[index.get(n)!] ?? 0 : 0))];
  const arms = Object.fromEntries(Object.entries(state.arms).map(([id, a]) => [id, { ...a, weights: remap(a.weights) }]));
  return { ...state, featureNames: [...FEATURE_NAMES], arms };
}

function checkContext(state: AgentState, risk: RiskState): number[] {
  if (risk.vector.length !== state.featureNames.length + 1)
    throw new Error(`risk vector has ${risk.vector.length} entries; agent expects ${state.featureNames.length + 1} (bias + ${state.featureNames.join(', ')})`);
  return risk.vector;
}

export function armWeights(state: AgentState, actionId: string): number[] {
  return state.arms[actionId]?.weights ?? [OPTIMISTIC_PRIOR, ...state.featureNames.map(() => 0)];
}

const dot = (w: number[], x: number[]) => w.reduce((s, wi, i) => s + wi * (x[i] ?? 0), 0);

/** Predicted reward per candidate key (first occurrence wins for duplicate keys). */
export function scoreCandidates(state: AgentState, risk: RiskState, candidates: ProposedAction[]): Record<string, number> {
  const x = checkContext(state, risk);
  const out: Record<string, number> = {};
  for (const c of candidates) {
    const k = actionKey(c);
    if (!(k in out)) out[k] = round(dot(armWeights(state, c.actionId), x));
  }
  return out;
}

interface Policy {
  unmasked: ProposedAction[];
  greedy: ProposedAction[];
  scores: Record<string, number>;
  prob: (key: string) => number;
}

function policy(state: AgentState, risk: RiskState, candidates: ProposedAction[], masked: { key: string }[]): Policy {
  const scores = scoreCandidates(state, risk, candidates);
  const maskedKeys = new Set(masked.map((m) => m.key));
  const seen = new Set<string>();
  const unmasked = candidates.filter((c) => {
    const k = actionKey(c);
    if (maskedKeys.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const best = Math.max(...unmasked.map((c) => scores[actionKey(c)]));
  // Ties share the greedy mass: arms are per action id, so every target of one action scores alike.
  const greedy = unmasked.filter((c) => scores[actionKey(c)] >= best - TIE);
  const greedyKeys = new Set(greedy.map(actionKey));
  const n = unmasked.length;
  const eps = state.epsilon;
  const prob = (key: string) =>
    !seen.has(key) ? 0 : eps / n + (greedyKeys.has(key) ? (1 - eps) / greedy.length : 0);
  return { unmasked, greedy, scores, prob };
}

/** Probability of each unmasked candidate under the current policy (masked ones are absent); sums to 1. */
export function actionProbabilities(
  state: AgentState,
  risk: RiskState,
  candidates: ProposedAction[],
  masked: { key: string; reason: string }[],
): Record<string, number> {
  const p = policy(state, risk, candidates, masked);
  return Object.fromEntries(p.unmasked.map((c) => [actionKey(c), p.prob(actionKey(c))]));
}

export function chooseAction(
  state: AgentState,
  risk: RiskState,
  candidates: ProposedAction[],
  masked: { key: string; reason: string }[],
  rng: () => number,
): AgentChoice {
  const p = policy(state, risk, candidates, masked);
  if (p.unmasked.length === 0) {
    return {
      action: null, propensity: 1, explored: false, scores: p.scores, masked,
      explanation: explainChoice({ state, risk, candidates, masked }),
    };
  }
  const explored = rng() < state.epsilon;
  const pool = explored ? p.unmasked : p.greedy;
  const action = pool[Math.min(pool.length - 1, Math.floor(rng() * pool.length))];
  const propensity = p.prob(actionKey(action));
  return {
    action, propensity: round(propensity), explored, scores: p.scores, masked,
    explanation: explainChoice({ state, risk, candidates, masked, action, explored, propensity, unmasked: p.unmasked.length }),
  };
}

/**
 * Normalised LMS step on the chosen arm: the prediction for this context moves
 * `learningRate` of the way to the observed reward, whatever the vector's scale.
 * Pure: returns a new state.
 */
export function updateAgent(state: AgentState, risk: RiskState, action: ProposedAction, reward: number): AgentState {
  if (!Number.isFinite(reward)) throw new Error(`updateAgent: reward must be finite, got ${reward}`);
  const x = checkContext(state, risk);
  const prev = state.arms[action.actionId];
  const lr = state.learningRate;
  let weights: number[];
  if (!prev) {
    // The first observation replaces the optimistic prior outright; otherwise the
    // prior would linger for many cycles and keep pulling the agent back to this arm.
    weights = [round(reward), ...state.featureNames.map(() => 0)];
  } else {
    const w = prev.weights;
    const err = reward - dot(w, x);
    const norm = dot(x, x);
    weights = w.map((wi, i) => round(wi + (lr * err * x[i]) / norm - (i === 0 ? 0 : lr * L2_DECAY * wi)));
  }
  const pulls = (prev?.pulls ?? 0) + 1;
  const meanReward = round((prev?.meanReward ?? 0) + (reward - (prev?.meanReward ?? 0)) / pulls);
  return {
    ...state,
    featureNames: [...state.featureNames],
    arms: { ...state.arms, [action.actionId]: { weights, pulls, meanReward } },
    totalUpdates: state.totalUpdates + 1,
  };
}

// Rounding keeps persisted state stable across JSON round-trips and replays.
const round = (v: number) => Math.round(v * 1e9) / 1e9;
