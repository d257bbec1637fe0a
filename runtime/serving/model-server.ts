// The model server shared by the API (predict-payload, analyze, explain) and the threatAnalysis
// activity: routes each payload to production or the canary candidate (domain/threat/serving/
// router.ts), answers through an LRU cache and a circuit breaker both keyed on the model id,
// scores a share of answers with the other model for the agreement rate, and aggregates serving
// statistics per model per minute, flushed to model_serving_stats in the background.
import { LRUCache } from 'lru-cache';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { beforeDbClose } from '../../db/close-hooks';
import { defaultAnomalyModel, type AnomalyModel } from '../../domain/threat/detection/anomaly';
import { classify as classifyPayload, type Prediction } from '../../domain/threat/detection/classifier';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from '../../domain/threat/detection/circuit-breaker';
import { createInferenceEngine, type Analysis, type InferenceEngine, type Thresholds } from '../../domain/threat/detection/engine';
import { explain, type Explanation } from '../../domain/threat/detection/explain';
import type { PayloadModel } from '../../domain/threat/detection/model';
import { defaultModel } from '../../domain/threat/detection/model-io';
import { requestPayloads, type Evidence } from '../../domain/threat/evidence/schema';
import { routesToCandidate, routingKey, shadowSampled } from '../../domain/threat/serving/router';
import { ServingStatsBuffer } from '../../domain/threat/serving/stats-buffer';
import type { ObjectStore } from '../../objects/store';
import { recordServingStats } from '../../repo/models/serving-stats';
import { seedMetrics, type SeedMetrics } from '../metrics';
import { ServedModels, type ServedModel, type ServingSnapshot } from './served-models';
import { serverHealth } from './health';

export interface ModelServerOptions {
  /** Registry and statistics; without it the committed model serves and nothing is recorded. */
  db?: Db;
  objects?: ObjectStore;
  /** The committed model (default: models/payload-classifier LATEST). */
  committed?: () => PayloadModel;
  anomaly?: AnomalyModel;
  thresholds?: Thresholds;
  /** Replaces the in-process classifier (fault injection in tests). */
  classify?: (payload: string, model: PayloadModel) => Prediction;
  /** Per model: each model id gets its own breaker with these options. */
  breaker?: Omit<BreakerOptions, 'onStateChange'>;
  cache?: { max?: number; ttlMs?: number };
  /** `cache_type` label of the cache metrics: prediction (API) | analysis (worker). */
  cacheType?: string;
  /** Registry re-read interval, ms (config SERVING_REGISTRY_REFRESH_MS). */
  refreshMs?: number;
  /** Statistics flush interval, ms (config SERVING_STATS_FLUSH_MS); 0: only on flush(). */
  flushMs?: number;
  /** Share 0..1 of production answers also scored by the candidate (config SERVING_SHADOW_SAMPLE). */
  shadowSample?: number;
  metrics?: Registry;
  /** A background flush failed (once per outage), or the database closed under a running server (the flushes then stop). */
  onFlushError?: (err: unknown) => void;
}

