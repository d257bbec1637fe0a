// What each catalog action does to one asset's controls. A patch sets absolute
// values (null = remove the field) so applying it twice equals applying it once.
import { z } from 'zod';
import type { ProposedAction } from '../types';
import type { Asset, EnvironmentSpec } from '../twin/spec';
import type { AssetControls, ControlField, Controls } from '../twin/controls';
import { AssetControlsSchema } from '../twin/controls-schema';
import { ACTION_CATALOG, getAction } from './catalog';
import { CONTAINMENT_EFFECTS } from '../../containment/effects';
import { PAIR_EFFECTS } from './pairs/effects';

export type Patch = Partial<Record<ControlField, unknown>>;
export interface EffectContext {
  spec: EnvironmentSpec;
  asset: Asset;
  ctl: AssetControls;
}
type Ctx = EffectContext;
export interface Effect<S extends z.ZodType = z.ZodType> {
  params: S;
  patch: (ctx: Ctx, p: z.output<S>) => Patch | string;
}

const none = z.strictObject({});
const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'must be an IPv4 CIDR');
const ports = z.array(z.number().int().min(1).max(65535));
const TLS_ORDER = ['1.0', '1.1', '1.2', '1.3'];

const effect = <S extends z.ZodType>(params: S, patch: (ctx: Ctx, p: z.output<S>) => Patch | string): Effect =>
  ({ params, patch }) as unknown as Effect;

/** Ports the twin believes nobody calls: no documented inbound edge uses them. */
export function unusedPorts(spec: EnvironmentSpec, asset: Asset): number[] {
  const used = new Set(spec.edges.filter((e) => e.to === asset.id).map((e) => e.port));
  return (asset.ports ?? []).filter((p) => !used.has(p));
}

/** Permissions outside the observed-usage window; the twin may still need them for a rare critical flow. */
export function unusedPermissions(asset: Asset): string[] {
  const used = new Set(asset.usedPermissions ?? asset.permissions ?? []);
  return (asset.permissions ?? []).filter((p) => !used.has(p));
}

/** Safe default limits leave 50% headroom over the spec's known memory footprint. */
export function defaultLimits(asset: Asset): { cpu: string; memoryMi: number } {
  return { cpu: '500m', memoryMi: asset.memoryMi ? Math.ceil(asset.memoryMi * 1.5) : 512 };
}

const declaredPorts = (asset: Asset, list: number[]): string | null => {
  const bad = list.find((p) => !(asset.ports ?? []).includes(p));
  return bad === undefined ? null : `port ${bad} is not a port of "${asset.id}" (${(asset.ports ?? []).join(', ')})`;
};

