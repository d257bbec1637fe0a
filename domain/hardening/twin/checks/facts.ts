// Truths the twin lacks: facts of the real (sandbox) environment that only the
// environment view sees. A flaky dependency fails once one of the listed actions has
// changed the callee, e.g. CPU limits that make a tight client timeout fire. The twin's
// prediction is then wrong; verification catches it and the saga rolls back.
import { getAction } from '../../actions/catalog';
import { initialAssetControls, sameValue, type Controls } from '../controls';
import type { EnvironmentSpec } from '../spec';

/** Why the environment's flaky dependencies fail on the hop `from -> to` under `controls`; empty when they hold. */
export function flakyFailures(spec: EnvironmentSpec, controls: Controls, from: string, to: string): string[] {
  const deps = spec.environmentFacts?.flakyDependencies.filter((d) => d.from === from && d.to === to) ?? [];
  if (deps.length === 0) return [];
  const asset = spec.assets.find((a) => a.id === to);
  const now = controls.assets[to] ?? {};
  const initial = asset ? initialAssetControls(asset) : {};
  const out: string[] = [];
  for (const d of deps)
    for (const id of d.breaksWhen) {
      const fields = getAction(id)?.fields ?? [];
      if (fields.some((f) => !sameValue(now[f], initial[f])))
        out.push(`${from} -> ${to}: flaky dependency fails after ${id} on ${to}${d.description ? ` (${d.description})` : ''}`);
    }
  return out;
}
