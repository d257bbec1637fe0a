// Sentinel routes (the seed's model-server API), in-process and without Temporal:
// POST predict-payload, POST analyze, POST explain, GET model-server/health, and the sandbox
// routes (sentinel-sandbox.ts).
import { createRoute, z } from '@hono/zod-openapi';
import type { Registry } from 'prom-client';
import { EvidenceSchema } from '../../domain/threat/evidence/schema';
import { CircuitOpenError } from '../../domain/threat/detection/circuit-breaker';
import { renderHtmlReport } from '../../domain/threat/detection/report';
import { ApiError } from '../errors';
import { apiRoute, describeIssues, newRouter } from '../router';
import { AnyObject } from '../schemas';
import type { Db } from '../../db/client';
import type { ObjectStore } from '../../objects/store';
import { ModelServerHealth, PredictionResponse } from './sentinel-health';
import { sandboxRoutes } from './sentinel-sandbox';
import { createSentinelServer, type DetectionService } from './sentinel-runtime';

/** Longest payload predict-payload and explain accept, in UTF-8 bytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const PayloadBody = z
  .strictObject({
    payload: z.string().openapi({ example: "1' OR '1'='1", description: `The input to classify (at most ${MAX_PAYLOAD_BYTES} UTF-8 bytes)` }),
    // Accepted for the seed's request shape; the classifier reads only the payload.
    context: AnyObject.optional().openapi({ description: "Accepted for the seed's request shape and ignored: only the payload is classified" }),
  })
  .openapi('PayloadRequest', { example: { payload: "1' OR '1'='1" } });

// Validated by the handler (a bad field is `invalid_evidence`, not `invalid_request`), so the
// route's schema only documents the two accepted shapes.
const evidenceJson = z.toJSONSchema(EvidenceSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
delete evidenceJson.$schema;
const AnalyzeBody = AnyObject.openapi({
  description: 'The Evidence itself, or `{"evidence": {...}}` as the seed sends it',
  anyOf: [
    evidenceJson,
    { type: 'object', properties: { evidence: { ...evidenceJson, description: 'The Evidence (seed shape)' } }, required: ['evidence'] },
  ] as never,
  example: { evidence: (EvidenceSchema.meta() as { example: unknown }).example },
});

const predictRoute = apiRoute(createRoute({
  method: 'post',
  path: '/predict-payload',
  tags: ['sentinel'],
  summary: 'Classify one payload (in-process, LRU-cached, behind a circuit breaker)',
  request: { body: { content: { 'application/json': { schema: PayloadBody } }, required: true } },
  responses: {
    200: {
      description: 'Class, confidence and per-class scores',
      content: {
        'application/json': {
          schema: PredictionResponse,
        },
      },
    },
  },
}), 'model_unavailable', 'model_error');

const analyzeRoute = apiRoute(createRoute({
  method: 'post',
  path: '/analyze',
  tags: ['sentinel'],
  summary: 'Analyse captured evidence: verdict simulate | tag | benign with explanation',
  description: 'Body: the Evidence itself or `{"evidence": {...}}` (the seed). `?format=html` returns the analyst report.',
  request: {
    query: z.object({ format: z.enum(['json', 'html']).default('json') }),
    body: { content: { 'application/json': { schema: AnalyzeBody } }, required: true },
  },
  responses: {
    200: {
      description: 'The analysis (JSON) or the HTML report',
      content: { 'application/json': { schema: AnyObject }, 'text/html': { schema: z.string() } },
    },
  },
}), 'invalid_evidence', 'model_unavailable', 'model_error');

const explainRoute = apiRoute(createRoute({
  method: 'post',
  path: '/explain',
  tags: ['sentinel'],
  summary: 'Exact per-feature contributions and a narrative for one payload',
  request: { body: { content: { 'application/json': { schema: PayloadBody } }, required: true } },
  responses: {
    200: { description: 'The explanation', content: { 'application/json': { schema: AnyObject } } },
  },
}), 'model_unavailable', 'model_error');

const healthRoute = createRoute({
  method: 'get',
  path: '/model-server/health',
  tags: ['sentinel'],
  summary: 'Both models (production and canary candidate), the split, the cache and the breaker per model',
  responses: { 200: { description: 'Model server status', content: { 'application/json': { schema: ModelServerHealth } } } },
});

function checkSize(payload: string): void {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) throw new ApiError('payload_too_large', `payload is ${bytes} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
}

/** Model failures → 503 so clients back off; an open breaker says when to retry. */
async function modelCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError || err instanceof CircuitOpenError) throw err;
    throw new ApiError('model_error', `payload model failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function sentinelRoutes(svc: DetectionService = {}, registry: Registry, deps: { db?: Db; objects?: ObjectStore } = {}) {
  const rt = svc.server ?? createSentinelServer(svc, registry, deps);
  const app = newRouter();

  app.openapi(predictRoute, async (c) => {
    const { payload } = c.req.valid('json');
    checkSize(payload);
    const a = await modelCall(() => rt.predict(payload));
    rt.metrics.payloadPredictions.inc({ class: a.prediction.label });
    const p = a.prediction;
    return c.json({ class: p.label, confidence: p.confidence, scores: p.scores, model_version: a.modelId, model_id: a.modelId, model_stage: a.stage, cached: a.cached }, 200);
  });

  app.openapi(analyzeRoute, async (c) => {
    const body = c.req.valid('json');
    const raw = 'evidence' in body && typeof body.evidence === 'object' ? body.evidence : body;
    const parsed = EvidenceSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError('invalid_evidence', describeIssues(parsed.error as never, 'evidence'));
    const evidence = parsed.data;
    const started = performance.now();
    const analysis = await modelCall(() => rt.analyze(evidence));
    rt.metrics.latency.observe({ model: analysis.modelVersion, operation: 'analyze' }, (performance.now() - started) / 1000);
    rt.metrics.predictions.inc({ verdict: analysis.verdict });
    if (c.req.valid('query').format === 'html') return c.html(renderHtmlReport(evidence, analysis), 200);
    return c.json(analysis as unknown as Record<string, unknown>, 200);
  });

  app.openapi(explainRoute, async (c) => {
    const { payload } = c.req.valid('json');
    checkSize(payload);
    const { explanation: ex, modelId } = await modelCall(() => rt.explain(payload));
    return c.json(
      {
        class: ex.label,
        confidence: ex.confidence,
        scores: ex.scores,
        reference: ex.reference,
        logit: ex.logit,
        bias: ex.bias,
        feature_importances: ex.contributions.slice(0, 50),
        supporting: ex.supporting,
        contradicting: ex.contradicting,
        narrative: ex.narrative,
        model_version: modelId,
      },
      200,
    );
  });

  app.openapi(healthRoute, async (c) => c.json(await rt.health(), 200));
  app.route('/sandbox', sandboxRoutes(svc.sandbox));

  return app;
}
