// SLO budgets of the critical flows: latency adds up along the path, availability
// multiplies. Controls cost something: WAF inspection grows with its strictness, a rate
// limiter adds a lookup. A flow without a stated SLO has nothing to violate.
import type { Controls } from '../controls';
import type { EnvironmentSpec } from '../spec';
import { EXTERNAL } from '../spec-schema';

/** Milliseconds one WAF strictness level adds to a request (CRS paranoia levels add rules). */
export const WAF_MS_PER_LEVEL = 2;
/** Milliseconds a rate-limit lookup adds. */
export const RATE_LIMIT_MS = 1;
/** Assumed availability of a hop that states none. */
export const DEFAULT_AVAILABILITY = 0.9999;

export interface FlowSlo {
  flow: string;
  latencyMs: number;
  latencyBudgetMs?: number;
  availability: number;
  availabilityTarget?: number;
  latencyOk: boolean;
  availabilityOk: boolean;
  /** Sentences, one per budget exceeded; empty when within budget. */
  violations: string[];
}

/** Latency (ms) and availability (0..1) of every critical flow under `controls`, against its `slo`. */
export function sloReport(spec: EnvironmentSpec, controls: Controls): FlowSlo[] {
  const byId = new Map(spec.assets.map((a) => [a.id, a]));
  return spec.criticalFlows.map((f) => {
    let latency = 0;
    let availability = 1;
    for (const hop of f.path) {
      if (hop === EXTERNAL) continue;
      const a = byId.get(hop);
      const c = controls.assets[hop] ?? {};
      latency += (a?.latencyMs ?? 0) + (c.wafStrictness ?? 0) * (a?.kind === 'service' && f.path[0] === EXTERNAL && f.path[1] === hop ? WAF_MS_PER_LEVEL : 0);
      if (c.rateLimitRps !== undefined) latency += RATE_LIMIT_MS;
      availability *= a?.availability ?? DEFAULT_AVAILABILITY;
    }
    latency = Math.round(latency * 1000) / 1000;
    availability = Math.round(availability * 1e6) / 1e6;
    const latencyOk = f.slo?.latencyMs === undefined || latency <= f.slo.latencyMs;
    const availabilityOk = f.slo?.availability === undefined || availability >= f.slo.availability;
    const violations: string[] = [];
    if (!latencyOk) violations.push(`flow ${f.id} latency ${latency} ms exceeds its budget of ${f.slo?.latencyMs} ms`);
    if (!availabilityOk) violations.push(`flow ${f.id} availability ${availability} is below its target ${f.slo?.availability}`);
    return {
      flow: f.id, latencyMs: latency, latencyBudgetMs: f.slo?.latencyMs, availability, availabilityTarget: f.slo?.availability,
      latencyOk, availabilityOk, violations,
    };
  });
}

/** SLO sentences violated after a change that were not violated before it. */
export function newSloViolations(spec: EnvironmentSpec, before: Controls, after: Controls): string[] {
  const was = new Map(sloReport(spec, before).map((r) => [r.flow, r]));
  return sloReport(spec, after).flatMap((r) => {
    const b = was.get(r.flow);
    return r.violations.filter((v) => (v.includes(' latency ') ? b?.latencyOk : b?.availabilityOk) !== false);
  });
}
