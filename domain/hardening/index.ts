// Public surface of the hardening domain. Pure and deterministic: safe to call
// from workflow code as well as activities.
export type * from './types';

export { SpecError, parseEnvironmentSpec, parseEnvironmentSpecObject, EXTERNAL } from './twin/spec';
export type { EnvironmentSpec, Asset, AssetKind, Edge, CriticalFlow } from './twin/spec';

export {
  initialControls,
  applyAction,
  inverseAction,
  driftControls,
  reconcileControls,
  parseControls,
  sameValue,
  ControlsSchema,
  AssetControlsSchema,
} from './twin/controls';
export type { Controls, AssetControls, ControlField } from './twin/controls';

export { ACTION_CATALOG, getAction, actionKey } from './actions/catalog';
export type { CatalogAction } from './actions/catalog';
export { validateProposedAction, candidateActions } from './actions/validate';

export { FEATURE_NAMES, FEATURE_DOMAINS, computeRiskState } from './twin/risk';
export { sampleTelemetry } from './twin/telemetry';
export { reachableFlows, flowReport, assetHealth } from './twin/reachability';
export type { View, FlowStatus } from './twin/reachability';
export { blastRadius, simulate, verify, TIER_BUDGET_FACTOR } from './twin/simulate';

export { computeReward, RISK_SCALE, REGRESSION_PENALTY } from './reward';
export type { RewardInput, RewardOutcome } from './reward';
export type { CycleOutcome } from './cycle-outcome';

export {
  createAgentState,
  retuneAgent,
  alignFeatures,
  DEFAULT_AGENT_SETTINGS,
  chooseAction,
  updateAgent,
  actionProbabilities,
  scoreCandidates,
  OPTIMISTIC_PRIOR,
} from './agent/bandit';
export type { AgentState, AgentArm, AgentSettings } from './agent/bandit';
export { seededRng } from '../rng';
export { buildPolicyInput } from './policy-input';

// The twin's checks (blast radius, SLO budgets, IAM access, scheduling, tenancy, drift) and the truths it lacks.
export { dependents, flowsTouching } from './twin/checks/graph';
export type { Dependent } from './twin/checks/graph';
export { sloReport, newSloViolations } from './twin/checks/slo';
export type { FlowSlo } from './twin/checks/slo';
export { criticalAccess, schedulingIssues, tenantLeaks, driftFromDesired } from './twin/checks/access';
export type { FlowAccess, TenantLeak, Drift } from './twin/checks/access';
export { flakyFailures } from './twin/checks/facts';
