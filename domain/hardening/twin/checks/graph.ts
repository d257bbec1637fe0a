// Blast radius through the dependency graph: who is reached, directly or transitively,
// when an asset changes or fails. Callers depend on what they call; assets running as an
// identity depend on it.
import type { EnvironmentSpec } from '../spec';
import { EXTERNAL } from '../spec-schema';
import type { View } from '../reachability';

export interface Dependent {
  asset: string;
  /** Hops from the changed asset (1 = direct caller or holder of the identity). */
  depth: number;
  /** The asset it depends on, one hop closer to the changed asset. */
  via: string;
}

/**
 * Every asset that depends on `assetId`, breadth first, with its distance and the hop it
 * depends through. The twin view follows documented edges; the environment view also the
 * undocumented ones. The asset itself and the internet are not included.
 */
export function dependents(spec: EnvironmentSpec, assetId: string, view: View = 'twin'): Dependent[] {
  const edges = view === 'environment' ? [...spec.edges, ...spec.undocumentedEdges] : spec.edges;
  const callersOf = new Map<string, Set<string>>();
  const add = (to: string, from: string) => callersOf.set(to, (callersOf.get(to) ?? new Set()).add(from));
  for (const e of edges) if (e.from !== EXTERNAL) add(e.to, e.from);
  for (const a of spec.assets) for (const r of a.roles ?? []) add(r, a.id);
  const out: Dependent[] = [];
  const seen = new Set([assetId]);
  let frontier = [assetId];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const cur of frontier)
      for (const caller of [...(callersOf.get(cur) ?? [])].sort()) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        out.push({ asset: caller, depth, via: cur });
        next.push(caller);
      }
    frontier = next;
  }
  return out;
}

/** Critical flows that pass through (or run as) any of `assets`. */
export function flowsTouching(spec: EnvironmentSpec, assets: Iterable<string>): string[] {
  const set = new Set(assets);
  return spec.criticalFlows.filter((f) => f.path.some((h) => set.has(h)) || (f.identity !== undefined && set.has(f.identity))).map((f) => f.id);
}
