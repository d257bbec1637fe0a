// Serving the process's metrics: the prom-client registry (runtime/metrics.ts) plus, in a
// process that runs a Temporal worker, the SDK's own worker metrics. The SDK's exporter binds a
// loopback port (TEMPORAL_METRICS_PORT, runtime/temporal-metrics.ts) and its text is merged into our /metrics on each scrape,
// so every process has one scrape target; the SDK endpoint stays readable on loopback too.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

const SDK_SCRAPE_TIMEOUT_MS = 1000;

/**
 * The exposition text: `registry`, then the SDK's metrics from `temporalUrl` when given. An SDK
 * endpoint that does not answer within 1 s is reported as a comment, never as a failed scrape.
 */
export async function metricsText(registry: Registry, temporalUrl?: string): Promise<string> {
  const own = await registry.metrics();
  if (!temporalUrl) return own;
  try {
    const res = await fetch(temporalUrl, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return `${own}\n${await res.text()}`;
  } catch (err) {
    return `${own}\n# temporal sdk metrics unavailable from ${temporalUrl}: ${err instanceof Error ? err.message : String(err)}\n`;
  }
}

/**
 * A bare HTTP server with GET /metrics only, for processes without the API (`bulwark worker`).
 * Resolves once listening; throws when the port is taken.
 */
export async function serveMetrics(opts: { registry: Registry; host: string; port: number; temporalUrl?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: scrape GET /metrics\n');
      return;
    }
    metricsText(opts.registry, opts.temporalUrl).then(
      (text) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(text),
      (err) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
