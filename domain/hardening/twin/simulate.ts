// Predict (simulate, twin view) and check (verify, environment view) a change.
// simulate only knows documented edges; verify sees the real estate, which is
// how a change the twin called safe can still regress and be rolled back.
import type { ProposedAction, SimulationResult, Tier, TelemetrySignals, VerificationResult } from '../types';
import type { EnvironmentSpec } from './spec';
import { EXTERNAL } from './spec-schema';
import { applyAction, sameValue, type Controls } from './controls';
import { assetHealth, edgeBlock, flowReport, type FlowStatus } from './reachability';
import { computeRiskState } from './risk';
import { validateProposedAction } from '../actions/validate';
import { newSloViolations } from './checks/slo';
import { schedulingIssues } from './checks/access';

/** Operational risk of the change itself, before looking at what it touches. */
const INTRINSIC_BREAKAGE: Record<string, number> = {
  restrict_ingress: 0.1, close_port: 0.08, allowlist_service_to_service: 0.12, drop_capabilities: 0.1,
  set_resource_limits: 0.06, restricted_pod_security: 0.12, remove_unused_permissions: 0.1, enforce_mfa: 0.05,
  rotate_credentials: 0.08, enable_encryption_at_rest: 0.04, enforce_tls12: 0.07, enable_logging: 0.01,
  segment_tenant_network: 0.1, read_only_root_fs: 0.08, run_as_non_root: 0.08, scope_role_to_resources: 0.1,
  enforce_signed_artifacts: 0.08, pin_dependencies: 0.05, restrict_runner_permissions: 0.09, enable_secret_scanning: 0.02,
  rotate_build_secrets: 0.07, increase_waf_strictness: 0.1, add_rate_limit: 0.06, waf_block_mode: 0.12,
};
const WEAKENING_BREAKAGE = 0.02;

/** Prod spends less of its stated budget: the same spec number means less appetite for breakage. */
export const TIER_BUDGET_FACTOR: Record<Tier, number> = { sandbox: 1, stage: 0.9, prod: 0.8 };

function healthIssues(spec: EnvironmentSpec, controls: Controls): Set<string> {
  return new Set(spec.assets.flatMap((a) => assetHealth(spec, controls, a.id)));
}

function newlyBroken(before: Record<string, FlowStatus>, after: Record<string, FlowStatus>): string[] {
  return Object.keys(after).filter((id) => before[id]?.reachable && !after[id].reachable);
}

/** Assets whose reachability, health or permissions differ between two control states (twin view). */
export function affectedAssets(spec: EnvironmentSpec, before: Controls, after: Controls, target: string): Set<string> {
  const out = new Set<string>();
  if (!sameValue(before.assets[target], after.assets[target])) out.add(target);
  else return out;
  for (const e of spec.edges) {
    if ((edgeBlock(spec, before, e, true) === null) !== (edgeBlock(spec, after, e, true) === null)) {
      out.add(e.to);
      if (e.from !== EXTERNAL) out.add(e.from);
    }
  }
  for (const a of spec.assets) {
    if (a.roles?.includes(target)) out.add(a.id);
    if (!sameValue(assetHealth(spec, before, a.id), assetHealth(spec, after, a.id))) out.add(a.id);
  }
  const fb = flowReport(spec, before, 'twin');
  const fa = flowReport(spec, after, 'twin');
  for (const f of spec.criticalFlows)
    if (fb[f.id].reachable !== fa[f.id].reachable) f.path.filter((h) => h !== EXTERNAL).forEach((h) => out.add(h));
  return out;
}

/** Number of assets whose reachability, health or permissions the action changes (twin view). */
export function blastRadius(spec: EnvironmentSpec, controls: Controls, action: ProposedAction): number {
  if (validateProposedAction(spec, controls, action) !== null) return 0;
  return affectedAssets(spec, controls, applyAction(spec, controls, action), action.target).size;
}

