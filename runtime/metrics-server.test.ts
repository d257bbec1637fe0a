// The worker's own /metrics server, and the merge of a second exposition (the Temporal SDK's
// endpoint in production; here another real metrics server) into it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { seedMetrics } from './metrics';
import { metricsText, serveMetrics } from './metrics-server';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => (s.close(r), s.closeAllConnections()));
});

async function start(registry: Registry, temporalUrl?: string) {
  const server = await serveMetrics({ registry, host: '127.0.0.1', port: 0, temporalUrl });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('serveMetrics', () => {
  it('serves the registry on GET /metrics and nothing else', async () => {
    const registry = new Registry();
    seedMetrics(registry).simulations.inc({ verdict: 'exploit_possible' });
    const url = await start(registry);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('cerberus_simulations_total{verdict="exploit_possible"} 1');
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });

  it('appends the SDK endpoint\'s text, and says so in a comment when it does not answer', async () => {
    const sdk = new Registry();
    new Counter({ name: 'temporal_worker_task_slots_used_total', help: 'stand-in for the SDK exporter', registers: [sdk] }).inc(3);
    const sdkUrl = `${await start(sdk)}/metrics`;
    const own = new Registry();
    seedMetrics(own).rulesGenerated.inc({ attack_class: 'xss' });
    const merged = await (await fetch(`${await start(own, sdkUrl)}/metrics`)).text();
    expect(merged).toContain('cerberus_rules_generated_total{attack_class="xss"} 1');
    expect(merged).toContain('temporal_worker_task_slots_used_total 3');

    const closed = `${await start(new Registry())}/metrics`;
    await new Promise((r) => (servers[servers.length - 1].close(r), servers[servers.length - 1].closeAllConnections()));
    servers.pop();
    const text = await metricsText(own, closed);
    expect(text).toContain('cerberus_rules_generated_total');
    expect(text).toMatch(/# temporal sdk metrics unavailable from http:\/\/127\.0\.0\.1:\d+\/metrics/);
  });
});
