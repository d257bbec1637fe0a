// The in-process model server behind /api/v1/sentinel (runtime/serving/model-server.ts): the
// registry's production model and canary candidate (the committed model without a registry),
// the LRU prediction cache and breakers keyed on the model id, and the Sentinel metrics. One per
// app; models load lazily on the first request so createApp stays free of I/O.
import type { Registry } from 'prom-client';
import type { Db } from '../../db/client';
import type { AnomalyModel } from '../../domain/threat/detection/anomaly';
import type { Prediction } from '../../domain/threat/detection/classifier';
import type { Thresholds } from '../../domain/threat/detection/engine';
import type { PayloadModel } from '../../domain/threat/detection/model';
import type { ObjectStore } from '../../objects/store';
import { log } from '../../runtime/log';
import { ModelServer } from '../../runtime/serving/model-server';
import type { SandboxService } from './sentinel-sandbox';

/** What the API needs for detection; every field optional, defaults are the committed models. */
export interface DetectionService {
  /** The committed model (serves when the registry has no production model). */
  model?: PayloadModel;
  anomaly?: AnomalyModel;
  thresholds?: Thresholds;
  /** Replaces the in-process classifier (fault injection in tests, a remote model later). */
  classify?: (payload: string, model: PayloadModel) => Prediction;
  breaker?: { failureThreshold?: number; cooldownMs?: number; now?: () => number };
  cache?: { max?: number; ttlMs?: number };
  /** Registry refresh, statistics flush (ms) and shadow sample (0..1): config SERVING_*. */
  serving?: { refreshMs?: number; flushMs?: number; shadowSample?: number };
  /** Sandbox runner and audit log; an in-memory log and a default runner when absent. */
  sandbox?: SandboxService;
  /** A server the process built (createSentinelServer) so it can flush its statistics on shutdown; the fields above are then ignored. */
  server?: ModelServer;
}

export function createSentinelServer(svc: DetectionService, registry: Registry, deps: { db?: Db; objects?: ObjectStore }): ModelServer {
  return new ModelServer({
    db: deps.db,
    objects: deps.objects,
    ...(svc.model && { committed: () => svc.model! }),
    anomaly: svc.anomaly,
    thresholds: svc.thresholds,
    classify: svc.classify,
    breaker: svc.breaker,
    cache: svc.cache,
    cacheType: 'prediction',
    refreshMs: svc.serving?.refreshMs,
    flushMs: svc.serving?.flushMs,
    shadowSample: svc.serving?.shadowSample,
    metrics: registry,
    onFlushError: (err) => log('warn', 'serving statistics flush failing (kept for the next flush, up to an hour; said once per outage)', { error: String(err) }),
  });
}
