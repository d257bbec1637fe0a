// Prometheus metrics: default process metrics plus per-route HTTP counters/latency.
// Labels use the matched route pattern (not the raw path) so workflow ids in URLs cannot
// explode the series count.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
  cyclesStarted: Counter<'environment' | 'trigger'>;
}

/** Reuses metrics already in the registry, so two apps (or tests) can share one registry. */
function getOrCreate<T extends Metric>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createMetrics(registry = new Registry()): ApiMetrics {
  if (!registry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: getOrCreate(registry, 'http_requests_total', () =>
      new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers }),
    ),
    duration: getOrCreate(registry, 'http_request_duration_seconds', () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency (seed: time-to-decision for POST /cycle/run)',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers,
      }),
    ),
    cyclesStarted: getOrCreate(registry, 'bulwark_cycles_started_total', () =>
      new Counter({ name: 'bulwark_cycles_started_total', help: 'Hardening cycles started through the API', labelNames: ['environment', 'trigger'], registers }),
    ),
  };
}

export function metricsMiddleware(m: ApiMetrics): MiddlewareHandler {
  return async (c, next) => {
    const end = m.duration.startTimer();
    try {
      await next();
    } finally {
      // The last matched route is the handler's pattern; only catch-all middleware means no route matched.
      const route = routePath(c, -1);
      const labels = { method: c.req.method, route: route === '/*' || route === '*' ? 'unmatched' : route, status: String(c.res.status) };
      m.requests.inc(labels);
      end(labels);
    }
  };
}
