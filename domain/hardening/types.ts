// Shared contracts of the hardening domain. Pure data shapes: no I/O, safe to
// `import type` from workflow code.

export type Tier = 'sandbox' | 'stage' | 'prod';
export type SecurityDomain = 'network' | 'workload' | 'iam' | 'compliance' | 'supply_chain' | 'waf';

/** Raw telemetry signals for one environment, as the seed's sample generator produced them. */
export interface TelemetrySignals {
  // network exposure
  exposed_ports_count: number;
  public_ingress: boolean;
  failed_scans: number;
  inbound_spike: number; // 0..1
  // workload posture
  privileged_pods: number;
  host_network_pods: number;
  host_path_mounts: number;
  missing_resource_limits: number;
  // IAM privilege
  unused_permissions_pct: number; // 0..100
  anomalous_api_calls: number;
  new_principals: number;
  high_priv_role_usage: number;
  mfa_disabled_users: number;
  // compliance
  encryption_at_rest: boolean;
  weak_tls_endpoints: number;
  missing_logging: number;
  // supply chain, WAF and tenancy: optional so telemetry stored before these domains
  // existed (and specs written then) still parse; absent reads as 0.
  unsigned_artifacts?: number;
  unpinned_dependencies?: number;
  secret_scan_hits?: number;
  attack_signatures?: number;
  bot_traffic?: number; // 0..1
  cross_tenant_attempts?: number;
}

/** Posture of one environment as Bulwark sees it at one instant. */
export interface RiskState {
  /** Named features in [0,1]; the agent's context. Order is FEATURE_NAMES order. */
  features: Record<string, number>;
  /** Feature vector in FEATURE_NAMES order (with a leading bias term 1). */
  vector: number[];
  domainRisk: Record<SecurityDomain, number>;
  /** Weighted total in [0,1]. */
  totalRisk: number;
}

/** A concrete, parameterised action against one target. */
export interface ProposedAction {
  actionId: string; // catalog id, e.g. "restrict_ingress"
  target: string; // asset id in the environment spec
  params: Record<string, unknown>;
}

export interface ActionDefinition {
  id: string;
  domain: SecurityDomain;
  title: string;
  description: string;
  /** Catalog id of the inverse action (used for compensation). */
  inverse: string;
  reversible: boolean;
  /** Operational cost in [0,1], subtracted from the reward. */
  cost: number;
  /** True when the action removes permissions (policy: owner approval). */
  removesPermissions?: boolean;
  /** True when the action weakens a control (inverses; policy: compliance baseline). */
  weakens?: boolean;
  /** Incident containment (and its release): applied only by the containment workflow, never proposed by the agent. */
  containment?: boolean;
  /** True when the action changes what a CI/CD pipeline's runner may do (policy: always approved). */
  pipelinePermissions?: boolean;
  /** True when the action turns a pipeline's scanning step off (policy: never, outside a rollback). */
  disablesScanning?: boolean;
}

export interface PredictedImpact {
  breakage_risk: number; // 0..1
  blast_radius: number; // number of assets whose reachability changes
  broken_flows: string[]; // critical flow ids that would stop working
  slo_violations: string[];
  risk_before: number;
  risk_after: number;
}

export interface SimulationResult {
  pass_fail: boolean;
  reasons: string[];
  predicted_impact: PredictedImpact;
}

export interface VerificationResult {
  regression: boolean;
  broken_flows: string[];
  risk_after: number;
  details: string[];
}

export interface PolicyInput {
  action: ProposedAction & {
    domain: SecurityDomain;
    removesPermissions: boolean;
    weakens: boolean;
    reversible?: boolean;
    pipelinePermissions?: boolean;
    disablesScanning?: boolean;
  };
  environment: { name: string; tier: Tier; tenant: string };
  target: { id: string; kind: string; namespace: string; tenant: string; roles: string[] };
  change: { requester: string; tags: Record<string, string> };
  context: {
    blast_radius: number;
    severity: number;
    admin_cidrs: string[];
    protected_namespaces: string[];
    break_glass_roles: string[];
    // From the environment's use-case sections (optional: absent reads as "nothing declared").
    compliance_baseline?: string[];
    partner_routes?: { id: string; path: string; partner: string }[];
    waf_max_strictness?: number | null;
    allowed_domains?: string[];
    exception?: { reason: string } | null;
    containment_min_severity?: number | null;
  };
}

export interface PolicyDecision {
  allow: boolean;
  deny_reasons: string[];
  requires_approval: boolean;
  approval_reasons: string[];
  policy_version: string; // sha256 of the compiled bundle
}

export interface AgentChoice {
  action: ProposedAction | null; // null: every candidate masked
  propensity: number; // probability the policy had of picking this action
  explored: boolean;
  scores: Record<string, number>; // candidate key -> predicted reward
  masked: { key: string; reason: string }[];
  explanation: { summary: string; topFeatures: { name: string; value: number; contribution: number }[] };
}
