// Access of critical workflows through IAM, scheduling under resource limits, tenant
// boundaries and drift against the desired state: the twin's remaining checks.
import { sameValue, type AssetControls, type Controls } from '../controls';
import { crossTenant, edgeBlock, hasPermission, type View } from '../reachability';
import type { EnvironmentSpec } from '../spec';

export interface FlowAccess {
  flow: string;
  identity: string;
  permission?: string;
  granted: boolean;
  reason: string;
}

/** For each critical flow that runs as an identity: may it still do what the flow needs? */
export function criticalAccess(spec: EnvironmentSpec, controls: Controls): FlowAccess[] {
  return spec.criticalFlows.flatMap((f) => {
    if (!f.identity) return [];
    const asset = spec.assets.find((a) => a.id === f.identity);
    const c = controls.assets[f.identity] ?? {};
    const held = c.permissions ?? [];
    let reason = f.permission ? `${f.identity} holds ${f.permission}` : `${f.identity} can authenticate`;
    let granted = true;
    if (c.credentialsDisabled) [granted, reason] = [false, `${f.identity}'s credentials are disabled`];
    else if (c.mfa && asset && !asset.interactive) [granted, reason] = [false, `${f.identity} is non-interactive and cannot satisfy MFA`];
    else if (c.scopedToResources && asset?.needsUnscopedAccess) [granted, reason] = [false, `${f.identity} is scoped to its own resources but needs access across them`];
    else if (f.permission && !hasPermission(held, f.permission)) [granted, reason] = [false, `${f.identity} lacks ${f.permission}`];
    return [{ flow: f.id, identity: f.identity, permission: f.permission, granted, reason }];
  });
}

const cpuMillis = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);

/**
 * Workloads that could not be scheduled or would be killed under their limits: a memory
 * limit below the working set, a CPU limit below the request, or limits that together
 * exceed the node pool (`nodeCapacity`). Empty when everything fits.
 */
export function schedulingIssues(spec: EnvironmentSpec, controls: Controls): string[] {
  const issues: string[] = [];
  let cpu = 0;
  let mem = 0;
  for (const a of spec.assets) {
    const limits = controls.assets[a.id]?.limits;
    if (!limits) continue;
    cpu += cpuMillis(limits.cpu);
    mem += limits.memoryMi;
    if (a.memoryMi && limits.memoryMi < a.memoryMi) issues.push(`${a.id}: memory limit ${limits.memoryMi}Mi < working set ${a.memoryMi}Mi (OOMKilled)`);
    if (a.cpuMillis && cpuMillis(limits.cpu) < a.cpuMillis) issues.push(`${a.id}: CPU limit ${limits.cpu} < request ${a.cpuMillis}m (unschedulable)`);
  }
  const cap = spec.nodeCapacity;
  if (cap && cpu > cap.cpuMillis) issues.push(`CPU limits total ${cpu}m exceed the node pool's ${cap.cpuMillis}m`);
  if (cap && mem > cap.memoryMi) issues.push(`memory limits total ${mem}Mi exceed the node pool's ${cap.memoryMi}Mi`);
  return issues;
}

export interface TenantLeak {
  kind: 'edge' | 'permission';
  from: string;
  to: string;
  detail: string;
}

/**
 * Paths between different tenants that are still open (tenant-to-tenant edges the controls
 * let through; shared platform assets excepted), and identities holding permissions scoped to
 * another tenant (`db:globex` held by acme's identity).
 */
export function tenantLeaks(spec: EnvironmentSpec, controls: Controls, view: View = 'twin'): TenantLeak[] {
  const tenantOf = new Map(spec.assets.map((a) => [a.id, a.tenant ?? spec.tenant]));
  const shared = new Set(spec.tenancy?.sharedAssets ?? []);
  const tenants = new Set([...tenantOf.values()].filter((t) => t !== spec.tenant));
  const leaks: TenantLeak[] = [];
  const edges = [...spec.edges.map((e) => ({ e, documented: true })), ...(view === 'environment' ? spec.undocumentedEdges.map((e) => ({ e, documented: false })) : [])];
  for (const { e, documented } of edges) {
    if (shared.has(e.to) || shared.has(e.from) || !crossTenant(spec, e.from, e.to)) continue;
    if (edgeBlock(spec, controls, e, documented) === null)
      leaks.push({ kind: 'edge', from: e.from, to: e.to, detail: `${e.from} (${tenantOf.get(e.from)}) reaches ${e.to} (${tenantOf.get(e.to)}) on ${e.port}` });
  }
  for (const a of spec.assets) {
    if (a.kind !== 'identity') continue;
    const own = tenantOf.get(a.id);
    for (const p of controls.assets[a.id]?.permissions ?? []) {
      const scope = p.split(':')[1];
      if (scope && tenants.has(scope) && scope !== own)
        leaks.push({ kind: 'permission', from: a.id, to: scope, detail: `${a.id} (${own}) holds ${p}, scoped to tenant ${scope}` });
    }
  }
  return leaks;
}

export interface Drift {
  asset: string;
  field: keyof AssetControls;
  desired: unknown;
  actual: unknown;
}

/** Every field of `spec.desiredState` the controls do not have; empty when none is declared or all hold. */
export function driftFromDesired(spec: EnvironmentSpec, controls: Controls): Drift[] {
  const out: Drift[] = [];
  for (const [asset, desired] of Object.entries(spec.desiredState ?? {}))
    for (const [field, value] of Object.entries(desired) as [keyof AssetControls, unknown][]) {
      const actual = controls.assets[asset]?.[field];
      if (!sameValue(actual, value)) out.push({ asset, field, desired: value, actual: actual ?? null });
    }
  return out;
}
