// Risk features: telemetry says how loud a weakness is, the twin's controls say
// how much of it is left. A telemetry count is scaled by the share of the
// spec's original weak assets that are still weak, so each applied control
// visibly lowers its feature and drift raises it again.
import type { RiskState, SecurityDomain, TelemetrySignals } from '../types';
import type { EnvironmentSpec } from './spec';
import { EXTERNAL } from './spec-schema';
import { initialControls, type Controls } from './controls';

export const FEATURE_DOMAINS = {
  net_exposed_ports: 'network',
  net_public_ingress: 'network',
  net_scan_pressure: 'network',
  net_lateral_movement: 'network',
  wl_privileged: 'workload',
  wl_host_access: 'workload',
  wl_missing_limits: 'workload',
  wl_capabilities: 'workload',
  iam_unused_permissions: 'iam',
  iam_mfa_gap: 'iam',
  iam_stale_credentials: 'iam',
  iam_privilege_activity: 'iam',
  comp_encryption: 'compliance',
  comp_weak_tls: 'compliance',
  comp_missing_logging: 'compliance',
  net_tenant_exposure: 'network',
  wl_root_filesystem: 'workload',
  iam_unscoped_roles: 'iam',
  sc_unsigned_artifacts: 'supply_chain',
  sc_unpinned_dependencies: 'supply_chain',
  sc_runner_privilege: 'supply_chain',
  sc_secret_exposure: 'supply_chain',
  waf_attack_pressure: 'waf',
  waf_bot_pressure: 'waf',
} as const satisfies Record<string, SecurityDomain>;

export type FeatureName = keyof typeof FEATURE_DOMAINS;
export const FEATURE_NAMES: string[] = Object.keys(FEATURE_DOMAINS);

const DOMAINS: SecurityDomain[] = ['network', 'workload', 'iam', 'compliance', 'supply_chain', 'waf'];
const POD_KINDS = new Set(['service', 'workload']);
const NETWORK_KINDS = new Set(['service', 'datastore', 'bucket']);

/** True when some asset belongs to a tenant other than the environment's own. */
export function isMultiTenant(spec: EnvironmentSpec): boolean {
  return spec.assets.some((a) => a.tenant !== undefined && a.tenant !== spec.tenant);
}

/** Services the internet calls directly: the ones a WAF sits in front of. */
export function wafFronted(spec: EnvironmentSpec): string[] {
  const facing = new Set(spec.edges.filter((e) => e.from === EXTERNAL).map((e) => e.to));
  return spec.assets.filter((a) => a.kind === 'service' && facing.has(a.id)).map((a) => a.id);
}

/** Smooth saturation: strictly increasing, so every reduction shows even for large counts. */
const sat = (x: number, k: number) => 1 - Math.exp(-Math.max(0, x) / k);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const frac = (n: number, d: number) => (d === 0 ? 0 : n / d);
/** Share of the original weaknesses still present; 1 when the twin knows of none (nothing we can fix). */
const remaining = (now: number, initial: number) => (initial === 0 ? (now === 0 ? 1 : 1 + now) : now / initial);

interface Counts {
  openPorts: number;
  publicAssets: number;
  withoutAllowlist: number;
  privileged: number;
  hostAccess: number;
  missingLimits: number;
  capabilities: number;
  unusedPermissions: number;
  mfaGap: number;
  stale: number;
  unencrypted: number;
  weakTls: number;
  noLogging: number;
  unsegmented: number;
  rootFs: number;
  unscoped: number;
  unsigned: number;
  unpinned: number;
  elevatedRunners: number;
  secretExposure: number;
  weakWaf: number;
  noRateLimit: number;
}

