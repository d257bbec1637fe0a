// Can each critical flow still run? The same rules serve two views: the twin
// (documented edges only: what Bulwark believes) and the environment (plus the
// undocumented edges: what is really there). The gap between them is why
// verification after a change exists.
import type { Asset, CriticalFlow, Edge, EnvironmentSpec } from './spec';
import type { Controls } from './controls';
import { EXTERNAL } from './spec-schema';
import { flakyFailures } from './checks/facts';
import { containmentEdgeBlock, containmentHealth, credentialsBlock } from './containment';

export type View = 'twin' | 'environment';
export interface FlowStatus {
  reachable: boolean;
  reasons: string[];
}

const TLS_ORDER = ['1.0', '1.1', '1.2', '1.3'];

/** Why an asset would fail health checks (startup/scheduling) under these controls; empty when healthy. */
export function assetHealth(spec: EnvironmentSpec, controls: Controls, assetId: string): string[] {
  const asset = spec.assets.find((a) => a.id === assetId);
  const ctl = controls.assets[assetId];
  if (!asset || !ctl) return [];
  const issues: string[] = [...containmentHealth(assetId, ctl)];
  const level = ctl.podSecurity ?? 'privileged';
  if (asset.requiresPrivileged && !(ctl.privileged && level === 'privileged'))
    issues.push(`${asset.id} needs privileged mode (privileged=${ctl.privileged ?? false}, pod security ${level})`);
  if (asset.requiresHostAccess && level !== 'privileged')
    issues.push(`${asset.id} needs host network/path access, which pod security ${level} forbids`);
  const caps = asset.requiredCapabilities ?? [];
  if (caps.length > 0 && (ctl.capabilitiesDropped || level === 'restricted'))
    issues.push(`${asset.id} needs capabilities ${caps.join(', ')}, which are dropped`);
  if (ctl.limits && asset.memoryMi && ctl.limits.memoryMi < asset.memoryMi)
    issues.push(`${asset.id} would be OOMKilled: memory limit ${ctl.limits.memoryMi}Mi < working set ${asset.memoryMi}Mi`);
  issues.push(...postureHealth(asset, ctl));
  for (const role of asset.roles ?? []) {
    const why = identityBlock(spec, controls, role);
    if (why) issues.push(`${asset.id} cannot authenticate: ${why}`);
  }
  return issues;
}

/** Startup, build and traffic failures of the newer controls (root fs, UID, pipeline, WAF). */
function postureHealth(asset: Asset, ctl: Controls['assets'][string]): string[] {
  const issues: string[] = [];
  if (ctl.readOnlyRootFs && asset.writesRootFs) issues.push(`${asset.id} crashes: it writes to its root filesystem, which is read-only`);
  if (ctl.runAsNonRoot && asset.requiresRoot) issues.push(`${asset.id} fails to start: its image runs as root and runAsNonRoot refuses it`);
  if (ctl.signedArtifacts && asset.unsignedInputs) issues.push(`pipeline ${asset.id} fails: it consumes unsigned artifacts`);
  if (ctl.runnerPermissions === 'restricted' && asset.needsElevatedRunner)
    issues.push(`pipeline ${asset.id} fails: a job needs the privileged runner`);
  const level = ctl.wafStrictness ?? 0;
  if (ctl.wafMode === 'block' && asset.wafFalsePositiveAbove !== undefined && level > asset.wafFalsePositiveAbove)
    issues.push(`${asset.id}: the WAF blocks legitimate requests at strictness ${level} (false positives above ${asset.wafFalsePositiveAbove})`);
  if (ctl.rateLimitRps !== undefined && asset.peakRps !== undefined && ctl.rateLimitRps < asset.peakRps)
    issues.push(`${asset.id} throttles legitimate traffic: rate limit ${ctl.rateLimitRps} rps < peak ${asset.peakRps} rps`);
  return issues;
}

function identityBlock(spec: EnvironmentSpec, controls: Controls, identity: string): string | null {
  const contained = credentialsBlock(controls, identity);
  if (contained) return contained;
  const asset = spec.assets.find((a) => a.id === identity);
  if (asset && !asset.interactive && controls.assets[identity]?.mfa)
    return `${identity} is a non-interactive identity and cannot satisfy MFA`;
  if (asset?.needsUnscopedAccess && controls.assets[identity]?.scopedToResources)
    return `${identity} is scoped to its own resources but needs access across resources`;
  return null;
}

