// The Grafana dashboard stays in step with the metrics: it charts every seed and hardening
// metric, names none that does not exist, and takes its Prometheus data source from a variable.
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { hardeningMetrics, seedMetrics } from '../../runtime/metrics';

const dashboard = JSON.parse(readFileSync(new URL('./bulwark.json', import.meta.url), 'utf8')) as {
  panels: { type: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
  templating: { list: { name: string; type: string; query: unknown }[] };
};
const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
const used = new Set(exprs.flatMap((e) => e.match(/\b(?:cerberus|bulwark)_[a-z_]+/g) ?? []).map((n) => n.replace(/_(bucket|sum|count)$/, '')));

describe('ops/grafana/bulwark.json', () => {
  const registry = new Registry();
  seedMetrics(registry);
  hardeningMetrics(registry);
  const defined = registry.getMetricsAsArray().map((m) => m.name);

  it('charts every seed and hardening metric, and only metrics that exist', () => {
    const required = defined.filter((n) => !['cerberus_sentinel_payload_predictions_total', 'cerberus_sentinel_cache_entries', 'cerberus_sentinel_circuit_breaker_state'].includes(n));
    for (const name of [...required, 'bulwark_hardening_approvals_waiting']) expect(used, name).toContain(name);
    for (const name of used) expect([...defined, 'bulwark_hardening_approvals_waiting'], name).toContain(name);
  });

  it('reads every panel from the Prometheus data source variable', () => {
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const p of dashboard.panels.filter((x) => x.type !== 'row')) expect(p.datasource?.uid).toBe('${datasource}');
  });
});
