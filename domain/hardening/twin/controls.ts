// Control state of an environment: what Bulwark has (or has not yet) hardened,
// per asset. Kept as plain JSON so it can be persisted, diffed and replayed.
import type { ProposedAction } from '../types';
import { ACTION_CATALOG, getAction } from '../actions/catalog';
import { computePatch, defaultLimits } from '../actions/effects';
import type { z } from 'zod';
import { ControlsSchema, type AssetControlsSchema } from './controls-schema';
import type { Asset, EnvironmentSpec } from './spec';

export { AssetControlsSchema, ControlsSchema } from './controls-schema';

export type AssetControls = z.output<typeof AssetControlsSchema>;
export type ControlField = keyof AssetControls;
export type Controls = z.output<typeof ControlsSchema>;

/** Validates controls read back from storage. */
export function parseControls(obj: unknown): Controls {
  return ControlsSchema.parse(obj);
}

const POD_KINDS = new Set(['service', 'workload']);
const NETWORK_KINDS = new Set(['service', 'datastore', 'bucket']);

export function initialAssetControls(a: Asset): AssetControls {
  const c: AssetControls = {};
  if (NETWORK_KINDS.has(a.kind)) {
    if (a.kind !== 'bucket') {
      c.openPorts = sortNumbers(a.ports ?? []);
      c.allowlist = a.allowlist ?? false;
    }
    c.ingress = a.public ? 'public' : 'restricted';
    c.ingressCidrs = [];
    c.tlsMinVersion = a.tlsMinVersion ?? '1.2';
    c.segmented = a.segmented ?? false;
  }
  if (a.kind === 'service') {
    c.wafStrictness = a.wafStrictness ?? 1;
    c.wafMode = a.wafMode ?? 'detect';
    if (a.rateLimitRps) c.rateLimitRps = a.rateLimitRps;
  }
  if (POD_KINDS.has(a.kind)) {
    c.privileged = a.privileged ?? false;
    c.capabilitiesDropped = a.capabilitiesDropped ?? false;
    c.podSecurity = a.podSecurity ?? (a.privileged || a.hostNetwork || a.hostPath ? 'privileged' : 'baseline');
    if (a.resourceLimits) c.limits = defaultLimits(a);
    c.readOnlyRootFs = a.readOnlyRootFs ?? false;
    c.runAsNonRoot = a.runAsNonRoot ?? false;
  }
  if (a.kind === 'datastore' || a.kind === 'bucket') c.encryptionAtRest = a.encryptionAtRest ?? false;
  if (a.kind === 'identity') {
    c.permissions = sortStrings(a.permissions ?? []);
    c.mfa = a.mfa ?? false;
    c.credentialGeneration = 0;
    c.credentialsStale = a.credentialsStale ?? false;
    c.scopedToResources = a.scopedToResources ?? false;
  }
  if (a.kind === 'pipeline') {
    c.signedArtifacts = a.signedArtifacts ?? false;
    c.pinnedDependencies = a.pinnedDependencies ?? false;
    c.runnerPermissions = a.runnerPermissions ?? 'elevated';
    c.secretScanning = a.secretScanning ?? false;
    c.buildSecretsGeneration = 0;
    c.buildSecretsStale = a.buildSecretsStale ?? false;
  }
  if (a.kind !== 'identity') c.logging = a.logging ?? false;
  return c;
}

export function initialControls(spec: EnvironmentSpec): Controls {
  return { assets: Object.fromEntries(spec.assets.map((a) => [a.id, initialAssetControls(a)])) };
}

/**
 * Controls for an edited spec: assets that still exist keep their live state,
 * new assets start from the spec, removed ones are dropped.
 */
export function reconcileControls(spec: EnvironmentSpec, controls: Controls): Controls {
  return {
    assets: Object.fromEntries(spec.assets.map((a) => [a.id, controls.assets[a.id] ?? initialAssetControls(a)])),
  };
}

/**
 * Pure and idempotent: patches set absolute values or do set union/difference,
 * so re-applying after a retried activity changes nothing.
 */