function count(spec: EnvironmentSpec, controls: Controls): Counts {
  const c: Counts = {
    openPorts: 0, publicAssets: 0, withoutAllowlist: 0, privileged: 0, hostAccess: 0, missingLimits: 0,
    capabilities: 0, unusedPermissions: 0, mfaGap: 0, stale: 0, unencrypted: 0, weakTls: 0, noLogging: 0,
    unsegmented: 0, rootFs: 0, unscoped: 0, unsigned: 0, unpinned: 0, elevatedRunners: 0, secretExposure: 0, weakWaf: 0, noRateLimit: 0,
  };
  const internallyCalled = new Set(spec.edges.filter((e) => e.from !== EXTERNAL).map((e) => e.to));
  const internetFacing = new Set(spec.edges.filter((e) => e.from === EXTERNAL).map((e) => e.to));
  const multiTenant = isMultiTenant(spec);
  for (const a of spec.assets) {
    const k = controls.assets[a.id];
    if (!k) continue;
    c.openPorts += k.openPorts?.length ?? 0;
    if (k.ingress === 'public') c.publicAssets++;
    if (internallyCalled.has(a.id) && k.allowlist === false) c.withoutAllowlist++;
    if (POD_KINDS.has(a.kind)) {
      const open = k.podSecurity === 'privileged';
      if (k.privileged && open) c.privileged++;
      if ((a.hostNetwork || a.hostPath) && open) c.hostAccess++;
      if (!k.limits) c.missingLimits++;
      if (!k.capabilitiesDropped && k.podSecurity !== 'restricted') c.capabilities++;
      if (!k.readOnlyRootFs || !k.runAsNonRoot) c.rootFs += (k.readOnlyRootFs ? 0 : 0.5) + (k.runAsNonRoot ? 0 : 0.5);
    }
    if (multiTenant && NETWORK_KINDS.has(a.kind) && !k.segmented) c.unsegmented++;
    if (a.kind === 'pipeline') {
      if (!k.signedArtifacts) c.unsigned++;
      if (!k.pinnedDependencies) c.unpinned++;
      if (k.runnerPermissions !== 'restricted') c.elevatedRunners++;
      c.secretExposure += (k.secretScanning ? 0 : 1) + (k.buildSecretsStale ? 1 : 0);
    }
    if (a.kind === 'service' && internetFacing.has(a.id)) {
      c.weakWaf += ((k.wafStrictness ?? 0) < 2 ? 0.5 : 0) + (k.wafMode === 'block' ? 0 : 0.5);
      if (k.rateLimitRps === undefined) c.noRateLimit++;
    }
    if (a.kind === 'identity') {
      const used = new Set(a.usedPermissions ?? a.permissions ?? []);
      c.unusedPermissions += (k.permissions ?? []).filter((p) => !used.has(p)).length;
      if (a.interactive && !k.mfa) c.mfaGap++;
      if (k.credentialsStale) c.stale++;
      if ((k.permissions ?? []).length > 0 && !k.scopedToResources) c.unscoped++;
    }
    if (k.encryptionAtRest === false) c.unencrypted++;
    if (k.tlsMinVersion === '1.0' || k.tlsMinVersion === '1.1') c.weakTls++;
    if (k.logging === false) c.noLogging++;
  }
  return c;
}

