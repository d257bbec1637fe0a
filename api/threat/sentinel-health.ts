// OpenAPI schemas of the model server's answers: predict-payload's body (with the model that
// answered) and GET model-server/health (both models, the split, the cache, the breakers).
import { z } from '@hono/zod-openapi';

const Breaker = z
  .object({
    state: z.enum(['closed', 'open', 'half_open']),
    consecutive_failures: z.number().int(),
    failure_threshold: z.number().int(),
    cooldown_ms: z.number().int(),
    opened_at: z.string().nullable(),
    last_error: z.string().nullable(),
  })
  .openapi('ModelBreaker');

const ServedModelSchema = z
  .object({
    id: z.string().openapi({ description: "Registry model id, or the committed model's version" }),
    version: z.string(),
    stage: z.enum(['production', 'canary', 'committed']).openapi({ description: 'committed: no registry production model, the model in the repository serves' }),
    loaded: z.boolean(),
    artifact_sha256: z.string().nullable().openapi({ description: "SHA-256 of the artifact in the object store (null for the committed model)" }),
    circuit_breaker: Breaker,
  })
  .openapi('ServedModel');

const breakerExample = { state: 'closed', consecutive_failures: 0, failure_threshold: 5, cooldown_ms: 30000, opened_at: null, last_error: null };

export const ModelServerHealth = z
  .object({
    status: z.enum(['healthy', 'degraded', 'unavailable']).openapi({ description: "degraded: production's breaker is not closed or the candidate's is open" }),
    model: z.object({ version: z.string().nullable(), loaded: z.boolean(), error: z.string().nullable() }).openapi({ description: 'The production model (single-model view)' }),
    models: z.object({ production: ServedModelSchema.nullable(), candidate: ServedModelSchema.nullable() }),
    split: z.object({
      production_percent: z.number(),
      candidate_percent: z.number(),
      candidate_id: z.string().nullable(),
      shadow_sample: z.number().openapi({ description: 'Share of production answers also scored by the candidate (agreement rate); candidate answers are always scored by production' }),
      routing: z.string(),
    }),
    registry: z.object({ source: z.enum(['registry', 'committed']), refreshed_at: z.string().nullable(), errors: z.array(z.string()) }),
    cache: z.object({ size: z.number().int(), max: z.number().int(), ttl_ms: z.number().int(), hits: z.number().int(), misses: z.number().int() }).openapi({ description: 'LRU keyed on (model id, payload)' }),
    circuit_breaker: Breaker.nullable().openapi({ description: "Production's breaker" }),
    breakers: z.record(z.string(), Breaker).openapi({ description: 'Breaker state per model id' }),
    stats: z.object({ pending_minutes: z.number().int().openapi({ description: 'Per-model minute rows not yet flushed to model_serving_stats' }) }),
  })
  .openapi('ModelServerHealth', {
    example: {
      status: 'healthy',
      model: { version: 'pc-v3-5f0c1e2a9b', loaded: true, error: null },
      models: {
        production: { id: 'pc-v3-5f0c1e2a9b', version: 'pc-v3-5f0c1e2a9b', stage: 'production', loaded: true, artifact_sha256: '9f2c…', circuit_breaker: breakerExample as never },
        candidate: { id: 'pc-v4-0a7d33c1e8', version: 'pc-v4-0a7d33c1e8', stage: 'canary', loaded: true, artifact_sha256: '41be…', circuit_breaker: breakerExample as never },
      },
      split: { production_percent: 90, candidate_percent: 10, candidate_id: 'pc-v4-0a7d33c1e8', shadow_sample: 0.1, routing: 'hash of the normalised payload (FNV-1a + fmix32, salted with the candidate id) mod 10000 < percent × 100' },
      registry: { source: 'registry', refreshed_at: '2026-11-30T13:00:00.000Z', errors: [] },
      cache: { size: 1520, max: 10000, ttl_ms: 3600000, hits: 8112, misses: 1520 },
      circuit_breaker: breakerExample as never,
      breakers: { 'pc-v3-5f0c1e2a9b': breakerExample as never, 'pc-v4-0a7d33c1e8': breakerExample as never },
      stats: { pending_minutes: 2 },
    },
  });

export const PredictionResponse = z
  .object({
    class: z.string(),
    confidence: z.number(),
    scores: z.record(z.string(), z.number()),
    model_version: z.string().openapi({ description: 'The version of the model that answered' }),
    model_id: z.string().openapi({ description: "The model that answered (registry id, or the committed model's version): quote it in add-false-positive" }),
    model_stage: z.enum(['production', 'canary', 'committed']).openapi({ description: 'canary: the payload routed to the canary candidate' }),
    cached: z.boolean(),
  })
  .openapi('PayloadPrediction', {
    example: { class: 'sql_injection', confidence: 0.98, scores: { benign: 0.01, sql_injection: 0.98, xss: 0.005, command_injection: 0.003, path_traversal: 0.002 }, model_version: 'pc1-s1-9668755e69', model_id: 'pc1-s1-9668755e69', model_stage: 'committed', cached: false },
  });
