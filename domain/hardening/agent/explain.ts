// "Why this action": the chosen arm's largest weight x feature contributions and
// one sentence an approver can read without knowing what a bandit is.
import type { AgentChoice, ProposedAction, RiskState } from '../types';
import { actionKey } from '../actions/catalog';
import type { AgentState } from './bandit';

export const TOP_FEATURES = 3;

interface ExplainInput {
  state: AgentState;
  risk: RiskState;
  candidates: ProposedAction[];
  masked: { key: string; reason: string }[];
  action?: ProposedAction;
  explored?: boolean;
  propensity?: number;
  unmasked?: number;
}

export function explainChoice(x: ExplainInput): AgentChoice['explanation'] {
  if (!x.action) {
    const first = x.masked[0];
    const summary =
      x.candidates.length === 0
        ? 'No action: no applicable hardening is left for this environment.'
        : `No action: all ${x.candidates.length} candidates were masked${first ? ` (e.g. ${first.key}: ${first.reason})` : ''}.`;
    return { summary, topFeatures: [] };
  }
  const arm = x.state.arms[x.action.actionId];
  const weights = arm?.weights ?? [];
  const topFeatures = x.state.featureNames
    .map((name, i) => ({ name, value: round(x.risk.vector[i + 1]), contribution: round((weights[i + 1] ?? 0) * x.risk.vector[i + 1]) }))
    .filter((f) => f.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.name.localeCompare(b.name))
    .slice(0, TOP_FEATURES);
  const key = actionKey(x.action);
  const predicted = round(weights.reduce((s, w, i) => s + w * x.risk.vector[i], 0));
  const how = x.explored
    ? `explored ${key} at random among ${x.unmasked} unmasked candidates`
    : `chose ${key} as the best-scoring of ${x.unmasked} unmasked candidates`;
  const tries = arm ? `${arm.pulls} ${arm.pulls === 1 ? 'try' : 'tries'}` : '';
  const effects = topFeatures.map((f) => `${f.name}=${f.value} (${f.contribution >= 0 ? '+' : ''}${f.contribution})`).join(', ');
  // The bias is reported apart from the features so a reward learnt mostly as a
  // constant is not dressed up as being "driven" by the context.
  const why = !arm
    ? 'it has never been tried, so it carries the optimistic prior'
    : `predicted reward ${predicted} from ${tries} (baseline ${round(weights[0] ?? 0)}${effects ? `; largest feature effects ${effects}` : ''})`;
  const maskedNote = x.masked.length > 0 ? `, with ${x.masked.length} masked as unsafe` : '';
  return { summary: `Agent ${how} (p=${round(x.propensity ?? 0)}${maskedNote}): ${why}.`, topFeatures };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
