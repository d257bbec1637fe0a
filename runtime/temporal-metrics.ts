// The Temporal SDK's own worker metrics (task slots, poll and schedule-to-start latencies,
// sticky cache, ...) through its Prometheus exporter. Kept apart from runtime/metrics-server.ts
// so the API, which needs no native runtime, never loads @temporalio/worker for /metrics.
import { Runtime } from '@temporalio/worker';

/**
 * Installs the Temporal Runtime with its Prometheus exporter on `127.0.0.1:<port>` and returns
 * the URL to scrape. Must run before any NativeConnection or Worker exists (Runtime.install
 * works once per process). Names follow Prometheus conventions: `_total` counters, seconds.
 */
export function installTemporalMetrics(port: number): string {
  const bindAddress = `127.0.0.1:${port}`;
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } },
    },
  });
  return `http://${bindAddress}/metrics`;
}


/**
 * installTemporalMetrics unless `port` is 0; a taken port costs only the SDK's metrics, so it
 * is reported through `warn` and the process goes on with the default Runtime.
 */
export function tryInstallTemporalMetrics(port: number, warn: (message: string, fields: Record<string, unknown>) => void): string | undefined {
  if (port === 0) return undefined;
  try {
    return installTemporalMetrics(port);
  } catch (err) {
    warn('temporal sdk metrics unavailable', { port, error: err instanceof Error ? err.message : String(err), fix: 'set TEMPORAL_METRICS_PORT to a free port (0: off)' });
    return undefined;
  }
}
