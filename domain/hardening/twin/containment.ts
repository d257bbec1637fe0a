// What containment controls (domain/containment) do to traffic, health and identities, for
// both views of reachability (twin and environment). Kept apart from ./reachability so the
// incident rules read in one place.
import type { AssetControls, Controls } from './controls';
import type { Edge } from './spec';
import { EXTERNAL } from './spec-schema';

/** A WAF block of a source covering every address (`/0`) drops all internet traffic, legitimate users included. */
export function blocksEveryone(sources: readonly string[] | undefined): boolean {
  return (sources ?? []).some((s) => s.endsWith('/0'));
}

/** Why containment refuses traffic on this edge, or null. `documented`: the edge is in the spec's `edges`. */
export function containmentEdgeBlock(controls: Controls, edge: Edge, documented: boolean): string | null {
  const src: AssetControls = controls.assets[edge.from] ?? {};
  const dst: AssetControls = controls.assets[edge.to] ?? {};
  const link = `${edge.from} -> ${edge.to}:${edge.port}`;
  for (const [id, c] of [[edge.from, src], [edge.to, dst]] as const) {
    if (c.quarantined) return `${link}: ${id} is quarantined (containment)`;
    if (c.isolated) return `${link}: ${id} is isolated from its segment (containment)`;
  }
  if (src.egressRestricted && !documented) return `${link}: ${edge.from}'s egress is restricted to documented dependencies (containment)`;
  if (edge.from === EXTERNAL && blocksEveryone(dst.wafBlockedSources))
    return `${link}: the WAF in front of ${edge.to} blocks every source (containment)`;
  return null;
}

/** Why a contained asset fails its health check (a quarantined workload is not running). */
export function containmentHealth(assetId: string, ctl: AssetControls | undefined): string[] {
  return ctl?.quarantined ? [`${assetId} is quarantined and not running (containment)`] : [];
}

/** Why an identity cannot authenticate because of containment, or null. */
export function credentialsBlock(controls: Controls, identity: string): string | null {
  return controls.assets[identity]?.credentialsDisabled ? `${identity}'s credentials are disabled (containment)` : null;
}