export function applyAction(spec: EnvironmentSpec, controls: Controls, action: ProposedAction): Controls {
  const patch = patchFor(spec, controls, action);
  const next: AssetControls = { ...controls.assets[action.target] };
  for (const [field, value] of Object.entries(patch) as [ControlField, unknown][]) {
    if (value === null || value === undefined) delete next[field];
    else (next as Record<string, unknown>)[field] = canonical(field, value);
  }
  return { assets: { ...controls.assets, [action.target]: next } };
}

/**
 * The compensation carries the exact prior values (params.restore) instead of a
 * generic "undo", so rollback restores the world even when the action was a partial change.
 * `compensation: true` is what lets a weakening inverse past the policy gate.
 */
export function inverseAction(spec: EnvironmentSpec, controlsBefore: Controls, action: ProposedAction): ProposedAction {
  const def = getAction(action.actionId);
  if (!def) throw new Error(`unknown action "${action.actionId}"`);
  const before = controlsBefore.assets[action.target] ?? {};
  const after = applyAction(spec, controlsBefore, action).assets[action.target];
  const restore: Record<string, unknown> = {};
  for (const f of new Set([...Object.keys(before), ...Object.keys(after)]) as Set<ControlField>) {
    if (!sameValue(before[f], after[f])) restore[f] = before[f] ?? null;
  }
  return { actionId: def.inverse, target: action.target, params: { restore, compensation: true } };
}

/**
 * Sandbox drift: real estates slide back (a hot-fix reopens a port, a chart
 * upgrade resets pod security), so a converged loop still finds work.
 * Returns the keys (`actionId@asset`) of the hardenings that were undone.
 */
export function driftControls(
  spec: EnvironmentSpec,
  controls: Controls,
  rng: () => number,
): { controls: Controls; drifted: string[] } {
  if (!spec.drift || spec.tier !== 'sandbox' || rng() >= spec.drift.probability) return { controls, drifted: [] };
  const initial = initialControls(spec);
  const groups: { key: string; asset: string; fields: ControlField[] }[] = [];
  for (const asset of [...spec.assets].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const def of ACTION_CATALOG) {
      if (def.weakens || def.containment || !def.targetKinds.includes(asset.kind)) continue;
      // Credential generations only move forward; staleness is what drifts back.
      const fields = def.fields.filter((f) => f !== 'credentialGeneration' && f !== 'buildSecretsGeneration');
      const cur = controls.assets[asset.id] ?? {};
      const init = initial.assets[asset.id];
      if (fields.some((f) => !sameValue(cur[f], init[f]))) groups.push({ key: `${def.id}@${asset.id}`, asset: asset.id, fields });
    }
  }
  if (groups.length === 0) return { controls, drifted: [] };
  const g = groups[Math.min(groups.length - 1, Math.floor(rng() * groups.length))];
  const next: AssetControls = { ...controls.assets[g.asset] };
  for (const f of g.fields) {
    const v = initial.assets[g.asset][f];
    if (v === undefined) delete next[f];
    else (next as Record<string, unknown>)[f] = structuredClone(v);
  }
  return { controls: { assets: { ...controls.assets, [g.asset]: next } }, drifted: [g.key] };
}

function patchFor(spec: EnvironmentSpec, controls: Controls, action: ProposedAction): Partial<Record<ControlField, unknown>> {
  const res = computePatch(spec, controls, action);
  if (typeof res === 'string') throw new Error(`cannot apply ${action.actionId}@${action.target}: ${res}`);
  return res;
}

function canonical(field: ControlField, value: unknown): unknown {
  if (field === 'openPorts') return sortNumbers(value as number[]);
  if (field === 'permissions' || field === 'ingressCidrs') return sortStrings(value as string[]);
  return structuredClone(value);
}

const sortNumbers = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
const sortStrings = (xs: string[]) => [...new Set(xs)].sort();

/** Structural equality for JSON values, independent of object key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}
