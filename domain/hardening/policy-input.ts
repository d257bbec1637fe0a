// Builds the OPA input document for one proposed action: everything the Rego rules read.
import { getAction } from './actions/catalog';
import type { EnvironmentSpec } from './twin/spec';
import type { PolicyInput, ProposedAction } from './types';
import { crossTenantPermissions, sectionContext, weakenedControls } from './policy/use-case-facts';

export function buildPolicyInput(
  spec: EnvironmentSpec,
  action: ProposedAction,
  change: { requester: string; tags: Record<string, string>; blastRadius: number; severity?: number },
): PolicyInput {
  const def = getAction(action.actionId);
  const asset = spec.assets.find((a) => a.id === action.target);
  return {
    action: {
      ...action,
      params: withDerivedFacts(spec, action),
      domain: def?.domain ?? 'network',
      removesPermissions: def?.removesPermissions ?? false,
      weakens: def?.weakens ?? false,
      reversible: def?.reversible ?? true,
      pipelinePermissions: def?.pipelinePermissions ?? false,
      disablesScanning: def?.disablesScanning ?? false,
    },
    environment: { name: spec.name, tier: spec.tier, tenant: spec.tenant },
    target: {
      id: action.target,
      kind: asset?.kind ?? 'unknown',
      namespace: asset?.namespace ?? 'default',
      tenant: asset?.tenant ?? spec.tenant,
      roles: asset?.roles ?? [],
    },
    change: { requester: change.requester, tags: change.tags },
    context: {
      blast_radius: change.blastRadius,
      severity: change.severity ?? 0,
      admin_cidrs: spec.adminCidrs,
      protected_namespaces: spec.protectedNamespaces,
      break_glass_roles: spec.breakGlassRoles,
      ...sectionContext(spec, action),
    },
  };
}

/**
 * The audit_logging rule reads `params.audit_logging`; a change that turns logging
 * off says so here whatever its own params look like (including a compensation's restore).
 */
function withDerivedFacts(spec: EnvironmentSpec, action: ProposedAction): Record<string, unknown> {
  const params = action.params ?? {};
  const restore = params.restore as Record<string, unknown> | undefined;
  const logsOff = action.actionId === 'disable_logging' || (restore !== null && typeof restore === 'object' && restore.logging === false);
  const out: Record<string, unknown> = logsOff ? { ...params, audit_logging: false } : { ...params };
  // Only present when they say something, so the params of an ordinary change stay as sent.
  const weakened = weakenedControls(action);
  if (weakened.length > 0) out.weakened_controls = weakened;
  const crossTenant = crossTenantPermissions(spec, action);
  if (crossTenant.length > 0) out.cross_tenant_permissions = crossTenant;
  if (restore !== null && typeof restore === 'object' && restore.secretScanning === false) out.disables_scanning = true;
  return out;
}