export function computeRiskState(spec: EnvironmentSpec, controls: Controls, t: TelemetrySignals): RiskState {
  const now = count(spec, controls);
  const init = count(spec, initialControls(spec));
  const r = (k: keyof Counts) => remaining(now[k], init[k]);
  const identities = spec.assets.filter((a) => a.kind === 'identity').length;
  const internallyCalled = new Set(spec.edges.filter((e) => e.from !== EXTERNAL).map((e) => e.to)).size;
  const pods = spec.assets.filter((a) => POD_KINDS.has(a.kind)).length;
  const pipelines = spec.assets.filter((a) => a.kind === 'pipeline').length;
  const networked = spec.assets.filter((a) => NETWORK_KINDS.has(a.kind)).length;
  const wafServices = wafFronted(spec).length;
  const pressure = (x: number | undefined, k: number) => 0.5 + 0.5 * sat(x ?? 0, k);

  const f: Record<FeatureName, number> = {
    net_exposed_ports: sat(t.exposed_ports_count * r('openPorts'), 10),
    net_public_ingress: (t.public_ingress ? 1 : 0.2) * r('publicAssets'),
    net_scan_pressure: (0.6 * sat(t.failed_scans, 20) + 0.4 * t.inbound_spike) * (0.5 + 0.5 * Math.min(1, r('publicAssets'))),
    net_lateral_movement: frac(now.withoutAllowlist, internallyCalled),
    wl_privileged: sat(t.privileged_pods * r('privileged'), 4),
    wl_host_access: sat((t.host_network_pods + t.host_path_mounts) * r('hostAccess'), 6),
    wl_missing_limits: sat(t.missing_resource_limits * r('missingLimits'), 10),
    wl_capabilities: frac(now.capabilities, pods),
    iam_unused_permissions: (t.unused_permissions_pct / 100) * r('unusedPermissions'),
    iam_mfa_gap: sat(t.mfa_disabled_users * r('mfaGap'), 3),
    iam_stale_credentials: frac(now.stale, identities) * (0.6 + 0.4 * sat(t.anomalous_api_calls, 20)),
    iam_privilege_activity:
      (0.4 * sat(t.anomalous_api_calls, 20) + 0.3 * sat(t.high_priv_role_usage, 20) + 0.3 * sat(t.new_principals, 10)) *
      (0.4 + 0.6 * Math.min(1, r('unusedPermissions'))),
    comp_encryption: (t.encryption_at_rest ? 0.3 : 1) * r('unencrypted'),
    comp_weak_tls: sat(t.weak_tls_endpoints * r('weakTls'), 4),
    comp_missing_logging: sat(t.missing_logging * r('noLogging'), 5),
    net_tenant_exposure: frac(now.unsegmented, networked) * (0.6 + 0.4 * sat(t.cross_tenant_attempts ?? 0, 5)),
    wl_root_filesystem: frac(now.rootFs, pods),
    iam_unscoped_roles: frac(now.unscoped, identities),
    sc_unsigned_artifacts: pressure(t.unsigned_artifacts, 5) * frac(now.unsigned, pipelines),
    sc_unpinned_dependencies: pressure(t.unpinned_dependencies, 10) * frac(now.unpinned, pipelines),
    sc_runner_privilege: frac(now.elevatedRunners, pipelines),
    sc_secret_exposure: pressure(t.secret_scan_hits, 3) * frac(now.secretExposure, 2 * pipelines),
    waf_attack_pressure: (0.4 + 0.6 * sat(t.attack_signatures ?? 0, 20)) * frac(now.weakWaf, wafServices),
    waf_bot_pressure: (0.4 + 0.6 * (t.bot_traffic ?? 0)) * frac(now.noRateLimit, wafServices),
  };
  const features = Object.fromEntries(FEATURE_NAMES.map((n) => [n, round(clamp01(f[n as FeatureName]))]));
  const domainRisk = Object.fromEntries(
    DOMAINS.map((d) => {
      const names = FEATURE_NAMES.filter((n) => FEATURE_DOMAINS[n as FeatureName] === d);
      return [d, round(names.reduce((s, n) => s + features[n], 0) / names.length)];
    }),
  ) as Record<SecurityDomain, number>;
  // A domain with nothing to harden (no pipeline, nothing internet-facing) does not dilute the total.
  const applicable = DOMAINS.filter((d) => (d === 'supply_chain' ? pipelines > 0 : d === 'waf' ? wafServices > 0 : true));
  const totalRisk = round(applicable.reduce((s, d) => s + domainRisk[d], 0) / applicable.length);
  return { features, vector: [1, ...FEATURE_NAMES.map((n) => features[n])], domainRisk, totalRisk };
}

// Rounded so persisted risk states compare equal across replays and JSON round-trips.
const round = (x: number) => Math.round(x * 1e6) / 1e6;
