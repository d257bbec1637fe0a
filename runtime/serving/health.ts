// The model server's health report (GET /api/v1/sentinel/model-server/health): both models, the
// split, the cache and each model's breaker. Shape documented by api/threat/sentinel-health.ts.
import type { CircuitBreaker } from '../../domain/threat/detection/circuit-breaker';
import type { ModelServer } from './model-server';
import type { ServedModel } from './served-models';

export async function serverHealth(server: ModelServer, breakers: ReadonlyMap<string, CircuitBreaker>) {
  let snap;
  let loadError: string | null = null;
  try {
    snap = await server.models.current();
  } catch (err) {
    loadError = err instanceof Error ? err.message : String(err);
  }
  const breakerOf = (id: string) => (breakers.get(id) ?? server.breaker(id)).snapshot();
  const describe = (m: ServedModel) => ({ id: m.id, version: m.version, stage: m.stage, loaded: true, artifact_sha256: m.artifactSha256, circuit_breaker: breakerOf(m.id) });
  const production = snap ? describe(snap.production) : null;
  const candidate = snap?.candidate ? describe(snap.candidate) : null;
  const state = production?.circuit_breaker.state;
  const percent = snap?.canaryPercent ?? 0;
  return {
    status: (!production ? 'unavailable' : state === 'closed' && candidate?.circuit_breaker.state !== 'open' ? 'healthy' : 'degraded') as 'unavailable' | 'healthy' | 'degraded',
    /** The production model (kept for clients of the single-model health). */
    model: { version: production?.version ?? null, loaded: !!production, error: loadError },
    models: { production, candidate },
    split: {
      production_percent: 100 - percent,
      candidate_percent: percent,
      candidate_id: candidate?.id ?? null,
      shadow_sample: server.shadowSample,
      routing: 'hash of the normalised payload (FNV-1a + fmix32, salted with the candidate id) mod 10000 < percent × 100',
    },
    registry: {
      source: (snap?.production.stage === 'committed' ? 'committed' : 'registry') as 'committed' | 'registry',
      refreshed_at: snap?.refreshedAt ? new Date(snap.refreshedAt).toISOString() : null,
      errors: snap?.errors ?? [],
    },
    cache: { size: server.cache.size, max: server.cache.max, ttl_ms: server.cache.ttl, hits: server.cacheCounts.hits, misses: server.cacheCounts.misses },
    circuit_breaker: production?.circuit_breaker ?? null,
    breakers: Object.fromEntries([...breakers.entries()].map(([id, b]) => [id, b.snapshot()])),
    stats: { pending_minutes: server.stats.pending },
  };
}