const EFFECTS: Record<string, Effect> = {
  // `allowed_cidrs` is the name the policy gate checks against the admin CIDRs.
  restrict_ingress: effect(z.strictObject({ allowed_cidrs: z.array(cidr).optional() }), ({ spec }, p) => ({
    ingress: 'restricted',
    ingressCidrs: p.allowed_cidrs ?? spec.adminCidrs,
  })),
  open_ingress: effect(none, () => ({ ingress: 'public', ingressCidrs: [] })),
  close_port: effect(z.strictObject({ ports: ports.optional() }), ({ spec, asset, ctl }, p) => {
    const list = p.ports ?? unusedPorts(spec, asset);
    return declaredPorts(asset, list) ?? { openPorts: (ctl.openPorts ?? []).filter((x) => !list.includes(x)) };
  }),
  open_port: effect(z.strictObject({ ports: ports.min(1) }), ({ asset, ctl }, p) =>
    declaredPorts(asset, p.ports) ?? { openPorts: [...(ctl.openPorts ?? []), ...p.ports] },
  ),
  allowlist_service_to_service: effect(none, () => ({ allowlist: true })),
  remove_service_allowlist: effect(none, () => ({ allowlist: false })),
  drop_capabilities: effect(none, () => ({ capabilitiesDropped: true, privileged: false })),
  restore_capabilities: effect(none, () => ({ capabilitiesDropped: false })),
  set_resource_limits: effect(
    z.strictObject({
      cpu: z.string().regex(/^\d+(\.\d+)?m?$/, 'must be a CPU quantity like 500m or 1').optional(),
      memoryMi: z.number().int().positive().optional(),
    }),
    ({ asset }, p) => ({ limits: { ...defaultLimits(asset), ...p } }),
  ),
  remove_resource_limits: effect(none, () => ({ limits: null })),
  restricted_pod_security: effect(none, () => ({ podSecurity: 'restricted' })),
  relax_pod_security: effect(z.strictObject({ level: z.enum(['baseline', 'privileged']).optional() }), (_c, p) => ({
    podSecurity: p.level ?? 'baseline',
  })),
  remove_unused_permissions: effect(z.strictObject({ permissions: z.array(z.string().min(1)).optional() }), ({ asset, ctl }, p) => {
    const list = p.permissions ?? unusedPermissions(asset);
    return { permissions: (ctl.permissions ?? []).filter((x) => !list.includes(x)) };
  }),
  grant_permissions: effect(z.strictObject({ permissions: z.array(z.string().min(1)).min(1) }), ({ ctl }, p) => ({
    permissions: [...(ctl.permissions ?? []), ...p.permissions],
  })),
  enforce_mfa: effect(none, () => ({ mfa: true })),
  disable_mfa: effect(none, () => ({ mfa: false })),
  rotate_credentials: effect(z.strictObject({ generation: z.number().int().min(1).optional() }), ({ ctl }, p) => {
    const current = ctl.credentialGeneration ?? 0;
    if (p.generation !== undefined) {
      if (p.generation < current) return `params.generation: ${p.generation} is older than the current generation ${current}`;
      return { credentialGeneration: p.generation, credentialsStale: false };
    }
    // Without an explicit generation only stale credentials rotate, which keeps a retry idempotent.
    return ctl.credentialsStale ? { credentialGeneration: current + 1, credentialsStale: false } : {};
  }),
  restore_previous_credentials: effect(z.strictObject({ generation: z.number().int().min(0).optional() }), ({ ctl }, p) => ({
    credentialsStale: true,
    credentialGeneration: p.generation ?? ctl.credentialGeneration ?? 0,
  })),
  enable_encryption_at_rest: effect(z.strictObject({ kmsKey: z.string().min(1).optional() }), () => ({ encryptionAtRest: true })),
  disable_encryption_at_rest: effect(none, () => ({ encryptionAtRest: false })),
  enforce_tls12: effect(none, ({ ctl }) => ({
    tlsMinVersion: TLS_ORDER.indexOf(ctl.tlsMinVersion ?? '1.0') >= 2 ? ctl.tlsMinVersion : '1.2',
  })),
  allow_legacy_tls: effect(z.strictObject({ version: z.enum(['1.0', '1.1']).optional() }), (_c, p) => ({
    tlsMinVersion: p.version ?? '1.0',
  })),
  enable_logging: effect(none, () => ({ logging: true })),
  disable_logging: effect(none, () => ({ logging: false })),
  ...CONTAINMENT_EFFECTS,
  ...PAIR_EFFECTS,
};

for (const def of ACTION_CATALOG) if (!EFFECTS[def.id]) throw new Error(`catalog action ${def.id} has no effect`);

/** The patch for `action`, or a reason why it cannot be applied. */
export function computePatch(spec: EnvironmentSpec, controls: Controls, action: ProposedAction): Patch | string {
  const def = getAction(action.actionId);
  if (!def) return `unknown action id "${action.actionId}"`;
  const asset = spec.assets.find((a) => a.id === action.target);
  if (!asset) return `unknown target "${action.target}" in environment ${spec.name}`;
  if (!def.targetKinds.includes(asset.kind))
    return `${def.id} cannot target ${asset.kind} "${asset.id}" (it targets: ${def.targetKinds.join(', ')})`;
  const params = action.params ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) return 'params must be an object';
  const ctl = controls.assets[asset.id] ?? {};

  if ('restore' in params) return restorePatch(def.fields, params);
  const eff = EFFECTS[def.id];
  const parsed = eff.params.safeParse(params);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const key = i.code === 'unrecognized_keys' ? [...i.path, i.keys.join(', ')] : i.path;
    return `params.${key.join('.') || '(root)'}: ${i.message}`;
  }
  return eff.patch({ spec, asset, ctl }, parsed.data);
}

function restorePatch(fields: ControlField[], params: Record<string, unknown>): Patch | string {
  const { restore, compensation, ...rest } = params;
  if (Object.keys(rest).length > 0) return `params.${Object.keys(rest)[0]}: not allowed together with restore`;
  if (compensation !== undefined && typeof compensation !== 'boolean') return 'params.compensation must be a boolean';
  if (!restore || typeof restore !== 'object' || Array.isArray(restore)) return 'params.restore must be an object';
  const patch: Patch = {};
  for (const [field, value] of Object.entries(restore)) {
    if (!fields.includes(field as ControlField)) return `params.restore.${field}: not a field this action controls (${fields.join(', ')})`;
    if (value !== null) {
      const shape = AssetControlsSchema.shape[field as ControlField].unwrap();
      const ok = shape.safeParse(value);
      if (!ok.success) return `params.restore.${field}: ${ok.error.issues[0].message}`;
    }
    patch[field as ControlField] = value;
  }
  return patch;
}
