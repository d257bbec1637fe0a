// Facts the use-case rules of the policy read (UC2, 4, 6, 7, 8, 9): what a change would
// weaken, which tenants its grants reach, and what the environment's sections say about
// its target. Derived here once so Rego only compares.
import type { EnvironmentSpec } from '../twin/spec';
import type { ProposedAction } from '../types';
import { getAction } from '../actions/catalog';

const TLS_OK = new Set(['1.2', '1.3']);

/** Baseline control names (compliance.baseline) a field value falls short of; null when it does not. */
function shortfall(field: string, value: unknown): string | null {
  if (field === 'tlsMinVersion') return typeof value === 'string' && !TLS_OK.has(value) ? 'tls12' : null;
  if (field === 'podSecurity') return value !== 'restricted' ? 'pod_security_restricted' : null;
  const names: Record<string, string> = {
    encryptionAtRest: 'encryption_at_rest', logging: 'audit_logging', mfa: 'mfa', signedArtifacts: 'signed_artifacts', secretScanning: 'secret_scanning',
  };
  return names[field] && value !== true ? names[field] : null;
}

/** Baseline controls the change would leave unmet: a weakening inverse's fields, or the values a `restore` sets. */
export function weakenedControls(action: ProposedAction): string[] {
  const params = action.params ?? {};
  const restore = params.restore;
  const out = new Set<string>();
  if (restore && typeof restore === 'object' && !Array.isArray(restore)) {
    for (const [f, v] of Object.entries(restore)) {
      const s = shortfall(f, v);
      if (s) out.add(s);
    }
  } else if (getAction(action.actionId)?.weakens) {
    const def = getAction(action.actionId)!;
    for (const f of def.fields) {
      // A weakening inverse sets each field to its weak value; the level params name it where they can.
      const s = shortfall(f, f === 'tlsMinVersion' ? (params.version ?? '1.0') : f === 'podSecurity' ? (params.level ?? 'baseline') : false);
      if (s) out.add(s);
    }
  }
  return [...out].sort();
}

/** Permissions a grant (or a restore of permissions) would give that are scoped to another tenant (`db:globex`). */
export function crossTenantPermissions(spec: EnvironmentSpec, action: ProposedAction): string[] {
  const params = action.params ?? {};
  const restore = params.restore as Record<string, unknown> | undefined;
  const granted = [
    ...(Array.isArray(params.permissions) && action.actionId === 'grant_permissions' ? params.permissions : []),
    ...(restore && Array.isArray(restore.permissions) ? restore.permissions : []),
  ].filter((p): p is string => typeof p === 'string');
  const asset = spec.assets.find((a) => a.id === action.target);
  const own = asset?.tenant ?? spec.tenant;
  const tenants = new Set([...spec.assets.map((a) => a.tenant).filter((t): t is string => !!t), ...(spec.tenancy?.tenants.map((t) => t.id) ?? [])]);
  tenants.delete(own);
  tenants.delete(spec.tenant);
  return granted.filter((p) => tenants.has(p.split(':')[1] ?? '')).sort();
}

/** What the environment's sections say about this change's target and tier. */
export function sectionContext(spec: EnvironmentSpec, action: ProposedAction) {
  const exception = spec.exceptions.find((e) => e.asset === action.target && (!e.actions || e.actions.includes(action.actionId)));
  return {
    compliance_baseline: spec.compliance?.baseline ?? [],
    partner_routes: (spec.waf?.partnerRoutes ?? []).filter((r) => r.service === action.target).map(({ id, path, partner }) => ({ id, path, partner })),
    waf_max_strictness: spec.waf?.maxStrictness?.[spec.tier] ?? null,
    allowed_domains: spec.riskBudgets?.[spec.tier]?.allowedDomains ?? [],
    exception: exception ? { reason: exception.reason } : null,
    containment_min_severity: spec.incidentResponse?.severityThreshold ?? null,
  };
}