/** Tenant-to-tenant traffic: neither side is the environment's own (shared platform) tenant. */
export function crossTenant(spec: EnvironmentSpec, from: string, to: string): boolean {
  const tenantOf = (id: string) => spec.assets.find((a) => a.id === id)?.tenant ?? spec.tenant;
  if (from === EXTERNAL) return false;
  const [a, b] = [tenantOf(from), tenantOf(to)];
  return a !== b && a !== spec.tenant && b !== spec.tenant;
}

export function hasPermission(held: readonly string[], needed: string): boolean {
  return held.some((p) => p === needed || p === '*' || (p.endsWith(':*') && needed.startsWith(p.slice(0, -1))));
}

/** Why the controls refuse traffic on this edge, or null when it passes. */
export function edgeBlock(spec: EnvironmentSpec, controls: Controls, edge: Edge, documented: boolean): string | null {
  const dst = controls.assets[edge.to] ?? {};
  const link = `${edge.from} -> ${edge.to}:${edge.port}`;
  const contained = containmentEdgeBlock(controls, edge, documented);
  if (contained) return contained;
  if (dst.openPorts && !dst.openPorts.includes(edge.port)) return `${link}: port ${edge.port} is closed on ${edge.to}`;
  if (dst.ingress === 'restricted' && edge.from === EXTERNAL) return `${link}: ${edge.to} no longer accepts traffic from the internet`;
  if (dst.allowlist && !documented) return `${link}: not on ${edge.to}'s service allowlist`;
  if (dst.segmented && crossTenant(spec, edge.from, edge.to)) return `${link}: ${edge.to} is segmented from other tenants`;
  const src: Asset | undefined = spec.assets.find((a) => a.id === edge.from);
  if (src?.legacyTls && TLS_ORDER.indexOf(dst.tlsMinVersion ?? '1.0') >= 2)
    return `${link}: ${edge.from} only speaks TLS < 1.2 but ${edge.to} requires >= ${dst.tlsMinVersion}`;
  return null;
}

function flowStatus(spec: EnvironmentSpec, controls: Controls, flow: CriticalFlow, view: View): FlowStatus {
  const reasons: string[] = [];
  for (let j = 1; j < flow.path.length; j++) {
    const [from, to] = [flow.path[j - 1], flow.path[j]];
    const lastHop = j === flow.path.length - 1;
    const matches = (e: Edge) => e.from === from && e.to === to && (!lastHop || flow.port === undefined || e.port === flow.port);
    // A caller needs every connection it makes; an extra undocumented one is still a dependency.
    const edges = [
      ...spec.edges.filter(matches).map((e) => ({ e, documented: true })),
      ...(view === 'environment' ? spec.undocumentedEdges.filter(matches).map((e) => ({ e, documented: false })) : []),
    ];
    if (edges.length === 0) reasons.push(`no edge ${from} -> ${to}`);
    if (view === 'environment') reasons.push(...flakyFailures(spec, controls, from, to));
    for (const { e, documented } of edges) {
      const why = edgeBlock(spec, controls, e, documented);
      if (why) reasons.push(why);
    }
  }
  for (const hop of new Set(flow.path)) if (hop !== EXTERNAL) reasons.push(...assetHealth(spec, controls, hop));
  if (flow.identity) {
    const why = identityBlock(spec, controls, flow.identity);
    if (why) reasons.push(why);
    const held = controls.assets[flow.identity]?.permissions ?? [];
    if (flow.permission && !hasPermission(held, flow.permission)) reasons.push(`${flow.identity} lacks permission ${flow.permission}`);
  }
  const unique = [...new Set(reasons)];
  return { reachable: unique.length === 0, reasons: unique };
}

export function flowReport(spec: EnvironmentSpec, controls: Controls, view: View): Record<string, FlowStatus> {
  return Object.fromEntries(spec.criticalFlows.map((f) => [f.id, flowStatus(spec, controls, f, view)]));
}

export function reachableFlows(spec: EnvironmentSpec, controls: Controls, view: View): Record<string, boolean> {
  return Object.fromEntries(Object.entries(flowReport(spec, controls, view)).map(([id, s]) => [id, s.reachable]));
}
