// Threat propagation: how far an attacker holding the suspect assets (or sending from a
// suspect source address) can reach through the twin, given the current controls. Moves:
// - network: a documented edge the controls let through (containment included), and east-west
//   to any listening service/datastore of the same namespace that has no allowlist, unless the
//   holder's egress is tightened or it is isolated;
// - credentials: the identities an asset runs as (unless disabled), and what an identity's
//   permissions reach (`db:read` → asset db, `s3:*` → buckets, `iam:*` → every identity without MFA,
//   `deploy:*` → pipelines and workloads, `*` → everything);
// - a quarantined asset is stopped: no move starts from or reaches it.
// Pure and deterministic; the twin view (documented edges only), as every prediction.
import type { Asset, AssetKind, Controls, EnvironmentSpec } from '../hardening';
import { EXTERNAL } from '../hardening/twin/spec-schema';
import { edgeBlock } from '../hardening/twin/reachability';
import { cidrCovers } from './ipv4';

export type SuspectKind = AssetKind | 'source';
/** A suspect: an asset of the environment (kind must match), or an internet source address/CIDR. */
export interface Suspect {
  kind: SuspectKind;
  id: string;
}

export interface Reach {
  asset: string;
  /** Moves from the nearest foothold. */
  depth: number;
  /** The move that reached it, e.g. `web -> api:8080`, `permission db:read of api-sa`. */
  via: string;
}

export interface Propagation {
  /** Mean over the suspects of reached weight / weight of every other asset, in [0,1]; critical assets weigh 3, others 1. */
  score: number;
  /** Every asset some suspect reaches (suspect assets excluded), nearest first. */
  reached: Reach[];
  /** Each suspect's own score, by `kind:id`. */
  bySuspect: Record<string, number>;
}

const LISTENING: ReadonlySet<AssetKind> = new Set(['service', 'datastore']);
const weight = (a: Asset | undefined) => (a?.critical ? 3 : 1);

/**
 * Why these suspects cannot be assessed in this environment, or null. `not_found`: no asset of
 * that id and kind in the spec (the suspect refers to something the environment does not have);
 * `invalid`: no suspects, or a source that is not an IPv4 address or CIDR.
 */
export function suspectProblem(spec: EnvironmentSpec, suspects: readonly Suspect[]): { reason: 'invalid' | 'not_found'; message: string } | null {
  if (suspects.length === 0) return { reason: 'invalid', message: 'at least one suspect is required' };
  for (const [i, s] of suspects.entries()) {
    if (s.kind === 'source') {
      if (!cidrCovers(s.id, s.id)) return { reason: 'invalid', message: `suspects[${i}]: source "${s.id}" is not an IPv4 address or CIDR` };
      continue;
    }
    const asset = spec.assets.find((a) => a.id === s.id);
    if (!asset) return { reason: 'not_found', message: `suspects[${i}]: no asset "${s.id}" in environment ${spec.name}` };
    if (asset.kind !== s.kind) return { reason: 'not_found', message: `suspects[${i}]: no ${s.kind} "${s.id}" in environment ${spec.name} ("${s.id}" is a ${asset.kind})` };
  }
  return null;
}

function permissionTargets(spec: EnvironmentSpec, controls: Controls, permission: string): Asset[] {
  if (permission === '*') return spec.assets;
  const prefix = permission.split(':')[0];
  // Passing or assuming a role works on service identities; a human behind MFA is not taken that way.
  if (prefix === 'iam') return spec.assets.filter((a) => a.kind === 'identity' && !controls.assets[a.id]?.mfa);
  if (prefix === 's3') return spec.assets.filter((a) => a.kind === 'bucket');
  if (prefix === 'deploy') return spec.assets.filter((a) => a.kind === 'pipeline' || a.kind === 'workload');
  return spec.assets.filter((a) => a.id === prefix);
}