export function simulate(spec: EnvironmentSpec, controls: Controls, action: ProposedAction, telemetry: TelemetrySignals): SimulationResult {
  const riskBefore = computeRiskState(spec, controls, telemetry).totalRisk;
  const invalid = validateProposedAction(spec, controls, action);
  if (invalid !== null) {
    return {
      pass_fail: false,
      reasons: [`invalid action: ${invalid}`],
      predicted_impact: { breakage_risk: 1, blast_radius: 0, broken_flows: [], slo_violations: [], risk_before: riskBefore, risk_after: riskBefore },
    };
  }
  const after = applyAction(spec, controls, action);
  const riskAfter = computeRiskState(spec, after, telemetry).totalRisk;
  const affected = affectedAssets(spec, controls, after, action.target);
  const blast = affected.size;
  const flowsBefore = flowReport(spec, controls, 'twin');
  const flowsAfter = flowReport(spec, after, 'twin');
  const broken = newlyBroken(flowsBefore, flowsAfter);
  const healthBefore = healthIssues(spec, controls);
  const newHealth = [...healthIssues(spec, after)].filter((h) => !healthBefore.has(h));

  let breakage = 0;
  if (blast > 0) {
    // A risky change gets riskier on a busy path and in a traffic spike; a trivial one stays trivial.
    const touchingFlows = spec.criticalFlows.filter((f) => f.path.includes(action.target) || f.identity === action.target).length;
    const intrinsic = INTRINSIC_BREAKAGE[action.actionId] ?? WEAKENING_BREAKAGE;
    breakage = intrinsic * (1 + 0.4 * touchingFlows + 0.5 * telemetry.inbound_spike) + 0.03 * (blast - 1);
    if (broken.length > 0 || newHealth.length > 0) breakage = Math.max(breakage, 0.9 + 0.05 * (broken.length + newHealth.length));
  }
  breakage = round(Math.min(1, breakage));

  // The tier's risk budget (UC8) when the spec states one, else the environment's slo.
  const tierBudget = spec.riskBudgets?.[spec.tier];
  const maxBreakage = tierBudget?.maxBreakageRisk ?? spec.slo.maxBreakageRisk;
  const maxBlast = tierBudget?.maxBlastRadius ?? spec.slo.maxBlastRadius;
  const source = tierBudget?.maxBreakageRisk !== undefined ? `riskBudgets.${spec.tier}.maxBreakageRisk` : 'slo.maxBreakageRisk';
  const budget = round(maxBreakage * TIER_BUDGET_FACTOR[spec.tier]);
  const reasons: string[] = [];
  const slo: string[] = [];
  for (const id of broken) {
    slo.push(`critical flow ${id} unavailable`);
    reasons.push(`critical flow ${id} would break: ${flowsAfter[id].reasons.join('; ')}`);
  }
  for (const h of newHealth) {
    slo.push(`health check: ${h}`);
    if (!broken.some((id) => flowsAfter[id].reasons.includes(h))) reasons.push(`health check would fail: ${h}`);
  }
  if (breakage > budget) {
    slo.push(`breakage_risk ${breakage} > ${spec.tier} budget ${budget}`);
    reasons.push(`predicted breakage risk ${breakage} exceeds the ${spec.tier} budget ${budget} (${source} ${maxBreakage} x ${TIER_BUDGET_FACTOR[spec.tier]})`);
  }
  if (maxBlast !== undefined && blast > maxBlast) {
    slo.push(`blast_radius ${blast} > ${maxBlast}`);
    reasons.push(`blast radius ${blast} (${[...affected].join(', ')}) exceeds ${maxBlast}`);
  }
  for (const v of newSloViolations(spec, controls, after)) {
    slo.push(v);
    reasons.push(`SLO budget: ${v}`);
  }
  const schedulingBefore = new Set(schedulingIssues(spec, controls));
  // OOM kills are already health-check failures above.
  for (const issue of schedulingIssues(spec, after).filter((i) => !schedulingBefore.has(i) && !i.includes('OOMKilled'))) {
    slo.push(`scheduling: ${issue}`);
    reasons.push(`workload would not schedule: ${issue}`);
  }
  const pass = slo.length === 0;
  if (pass)
    reasons.push(
      blast === 0
        ? 'no change: the controls already have this setting'
        : `no critical flow or health check affected; breakage risk ${breakage} within ${spec.tier} budget ${budget}; blast radius ${blast}`,
    );
  return {
    pass_fail: pass,
    reasons,
    predicted_impact: { breakage_risk: breakage, blast_radius: blast, broken_flows: broken, slo_violations: slo, risk_before: riskBefore, risk_after: riskAfter },
  };
}

export function verify(spec: EnvironmentSpec, controlsBefore: Controls, controlsAfter: Controls, telemetry: TelemetrySignals): VerificationResult {
  const before = flowReport(spec, controlsBefore, 'environment');
  const after = flowReport(spec, controlsAfter, 'environment');
  const broken = newlyBroken(before, after);
  const healthBefore = healthIssues(spec, controlsBefore);
  const newHealth = [...healthIssues(spec, controlsAfter)].filter((h) => !healthBefore.has(h));
  const details = [
    ...broken.map((id) => `critical flow ${id} broke in the environment: ${after[id].reasons.join('; ')}`),
    ...newHealth.map((h) => `health check failing: ${h}`),
  ];
  const regression = details.length > 0;
  if (!regression) details.push(`all ${spec.criticalFlows.length} critical flows healthy in the environment`);
  return { regression, broken_flows: broken, risk_after: computeRiskState(spec, controlsAfter, telemetry).totalRisk, details };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
