// Which containment actions to take, best first: the threat propagation each one stops
// (domain/containment/propagation.ts) per essential dependency it impacts (the assets besides
// its target whose reachability, health or permissions it changes, as blast radius counts
// them). A candidate that would break a critical (essential) flow in the twin, or stops no
// propagation, is excluded; every candidate carries the sentence that says why.
import { actionKey, applyAction, flowReport, getAction, validateProposedAction, type Controls, type EnvironmentSpec } from '../hardening';
import { affectedAssets } from '../hardening/twin/simulate';
import type { ProposedAction } from '../hardening/types';
import { threatPropagation, type Propagation, type Suspect } from './propagation';

export interface RankedAction {
  action: ProposedAction;
  /** `actionId@target`. */
  key: string;
  /** Propagation score after this action alone, from the current controls. */
  scoreAfter: number;
  /** Score before − after. */
  stopped: number;
  /** Assets reached before / after. */
  reachBefore: number;
  reachAfter: number;
  /** Essential dependencies impacted: assets other than the target whose reachability, health or permissions change. */
  impacted: string[];
  /** Critical flows the twin predicts broken. */
  brokenFlows: string[];
  /** stopped / max(1, impacted.length). */
  ratio: number;
  cost: number;
  excluded: boolean;
  reason: string;
}

export interface ContainmentRanking {
  before: Propagation;
  /** Candidates to apply, best first. */
  ranked: RankedAction[];
  /** Candidates left out, with the reason. */
  excluded: RankedAction[];
}

/** Every containment action that applies to the suspects and would change something, with its params. */
export function containmentCandidates(spec: EnvironmentSpec, controls: Controls, suspects: readonly Suspect[]): ProposedAction[] {
  const out: ProposedAction[] = [];
  const add = (actionId: string, target: string, params: Record<string, unknown> = {}) => {
    const a = { actionId, target, params };
    if (out.some((o) => actionKey(o) === actionKey(a))) return;
    if (validateProposedAction(spec, controls, a) !== null) return;
    if (JSON.stringify(applyAction(spec, controls, a).assets[target]) === JSON.stringify(controls.assets[target])) return;
    out.push(a);
  };
  for (const s of suspects) {
    if (s.kind === 'source') {
      for (const e of spec.edges) if (e.from === 'internet') add('block_waf_source', e.to, { sources: [s.id] });
      continue;
    }
    const asset = spec.assets.find((a) => a.id === s.id);
    if (!asset) continue;
    if (asset.kind === 'identity') add('disable_credentials', asset.id);
    for (const id of ['isolate_segment', 'tighten_egress', 'quarantine_workload']) add(id, asset.id);
    for (const role of asset.roles ?? []) add('disable_credentials', role);
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Scores one candidate against the current controls. */
export function assessContainment(
  spec: EnvironmentSpec,
  controls: Controls,
  suspects: readonly Suspect[],
  action: ProposedAction,
  before: Propagation = threatPropagation(spec, controls, suspects),
): RankedAction {
  const after = applyAction(spec, controls, action);
  const prop = threatPropagation(spec, after, suspects);
  const impacted = [...affectedAssets(spec, controls, after, action.target)].filter((a) => a !== action.target).sort();
  const flowsBefore = flowReport(spec, controls, 'twin');
  const flowsAfter = flowReport(spec, after, 'twin');
  const broken = Object.keys(flowsAfter).filter((f) => flowsBefore[f]?.reachable && !flowsAfter[f].reachable);
  const stopped = round(before.score - prop.score);
  const ratio = round(stopped / Math.max(1, impacted.length));
  const key = actionKey(action);
  const base = {
    action, key, scoreAfter: prop.score, stopped, reachBefore: before.reached.length, reachAfter: prop.reached.length,
    impacted, brokenFlows: broken, ratio, cost: getAction(action.actionId)?.cost ?? 0,
  };
  const reach = `reach ${before.reached.length} → ${prop.reached.length} assets (score ${before.score} → ${prop.score})`;
  if (broken.length > 0) {
    const why = broken.map((f) => `${f} (${flowsAfter[f].reasons.join('; ')})`).join(', ');
    return { ...base, excluded: true, reason: `${key} excluded: would break essential flow ${why}` };
  }
  if (stopped <= 0) return { ...base, excluded: true, reason: `${key} excluded: stops no propagation (${reach})` };
  const deps = impacted.length ? `${impacted.length} dependencies impacted (${impacted.join(', ')})` : 'no dependency impacted';
  return { ...base, excluded: false, reason: `${key}: ${reach}, ${deps}: ${ratio} stopped per dependency, cost ${base.cost}` };
}

/** Ranks the containment candidates for these suspects: most propagation stopped per dependency impacted first. */
export function rankContainment(spec: EnvironmentSpec, controls: Controls, suspects: readonly Suspect[]): ContainmentRanking {
  const before = threatPropagation(spec, controls, suspects);
  const all = containmentCandidates(spec, controls, suspects).map((a) => assessContainment(spec, controls, suspects, a, before));
  const ranked = all
    .filter((c) => !c.excluded)
    .sort((a, b) => b.ratio - a.ratio || b.stopped - a.stopped || a.cost - b.cost || a.key.localeCompare(b.key));
  return { before, ranked, excluded: all.filter((c) => c.excluded) };
}
