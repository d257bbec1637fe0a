// The in-process model server behind /api/v1/sentinel: loaded models, the LRU prediction
// cache, the circuit breaker and the Sentinel metrics. One per app; models load lazily on the
// first request so createApp stays free of I/O (tests that never call sentinel pay nothing).
import { LRUCache } from 'lru-cache';
import { Counter, Gauge, Histogram, type Metric, type Registry } from 'prom-client';
import { defaultAnomalyModel, type AnomalyModel } from '../domain/threat/detection/anomaly';
import { classify, type Prediction } from '../domain/threat/detection/classifier';
import { CircuitBreaker, type BreakerState } from '../domain/threat/detection/circuit-breaker';
import { createInferenceEngine, DEFAULT_THRESHOLDS, type InferenceEngine, type Thresholds } from '../domain/threat/detection/engine';
import type { PayloadModel } from '../domain/threat/detection/model';
import { defaultModel } from '../domain/threat/detection/model-io';
import type { SandboxService } from './sentinel-sandbox';

/** What the API needs for detection; every field optional, defaults are the committed models. */
export interface DetectionService {
  model?: PayloadModel;
  anomaly?: AnomalyModel;
  thresholds?: Thresholds;
  /** Replaces the in-process classifier (fault injection in tests, a remote model later). */
  classify?: (payload: string) => Prediction;
  breaker?: { failureThreshold?: number; cooldownMs?: number; now?: () => number };
  cache?: { max?: number; ttlMs?: number };
  /** Sandbox runner and audit log; an in-memory log and a default runner when absent. */
  sandbox?: SandboxService;
}

// The Sentinel seed's metric names (its dashboards and alerts expect them), plus breaker and
// cache-size gauges in the same family.
function getOrCreate<T extends Metric>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

function sentinelMetrics(registry: Registry) {
  const registers = [registry];
  return {
    latency: getOrCreate(registry, 'cerberus_sentinel_inference_latency_seconds', () =>
      new Histogram({
        name: 'cerberus_sentinel_inference_latency_seconds',
        help: 'In-process inference latency (uncached) by operation',
        labelNames: ['model', 'operation'],
        buckets: [1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1, 0.5, 1],
        registers,
      }),
    ),
    payloadPredictions: getOrCreate(registry, 'cerberus_sentinel_payload_predictions_total', () =>
      new Counter({ name: 'cerberus_sentinel_payload_predictions_total', help: 'predict-payload answers by class', labelNames: ['class'], registers }),
    ),
    verdicts: getOrCreate(registry, 'cerberus_sentinel_predictions_total', () =>
      new Counter({ name: 'cerberus_sentinel_predictions_total', help: 'Evidence analyses by verdict', labelNames: ['verdict'], registers }),
    ),
    cache: getOrCreate(registry, 'cerberus_sentinel_cache_hits_total', () =>
      new Counter({ name: 'cerberus_sentinel_cache_hits_total', help: 'Prediction cache lookups', labelNames: ['cache_type', 'status'], registers }),
    ),
    cacheEntries: getOrCreate(registry, 'cerberus_sentinel_cache_entries', () =>
      new Gauge({ name: 'cerberus_sentinel_cache_entries', help: 'Entries in the prediction cache', registers }),
    ),
    breaker: getOrCreate(registry, 'cerberus_sentinel_circuit_breaker_state', () =>
      new Gauge({ name: 'cerberus_sentinel_circuit_breaker_state', help: 'Model circuit breaker: 0 closed, 1 half-open, 2 open', registers }),
    ),
  };
}

export type SentinelMetrics = ReturnType<typeof sentinelMetrics>;

interface Loaded {
  model: PayloadModel;
  anomaly: AnomalyModel;
  engine: InferenceEngine;
}

export class SentinelRuntime {
  readonly breaker: CircuitBreaker;
  readonly cache: LRUCache<string, Prediction>;
  readonly metrics: SentinelMetrics;
  private loaded?: Loaded;
  private loadError?: string;

  constructor(private readonly svc: DetectionService, registry: Registry) {
    this.metrics = sentinelMetrics(registry);
    this.metrics.breaker.set(0);
    this.breaker = new CircuitBreaker({ ...svc.breaker, onStateChange: (s) => this.metrics.breaker.set(BREAKER_VALUE[s]) });
    // Keyed by payload alone: the classifier reads only the payload, not its context.
    this.cache = new LRUCache({ max: svc.cache?.max ?? 10_000, ttl: svc.cache?.ttlMs ?? 3_600_000 });
  }

  /** The models, loading the committed ones on first use. Throws when they cannot be loaded. */
  load(): Loaded {
    if (this.loaded) return this.loaded;
    try {
      const model = this.svc.model ?? defaultModel();
      const anomaly = this.svc.anomaly ?? defaultAnomalyModel();
      const raw = this.svc.classify ?? ((p: string) => classify(model, p));
      // Every classification, cached path excepted, goes through the breaker, analyze included.
      const guarded = (p: string) => this.breaker.call(() => raw(p));
      const engine = createInferenceEngine({ model, anomaly, thresholds: this.svc.thresholds ?? DEFAULT_THRESHOLDS, classify: guarded });
      this.loaded = { model, anomaly, engine };
      this.loadError = undefined;
      return this.loaded;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /** Cache first (a hit is served even while the breaker is open), then the guarded model. */
  predict(payload: string): { prediction: Prediction; cached: boolean; modelVersion: string } {
    const { model } = this.load();
    const hit = this.cache.get(payload);
    this.metrics.cache.inc({ cache_type: 'prediction', status: hit ? 'hit' : 'miss' });
    if (hit) return { prediction: hit, cached: true, modelVersion: model.version };
    const raw = this.svc.classify ?? ((p: string) => classify(model, p));
    const end = this.metrics.latency.startTimer({ model: model.version, operation: 'predict_payload' });
    // classify() reuses module scratch buffers but returns a fresh object, safe to cache.
    const prediction = this.breaker.call(() => raw(payload));
    end();
    this.cache.set(payload, prediction);
    this.metrics.cacheEntries.set(this.cache.size);
    return { prediction, cached: false, modelVersion: model.version };
  }

  health() {
    let loaded = false;
    try {
      this.load();
      loaded = true;
    } catch {
      // reported below
    }
    const breaker = this.breaker.snapshot();
    return {
      status: loaded && breaker.state === 'closed' ? 'healthy' : loaded ? 'degraded' : 'unavailable',
      model: { version: this.loaded?.model.version ?? null, loaded, error: this.loadError ?? null },
      anomaly: this.loaded ? { threshold: this.loaded.anomaly.threshold, contamination: this.loaded.anomaly.contamination } : null,
      circuit_breaker: breaker,
      cache: { size: this.cache.size, max: this.cache.max, ttl_ms: this.cache.ttl },
    };
  }
}
