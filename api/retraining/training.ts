// The seed's training and model routes under /api/v1/sentinel: POST train/payload-classifier
// starts gatedRetrainingWorkflow and answers at once; GET models lists the registry; POST
// models/promote re-checks the gates against production now and promotes (canary_percent 100)
// or marks the model canary at that percentage.
import { createRoute, z } from '@hono/zod-openapi';
import { validateModel } from '../../activities/retraining/validate';
import { retrainGates } from '../../config/config';
import { getModel, listModels, listRetrainingRuns, setModelStatus } from '../../repo/datasets/models';
import { reportsByModel } from '../../repo/datasets/model-reports';
import { gatedRetrainingStart, type GatedRetrainingFn } from '../../temporal/retraining';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { ApiError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, Identity, Limit, Text, toJson } from '../schemas';
import type { ApiServices } from '../services';
import { startCanaryPromotion } from './promotion';
import { SEED_MAX } from '../../domain/threat/datasets/retraining-options';

const tags = ['models'];
const json = (description: string) => ({ description, content: { 'application/json': { schema: AnyObject } } });

const TrainBody = z
  .strictObject({
    requester: Identity.default('api').openapi({ description: 'Who asks for it (recorded on the run)' }),
    // The bounds gatedRetrainingWorkflow's first activity checks too (domain/threat/datasets/retraining-options.ts).
    seed: z.number().int().min(0).max(SEED_MAX).optional().openapi({ description: 'Training seed (default 1); the same dataset version and seed give the same model' }),
  })
  .openapi('TrainRequest', { example: { requester: 'alice' } });

const trainRoute = apiRoute(createRoute({
  method: 'post',
  path: '/train/payload-classifier',
  tags,
  summary: 'Start gatedRetraining: snapshot → train → validate → gates → register (answers at once)',
  description: 'No body needed (the seed sends none). A request while a retraining runs joins it. Follow it in the Web UI or GET /models and /train/runs.',
  request: { body: { required: false, content: { 'application/json': { schema: TrainBody } } } },
  responses: { 202: json('`{"status": "training_queued", "workflowId", "runId"}`') },
}), 'temporal_unavailable', 'temporal_error');

const runsRoute = apiRoute(createRoute({
  method: 'get',
  path: '/train/runs',
  tags,
  summary: 'Recent gatedRetraining runs: outcome, reasons, gates, steps',
  request: { query: z.object({ limit: Limit }) },
  responses: { 200: json('`{"runs": [...]}`') },
}));

const modelsRoute = apiRoute(createRoute({
  method: 'get',
  path: '/models',
  tags,
  summary: 'Registered models with their provenance (dataset version and hash, code version), metrics, gates and links to their reports',
  request: { query: z.object({ limit: Limit }) },
  responses: { 200: json('`{"models": [...]}`') },
}));

const PromoteBody = z
  .strictObject({
    model_id: Text(200).openapi({ example: 'pc-v3-1a2b3c4d5e', description: 'A registered model (GET /models)' }),
    canary_percent: z.number().int().min(1).max(100).default(100).openapi({ description: '100: production at once (no canary); 1..99: canaryPromotionWorkflow from that share, then the configured stages above it (CANARY_STAGES)' }),
    requester: Identity.default('api').openapi({ description: 'Who promotes (recorded on the promotion; the token holder when auth is on)' }),
  })
  .openapi('PromoteModel', { example: { model_id: 'pc-v3-1a2b3c4d5e', canary_percent: 10 } });

const promoteRoute = apiRoute(createRoute({
  method: 'post',
  path: '/models/promote',
  tags,
  summary: 'Promote a registered model after re-checking its gates against production now: directly (100) or through a canary',
  description: 'canary_percent 1..99 starts canaryPromotionWorkflow (`canary-promotion:<model id>`) and answers 202 at once; follow it at GET /models/{id}/promotion. canary_percent 100 (the default) makes the model production at once, as before.',
  request: { body: { required: true, content: { 'application/json': { schema: PromoteBody } } } },
  responses: {
    200: json('canary_percent 100: `{"status": "success", "stage": "production", "promoted_at", "gates"}`'),
    202: json('canary: `{"status": "canary_started", "workflowId", "runId", "stages", "stage_window", "analysis_interval", "gates"}`'),
  },
}), 'model_not_found', 'model_state_conflict', 'gates_failed', 'object_store_unavailable', 'promotion_running', 'temporal_unavailable', 'temporal_error');

