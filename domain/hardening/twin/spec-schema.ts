// Shape of an environment spec. Objects are strict so that a misspelt key in a
// hand-written YAML file fails loudly instead of silently meaning "unset".
import { z } from 'zod';
import { MAX_WAF_STRICTNESS, POD_SECURITY_LEVELS, RUNNER_PERMISSIONS, TLS_VERSIONS, WAF_MODES } from './schema/constants';
import { SECTION_SHAPE, SloFlowSchema } from './schema/sections';

export const EXTERNAL = 'internet';

const port = z.number().int().min(1).max(65535);
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'must be an IPv4 CIDR like 10.0.0.0/24')
  .refine((c) => c.split('/')[0].split('.').every((o) => Number(o) <= 255) && Number(c.split('/')[1]) <= 32, 'octet or prefix out of range');


export { MAX_WAF_STRICTNESS, POD_SECURITY_LEVELS, RUNNER_PERMISSIONS, TLS_VERSIONS, WAF_MODES } from './schema/constants';
export const PIPELINE_STEP_KINDS = ['build', 'test', 'scan', 'sign', 'publish', 'deploy'] as const;
export const ASSET_KINDS = ['service', 'workload', 'datastore', 'identity', 'bucket', 'pipeline'] as const;

export const AssetSchema = z.strictObject({
  id,
  kind: z.enum(ASSET_KINDS),
  namespace: z.string().min(1),
  tenant: z.string().min(1).optional(),
  description: z.string().optional(),
  owner: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  critical: z.boolean().optional(),
  // SLO inputs: what one hop adds to a flow's latency, and how often it is up
  latencyMs: z.number().min(0).optional(),
  availability: z.number().gt(0).max(1).optional(),
  // scheduling: what the workload requests (the twin checks it fits under its limits and the node pool)
  cpuMillis: z.number().int().positive().optional(),
  // network: current settings
  public: z.boolean().optional(),
  ports: z.array(port).optional(),
  allowlist: z.boolean().optional(),
  // identities this asset runs as
  roles: z.array(id).optional(),
  // workload posture: current settings ...
  privileged: z.boolean().optional(),
  capabilitiesDropped: z.boolean().optional(),
  hostNetwork: z.boolean().optional(),
  hostPath: z.boolean().optional(),
  podSecurity: z.enum(POD_SECURITY_LEVELS).optional(),
  resourceLimits: z.boolean().optional(),
  // ... and what the workload really needs (the twin uses these to predict startup failures)
  requiresPrivileged: z.boolean().optional(),
  requiredCapabilities: z.array(z.string()).optional(),
  requiresHostAccess: z.boolean().optional(),
  memoryMi: z.number().int().positive().optional(),
  readOnlyRootFs: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  writesRootFs: z.boolean().optional(),
  requiresRoot: z.boolean().optional(),
  // network: tenant segmentation (tenant-to-tenant traffic refused)
  segmented: z.boolean().optional(),
  // identity
  permissions: z.array(z.string().min(1)).optional(),
  usedPermissions: z.array(z.string().min(1)).optional(),
  interactive: z.boolean().optional(),
  mfa: z.boolean().optional(),
  credentialsStale: z.boolean().optional(),
  scopedToResources: z.boolean().optional(),
  needsUnscopedAccess: z.boolean().optional(),
  // CI/CD pipeline: current settings, and what the build really needs
  signedArtifacts: z.boolean().optional(),
  pinnedDependencies: z.boolean().optional(),
  runnerPermissions: z.enum(RUNNER_PERMISSIONS).optional(),
  secretScanning: z.boolean().optional(),
  buildSecretsStale: z.boolean().optional(),
  unsignedInputs: z.boolean().optional(),
  needsElevatedRunner: z.boolean().optional(),
  runner: id.optional(),
  steps: z.array(z.strictObject({ id, kind: z.enum(PIPELINE_STEP_KINDS) })).optional(),
  // WAF in front of a service: current settings, and the traffic the twin knows of
  wafStrictness: z.number().int().min(0).max(MAX_WAF_STRICTNESS).optional(),
  wafMode: z.enum(WAF_MODES).optional(),
  rateLimitRps: z.number().int().positive().optional(),
  peakRps: z.number().int().positive().optional(),
  wafFalsePositiveAbove: z.number().int().min(0).max(MAX_WAF_STRICTNESS).optional(),
  // compliance
  encryptionAtRest: z.boolean().optional(),
  tlsMinVersion: z.enum(TLS_VERSIONS).optional(),
  legacyTls: z.boolean().optional(),
  logging: z.boolean().optional(),
});

export const EdgeSchema = z.strictObject({ from: id, to: id, port, description: z.string().optional() });

export const CriticalFlowSchema = z.strictObject({
  id,
  description: z.string().optional(),
  path: z.array(id).min(2),
  port: port.optional(),
  identity: id.optional(),
  permission: z.string().min(1).optional(),
  slo: SloFlowSchema.optional(),
});

const count = z.number().int().min(0);
const unit = z.number().min(0).max(1);

export const TelemetrySchema = z.strictObject({
  exposed_ports_count: count,
  public_ingress: z.boolean(),
  failed_scans: count,
  inbound_spike: unit,
  privileged_pods: count,
  host_network_pods: count,
  host_path_mounts: count,
  missing_resource_limits: count,
  unused_permissions_pct: z.number().min(0).max(100),
  anomalous_api_calls: count,
  new_principals: count,
  high_priv_role_usage: count,
  mfa_disabled_users: count,
  encryption_at_rest: z.boolean(),
  weak_tls_endpoints: count,
  missing_logging: count,
  // Optional (absent reads as 0) so specs and telemetry rows written before these domains still parse.
  unsigned_artifacts: count.optional(),
  unpinned_dependencies: count.optional(),
  secret_scan_hits: count.optional(),
  attack_signatures: count.optional(),
  bot_traffic: unit.optional(),
  cross_tenant_attempts: count.optional(),
});

export const EnvironmentSpecSchema = z.strictObject({
  name: id,
  tier: z.enum(['sandbox', 'stage', 'prod']),
  tenant: z.string().min(1),
  description: z.string().optional(),
  assets: z.array(AssetSchema).min(1),
  edges: z.array(EdgeSchema).default([]),
  undocumentedEdges: z.array(EdgeSchema).default([]),
  criticalFlows: z.array(CriticalFlowSchema).default([]),
  slo: z.strictObject({
    maxBreakageRisk: unit,
    maxBlastRadius: z.number().int().positive().optional(),
  }),
  adminCidrs: z.array(cidr).default([]),
  protectedNamespaces: z.array(z.string().min(1)).default([]),
  breakGlassRoles: z.array(id).default([]),
  telemetry: TelemetrySchema,
  drift: z.strictObject({ probability: unit }).optional(),
  nodeCapacity: z.strictObject({ cpuMillis: z.number().int().positive(), memoryMi: z.number().int().positive() }).optional(),
  ...SECTION_SHAPE,
});