/** Where one held node can move next: [asset, via] pairs. */
function moves(spec: EnvironmentSpec, controls: Controls, held: string): [string, string][] {
  const asset = spec.assets.find((a) => a.id === held);
  const ctl = controls.assets[held] ?? {};
  if (!asset || ctl.quarantined) return [];
  if (asset.kind === 'identity') {
    if (ctl.credentialsDisabled) return [];
    return (ctl.permissions ?? []).flatMap((p) => permissionTargets(spec, controls, p).map((t) => [t.id, `permission ${p} of ${held}`] as [string, string]));
  }
  const out: [string, string][] = [];
  if (!ctl.isolated) {
    for (const e of spec.edges) {
      if (e.from === held && edgeBlock(spec, controls, e, true) === null) out.push([e.to, `${held} -> ${e.to}:${e.port}`]);
    }
    if (!ctl.egressRestricted) {
      for (const b of spec.assets) {
        const bc = controls.assets[b.id] ?? {};
        if (b.id === held || b.namespace !== asset.namespace || !LISTENING.has(b.kind)) continue;
        if ((bc.openPorts ?? []).length === 0 || bc.allowlist || bc.isolated || bc.quarantined) continue;
        out.push([b.id, `east-west ${held} -> ${b.id} in namespace ${asset.namespace}`]);
      }
    }
  }
  for (const role of asset.roles ?? []) out.push([role, `${held} runs as ${role}`]);
  return out;
}

/** Entry points of an internet source: services with a documented internet edge whose WAF does not block it. */
function sourceMoves(spec: EnvironmentSpec, controls: Controls, source: string): [string, string][] {
  return spec.edges
    .filter((e) => e.from === EXTERNAL && edgeBlock(spec, controls, e, true) === null)
    .filter((e) => !(controls.assets[e.to]?.wafBlockedSources ?? []).some((b) => cidrCovers(b, source)))
    .map((e) => [e.to, `${source} -> ${e.to}:${e.port} through the WAF`]);
}

/** Breadth-first reach from one suspect: every asset reached with the first move that reached it. */
function reachFrom(spec: EnvironmentSpec, controls: Controls, suspect: Suspect): Map<string, Reach> {
  const seen = new Map<string, Reach>();
  let frontier = suspect.kind === 'source' ? sourceMoves(spec, controls, suspect.id) : moves(spec, controls, suspect.id);
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: [string, string][] = [];
    for (const [asset, via] of frontier) {
      if (asset === suspect.id || seen.has(asset) || controls.assets[asset]?.quarantined) continue;
      seen.set(asset, { asset, depth, via });
      next.push(...moves(spec, controls, asset));
    }
    frontier = next;
  }
  return seen;
}

/**
 * Reach of the suspects under `controls`. Each suspect is scored on its own (reached weight over
 * the weight of every other asset) and the score is their mean, so containing one of two
 * footholds counts even when the other still reaches everything. `reached` is the union.
 */
export function threatPropagation(spec: EnvironmentSpec, controls: Controls, suspects: readonly Suspect[]): Propagation {
  const union = new Map<string, Reach>();
  const bySuspect: Record<string, number> = {};
  for (const s of suspects) {
    const reach = reachFrom(spec, controls, s);
    const total = spec.assets.filter((a) => a.id !== s.id).reduce((sum, a) => sum + weight(a), 0);
    const got = [...reach.keys()].reduce((sum, id) => sum + weight(spec.assets.find((a) => a.id === id)), 0);
    bySuspect[`${s.kind}:${s.id}`] = total === 0 ? 0 : round(got / total);
    for (const r of reach.values()) if (!union.has(r.asset) || union.get(r.asset)!.depth > r.depth) union.set(r.asset, r);
  }
  const footholds = new Set(suspects.map((s) => s.id));
  const reached = [...union.values()].filter((r) => !footholds.has(r.asset)).sort((a, b) => a.depth - b.depth || a.asset.localeCompare(b.asset));
  const scores = Object.values(bySuspect);
  return { score: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : 0, reached, bySuspect };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
