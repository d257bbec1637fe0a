// Turning the catalog into concrete proposals for one environment, and checking
// proposals that come from elsewhere (operators, the API) before anything runs.
import type { ProposedAction } from '../types';
import { EXTERNAL } from '../twin/spec-schema';
import type { EnvironmentSpec } from '../twin/spec';
import { applyAction, sameValue, type Controls } from '../twin/controls';
import { ACTION_CATALOG } from './catalog';
import { computePatch, defaultLimits, unusedPermissions, unusedPorts } from './effects';
import { defaultRateLimit } from './pairs/effects';
import { MAX_WAF_STRICTNESS } from '../twin/spec-schema';

export function validateProposedAction(spec: EnvironmentSpec, controls: Controls, a: ProposedAction): string | null {
  if (!a || typeof a !== 'object') return 'action must be an object';
  if (typeof a.actionId !== 'string' || !a.actionId) return 'actionId must be a non-empty string';
  if (typeof a.target !== 'string' || !a.target) return 'target must be a non-empty string';
  const res = computePatch(spec, controls, a);
  return typeof res === 'string' ? res : null;
}

/**
 * Every hardening (never a weakening inverse) that would change something, one
 * per action and target, with its params spelled out so the policy gate and a
 * human approver see exactly what would happen.
 */
export function candidateActions(spec: EnvironmentSpec, controls: Controls): ProposedAction[] {
  const out: ProposedAction[] = [];
  // The WAF sits in front of what the internet calls; segmentation matters only with several tenants.
  const internetFacing = new Set(spec.edges.filter((e) => e.from === EXTERNAL).map((e) => e.to));
  const multiTenant = spec.assets.some((a) => a.tenant !== undefined && a.tenant !== spec.tenant);
  for (const def of ACTION_CATALOG) {
    if (def.weakens || def.containment) continue;
    for (const asset of spec.assets) {
      if (!def.targetKinds.includes(asset.kind)) continue;
      const ctl = controls.assets[asset.id] ?? {};
      let params: Record<string, unknown> = {};
      switch (def.id) {
        case 'restrict_ingress':
          // Re-restricting with other CIDRs is an operator decision, not a hardening step.
          if (ctl.ingress !== 'public') continue;
          params = { allowed_cidrs: [...spec.adminCidrs] };
          break;
        case 'allowlist_service_to_service':
          // Without internal callers an allowlist protects nothing.
          if (!spec.edges.some((e) => e.to === asset.id && e.from !== EXTERNAL)) continue;
          break;
        case 'close_port':
          params = { ports: unusedPorts(spec, asset).filter((p) => ctl.openPorts?.includes(p)) };
          if ((params.ports as number[]).length === 0) continue;
          break;
        case 'set_resource_limits':
          params = defaultLimits(asset);
          break;
        case 'remove_unused_permissions':
          params = { permissions: unusedPermissions(asset).filter((p) => ctl.permissions?.includes(p)) };
          if ((params.permissions as string[]).length === 0) continue;
          break;
        case 'rotate_credentials':
          if (!ctl.credentialsStale) continue;
          params = { generation: (ctl.credentialGeneration ?? 0) + 1 };
          break;
        case 'rotate_build_secrets':
          if (!ctl.buildSecretsStale) continue;
          params = { generation: (ctl.buildSecretsGeneration ?? 0) + 1 };
          break;
        case 'segment_tenant_network':
          if (!multiTenant) continue;
          break;
        case 'increase_waf_strictness':
          // One level at a time: the policy caps the level per tier and the twin judges each step.
          if (!internetFacing.has(asset.id) || (ctl.wafStrictness ?? 0) >= MAX_WAF_STRICTNESS) continue;
          params = { strictness: (ctl.wafStrictness ?? 0) + 1 };
          break;
        case 'add_rate_limit':
          // Re-tuning an existing limit is an operator decision, not a hardening step.
          if (!internetFacing.has(asset.id) || ctl.rateLimitRps !== undefined) continue;
          params = { rps: defaultRateLimit(asset) };
          break;
        case 'waf_block_mode':
          if (!internetFacing.has(asset.id)) continue;
          break;
      }
      const action: ProposedAction = { actionId: def.id, target: asset.id, params };
      if (validateProposedAction(spec, controls, action) !== null) continue;
      const after = applyAction(spec, controls, action);
      if (!sameValue(after.assets[asset.id], ctl)) out.push(action);
    }
  }
  return out;
}
