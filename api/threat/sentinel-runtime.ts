// The in-process model server behind /api/v1/sentinel: loaded models, the LRU prediction
// cache, the circuit breaker and the Sentinel metrics (runtime/metrics.ts). One per app; models load lazily on the
// first request so createApp stays free of I/O (tests that never call sentinel pay nothing).
import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { defaultAnomalyModel, type AnomalyModel } from '../../domain/threat/detection/anomaly';
import { classify, type Prediction } from '../../domain/threat/detection/classifier';
import { CircuitBreaker, type BreakerState } from '../../domain/threat/detection/circuit-breaker';
import { createInferenceEngine, DEFAULT_THRESHOLDS, type InferenceEngine, type Thresholds } from '../../domain/threat/detection/engine';
import type { PayloadModel } from '../../domain/threat/detection/model';
import { defaultModel } from '../../domain/threat/detection/model-io';
import { seedMetrics, type SeedMetrics } from '../../runtime/metrics';
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

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export type SentinelMetrics = SeedMetrics;

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
    this.metrics = seedMetrics(registry);
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
    this.metrics.cacheEntries.set({ cache_type: 'prediction' }, this.cache.size);
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