/** One predict-payload answer and the model that gave it. */
export interface ServedPrediction {
  prediction: Prediction;
  cached: boolean;
  modelId: string;
  stage: ServedModel['stage'];
}

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export class ModelServer {
  readonly models: ServedModels;
  readonly cache: LRUCache<string, Prediction>;
  readonly metrics: SeedMetrics;
  readonly stats = new ServingStatsBuffer();
  readonly cacheCounts = { hits: 0, misses: 0 };
  readonly shadowSample: number;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly engines = new Map<string, InferenceEngine>();
  private timer?: ReturnType<typeof setInterval>;
  private flushFailing = false;
  private closed = false;
  /** Drops the "flush before the database closes" hook (db/close-hooks.ts) once this server closed itself. */
  private readonly unregisterClose?: () => void;
  private anomalyModel?: AnomalyModel;
  // Labelled children bound once: prom-client hashes a label object on every inc/set/observe,
  // which on the uncached path cost more than the classification itself.
  private readonly cacheHit: Counter.Internal;
  private readonly cacheMiss: Counter.Internal;
  private readonly cacheEntries: Gauge.Internal<string>;
  /** model id → operation → latency histogram child. */
  private readonly latency = new Map<string, Map<string, Histogram.Internal<string>>>();
  private readonly raw: (payload: string, model: PayloadModel) => Prediction;
  private readonly flushEveryMs: number;

  constructor(private readonly opts: ModelServerOptions = {}) {
    this.metrics = seedMetrics(opts.metrics);
    this.metrics.breaker.set(0);
    this.models = new ServedModels({ db: opts.db, objects: opts.objects, committed: opts.committed ?? defaultModel, refreshMs: opts.refreshMs ?? 5000 });
    // Keyed by model id and payload: the classifier reads only the payload, and each model answers for itself.
    this.cache = new LRUCache({ max: opts.cache?.max ?? 10_000, ttl: opts.cache?.ttlMs ?? 3_600_000 });
    this.shadowSample = opts.shadowSample ?? 0.1;
    const cacheType = opts.cacheType ?? 'prediction';
    this.cacheHit = this.metrics.cache.labels(cacheType, 'hit');
    this.cacheMiss = this.metrics.cache.labels(cacheType, 'miss');
    this.cacheEntries = this.metrics.cacheEntries.labels(cacheType);
    this.raw = opts.classify ?? ((p, model) => classifyPayload(model, p));
    this.flushEveryMs = opts.flushMs ?? 10_000;
    // Whoever closes the database (process shutdown, a test's afterAll) flushes this server first.
    if (opts.db) this.unregisterClose = beforeDbClose(opts.db, () => this.close());
  }

  /** Records one answer; the flush timer starts with the first (an app that never serves has none). */
  private record(a: Parameters<ServingStatsBuffer['record']>[0]): void {
    this.stats.record(a);
    const every = this.flushEveryMs;
    if (this.timer || this.closed || !this.opts.db || every <= 0) return;
    this.timer = setInterval(() => {
      this.flush().then(
        () => (this.flushFailing = false),
        (err) => {
          if (clientClosed(err)) {
            // Closed under us, not through its handle (which flushes first): no later flush can
            // succeed, so stop trying and say it once, as the ordering bug it is.
            clearInterval(this.timer);
            this.closed = true;
            const rows = this.stats.drain().length;
            this.opts.onFlushError?.(new Error(`the database closed before the model server: ${rows} statistics row(s) dropped, flushes stopped`, { cause: err }));
            return;
          }
          // Said once per outage, not every interval; the rows wait for the next flush.
          if (!this.flushFailing) this.opts.onFlushError?.(err);
          this.flushFailing = true;
        },
      );
    }, every);
    this.timer.unref();
  }

  /** The breaker of one model (created on first use). */
  breaker(modelId: string): CircuitBreaker {
    let b = this.breakers.get(modelId);
    if (!b) {
      b = new CircuitBreaker({ ...this.opts.breaker, onStateChange: () => this.metrics.breaker.set(Math.max(...[...this.breakers.values()].map((x) => BREAKER_VALUE[x.state]))) });
      this.breakers.set(modelId, b);
    }
    return b;
  }

  /** Classifies one payload: production or the candidate by the routing hash. Throws CircuitOpenError / the model's error. */
  async predict(payload: string): Promise<ServedPrediction> {
    const snap = await this.models.current();
    const started = performance.now();
    const { served, shadow } = this.route(snap, [payload]);
    const answer = this.classifyWith(served, payload, 'predict_payload');
    const latencyMs = performance.now() - started;
    const agreed = shadow ? this.agrees(() => this.classifyWith(shadow, payload, 'predict_payload').prediction.label, answer.prediction.label) : undefined;
    this.record({ modelId: served.id, atMs: Date.now(), latencyMs, label: answer.prediction.label, agreed });
    return { prediction: answer.prediction, cached: answer.cached, modelId: served.id, stage: served.stage };
  }

  /** Analyses evidence with the model its payloads route to; `modelVersion` names that model's id. */
  async analyze(evidence: Evidence): Promise<Analysis> {
    const snap = await this.models.current();
    const started = performance.now();
    const payloads = evidence.requests.flatMap((r) => requestPayloads(r).map((p) => p.value));
    const { served, shadow } = this.route(snap, payloads);
    const analysis = { ...this.engine(served).analyze(evidence), modelVersion: served.id };
    const latencyMs = performance.now() - started;
    const label = analysis.payload.attackClass ?? 'benign';
    const agreed = shadow ? this.agrees(() => this.engine(shadow).analyze(evidence).payload.attackClass ?? 'benign', label) : undefined;
    this.record({ modelId: served.id, atMs: Date.now(), latencyMs, label, agreed });
    return analysis;
  }

  /** Exact contributions for one payload, by the model predict-payload would use for it. */
  async explain(payload: string): Promise<{ explanation: Explanation; modelId: string }> {
    const { served } = this.route(await this.models.current(), [payload]);
    return { explanation: this.breaker(served.id).call(() => explain(served.model, payload)), modelId: served.id };
  }

  /** Routes by the normalised payloads; the other model scores it for agreement (always for the candidate, sampled for production). */
  private route(snap: ServingSnapshot, payloads: string[]): { served: ServedModel; shadow?: ServedModel } {
    const c = snap.candidate;
    if (!c) return { served: snap.production };
    const key = payloads.map(routingKey).join('\u0000');
    if (routesToCandidate(key, { candidateId: c.id, percent: snap.canaryPercent })) return { served: c, shadow: snap.production };
    return { served: snap.production, ...(shadowSampled(key, c.id, this.shadowSample) && { shadow: c }) };
  }

  private agrees(other: () => string, label: string): boolean | undefined {
    try {
      return other() === label;
    } catch {
      return undefined; // the other model failing is its breaker's business, not this answer's
    }
  }

  private classifyWith(m: ServedModel, payload: string, operation: string): { prediction: Prediction; cached: boolean } {
    const key = `${m.id}\u0000${payload}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cacheHit.inc();
      this.cacheCounts.hits++;
      return { prediction: hit, cached: true };
    }
    this.cacheMiss.inc();
    this.cacheCounts.misses++;
    const raw = this.raw;
    const latency = this.latencyOf(m.id, operation);
    const started = performance.now();
    // classify() reuses module scratch buffers but returns a fresh object, safe to cache.
    const prediction = this.breaker(m.id).call(() => raw(payload, m.model));
    latency.observe((performance.now() - started) / 1000);
    this.cache.set(key, prediction);
    this.cacheEntries.set(this.cache.size);
    return { prediction, cached: false };
  }

  /** The latency histogram's child for one model and operation (bound on first use). */
  private latencyOf(modelId: string, operation: string): Histogram.Internal<string> {
    let byOp = this.latency.get(modelId);
    if (!byOp) this.latency.set(modelId, (byOp = new Map()));
    let child = byOp.get(operation);
    if (!child) byOp.set(operation, (child = this.metrics.latency.labels(modelId, operation)));
    return child;
  }

  private engine(m: ServedModel): InferenceEngine {
    let e = this.engines.get(m.id);
    if (!e) {
      const live = this.models.peek();
      for (const id of this.engines.keys()) if (id !== live?.production.id && id !== live?.candidate?.id) this.engines.delete(id);
      this.anomalyModel ??= this.opts.anomaly ?? defaultAnomalyModel();
      e = createInferenceEngine({ model: m.model, anomaly: this.anomalyModel, thresholds: this.opts.thresholds, classify: (p) => this.classifyWith(m, p, 'analyze').prediction });
      this.engines.set(m.id, e);
    }
    return e;
  }

  /** Writes the aggregated minutes to model_serving_stats (on failure kept for the next flush, at most an hour's worth). */
  async flush(): Promise<void> {
    if (!this.opts.db) return;
    const rows = this.stats.drain();
    try {
      await recordServingStats(this.opts.db, rows);
    } catch (err) {
      // Kept for the next flush, up to an hour back: a long outage must not grow memory without bound.
      const cutoff = Date.now() - 3_600_000;
      this.stats.restore(rows.filter((r) => r.bucketStartMs >= cutoff));
      throw err;
    }
  }

  /** Stops the flush timer and flushes what is left (once; later answers are no longer recorded to the database). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unregisterClose?.();
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Both models, the split, the cache and the breakers (the model-server/health route). */
  async health() {
    return serverHealth(this, this.breakers);
  }
}

/** The driver's "this client was closed" (postgres.js CONNECTION_ENDED/DESTROYED, PGlite "is closed"), under drizzle's "Failed query". */
function clientClosed(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === 'CONNECTION_ENDED' || e.code === 'CONNECTION_DESTROYED' || (typeof e.message === 'string' && /PGlite is closed/.test(e.message))) return true;
  }
  return false;
}