export function trainingRoutes(s: ApiServices) {
  const app = newRouter();

  app.openapi(trainRoute, async (c) => {
    const ct = c.req.header('content-type') ?? '';
    const raw = /json/i.test(ct) && (c.req.header('content-length') ?? '1') !== '0' ? await c.req.json().catch(() => {
      throw new ApiError('invalid_json', 'request body is not valid JSON');
    }) : {};
    const parsed = TrainBody.safeParse(raw ?? {});
    if (!parsed.success) throw new ApiError('invalid_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const input = {
      trigger: 'api' as const,
      requester: parsed.data.requester,
      gates: retrainGates(s.config),
      ...(s.config.RETRAIN_MIN_SAMPLES !== undefined && { minSamples: s.config.RETRAIN_MIN_SAMPLES }),
      ...(parsed.data.seed !== undefined && { seed: parsed.data.seed }),
    };
    const handle = await s.temporal.workflow.start<GatedRetrainingFn>(WORKFLOW_TYPES.gatedRetraining, gatedRetrainingStart(input));
    return c.json({ status: 'training_queued', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 202);
  });

  app.openapi(runsRoute, async (c) => c.json(toJson({ runs: await listRetrainingRuns(s.db, c.req.valid('query').limit) }) as Record<string, unknown>, 200));

  app.openapi(modelsRoute, async (c) => {
    const models = await listModels(s.db, c.req.valid('query').limit);
    const reports = await reportsByModel(s.db, models.map((m) => m.id));
    const link = (m: string, r: number) => `/api/v1/sentinel/models/${encodeURIComponent(m)}/reports/${r}`;
    const withReports = models.map((m) => ({
      ...m,
      reports: (reports.get(m.id) ?? []).map((r) => ({ id: r.id, kind: r.kind, decision: r.decision, title: r.title, workflowId: r.workflowId, createdAt: r.createdAt, markdown: `${link(m.id, r.id)}?format=md`, html: link(m.id, r.id) })),
    }));
    return c.json(toJson({ models: withReports }) as Record<string, unknown>, 200);
  });

  app.openapi(promoteRoute, async (c) => {
    const { model_id: id, canary_percent: percent, requester } = c.req.valid('json');
    const model = await getModel(s.db, id);
    if (!model) throw new ApiError('model_not_found', `model ${id} not found`);
    if (model.status !== 'registered' && model.status !== 'canary') throw new ApiError('model_state_conflict', `model ${id} is ${model.status}`);
    if (!s.objects) throw new ApiError('object_store_unavailable', 'no object store is configured: the model artifact cannot be read');
    const v = await validateModel(s.db, s.objects, { datasetVersion: model.datasetVersion, artifactKey: model.artifactKey, sha256: model.artifactSha256, gates: retrainGates(s.config) });
    if (!v.passed) throw new ApiError('gates_failed', `model ${id} fails its gates now: ${v.reasons.join('; ')}`);
    if (percent < 100) {
      const started = await startCanaryPromotion(s, id, percent, requester);
      return c.json(toJson({ status: 'canary_started', model_id: id, workflowId: started.workflowId, runId: started.runId, stages: started.stages, stage_window: started.stageWindow, analysis_interval: started.analysisInterval, gates: v.checks, production_before: v.productionModel }) as Record<string, unknown>, 202);
    }
    const row = (await setModelStatus(s.db, id, 'production'))!;
    return c.json(toJson({ status: 'success', model_id: id, stage: 'production', canary_percent: 100, promoted_at: (row.promotedAt ?? new Date()).toISOString(), gates: v.checks, production_before: v.productionModel }) as Record<string, unknown>, 200);
  });

  return app;
}
