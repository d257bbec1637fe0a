// The seed prototype's "Generate Sample Telemetry": plausible readings around
// the spec's baseline, reproducible from a seed so a demo or test can replay it.
import type { TelemetrySignals } from '../types';
import { seededRng } from '../../rng';
import type { EnvironmentSpec } from './spec';

type NumericKey = { [K in keyof TelemetrySignals]-?: TelemetrySignals[K] extends number ? K : never }[keyof TelemetrySignals];

const COUNTS: NumericKey[] = [
  'exposed_ports_count', 'failed_scans', 'privileged_pods', 'host_network_pods', 'host_path_mounts',
  'missing_resource_limits', 'anomalous_api_calls', 'new_principals', 'high_priv_role_usage',
  'mfa_disabled_users', 'weak_tls_endpoints', 'missing_logging',
];
/** Newer signals: jittered like the counts when the spec states them, left absent otherwise. */
const OPTIONAL_COUNTS = ['unsigned_artifacts', 'unpinned_dependencies', 'secret_scan_hits', 'attack_signatures', 'cross_tenant_attempts'] as const;

/** ±25% on counts, ±0.15 on the spike ratio, ±15% on percentages; booleans are structural and stay. */
export function sampleTelemetry(spec: EnvironmentSpec, seed: number): TelemetrySignals {
  const rng = seededRng(`${spec.name}:${seed}`);
  const base = spec.telemetry;
  const out: TelemetrySignals = { ...base };
  for (const k of COUNTS) out[k] = Math.max(0, Math.round(base[k] * (0.75 + 0.5 * rng())));
  out.inbound_spike = round(Math.min(1, Math.max(0, base.inbound_spike + (rng() - 0.5) * 0.3)));
  out.unused_permissions_pct = round(Math.min(100, Math.max(0, base.unused_permissions_pct * (0.85 + 0.3 * rng()))));
  // Drawn after the original signals so their sequence (and every recorded demo) stays the same.
  for (const k of OPTIONAL_COUNTS) {
    const v = base[k];
    if (v !== undefined) out[k] = Math.max(0, Math.round(v * (0.75 + 0.5 * rng())));
  }
  if (base.bot_traffic !== undefined) out.bot_traffic = round(Math.min(1, Math.max(0, base.bot_traffic + (rng() - 0.5) * 0.2)));
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
