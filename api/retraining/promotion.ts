// A model's canary promotion under /api/v1/sentinel/models/{id}: its status (the workflow's
// query), abort (admin), hold and resume (Updates of canaryPromotionWorkflow), and its reports
// as Markdown or HTML. POST models/promote (training.ts) starts it through startCanaryPromotion.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { canarySettings } from '../../config/config';
import { canaryStages } from '../../domain/threat/models/canary-analysis';
import { getModelReport } from '../../repo/datasets/model-reports';
import { servingModels } from '../../repo/models/serving-split';
import { canaryPromotionId, canaryPromotionStart, type CanaryPromotionFn } from '../../temporal/retraining';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { abortCanaryUpdate, canaryStatusQuery, holdCanaryUpdate, resumeCanaryUpdate, type CanaryStatus } from '../../workflows/retraining/canary-promotion.defs';
import { ApiError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, Identity, Int4Id, Text, toJson } from '../schemas';
import type { ApiServices } from '../services';

const tags = ['models'];
const DEADLINE_MS = 5000;
const ModelParam = z.object({ id: Text(200).openapi({ param: { name: 'id', in: 'path' }, example: 'pc-v3-1a2b3c4d5e' }) });
const json = (description: string) => ({ description, content: { 'application/json': { schema: AnyObject } } });

/**
 * Starts `modelId`'s canary promotion at `fromPercent` (then the configured stages above it).
 * A promotion of the same model already running is joined; another model in canary is 409.
 */
export async function startCanaryPromotion(s: ApiServices, modelId: string, fromPercent: number, requester: string) {
  const { candidate } = await servingModels(s.db);
  if (candidate && candidate.id !== modelId) throw new ApiError('promotion_running', `model ${candidate.id} is in canary at ${candidate.canaryPercent}%: abort or finish its promotion first`);
  const settings = canarySettings(s.config);
  const stages = canaryStages(settings.stages, fromPercent);
  const handle = await s.temporal.workflow.start<CanaryPromotionFn>(WORKFLOW_TYPES.canaryPromotion, canaryPromotionStart({ candidateModelId: modelId, requester, ...settings, stages }, s.queues));
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, stages, stageWindow: settings.stageWindow, analysisInterval: settings.analysisInterval };
}

const OperatorBody = z
  .strictObject({
    actor: Identity.openapi({ description: 'Who decides (recorded; the token holder when auth is on)' }),
    reason: z.string().max(500).optional().openapi({ description: 'Why, kept in the report' }),
  })
  .openapi('CanaryOperatorAction', { example: { actor: 'alice', reason: 'latency alerts on the edge' } });

const statusRoute = apiRoute(createRoute({
  method: 'get',
  path: '/models/{id}/promotion',
  tags,
  summary: "The model's canary promotion: stage, split, the last analyses, hold, outcome and report ids",
  request: { params: ModelParam },
  responses: { 200: json('`{"workflowId", "running", "status": {phase, stages, stageIndex, percent, tally, analyses, hold, outcome, reportIds, ...}}`') },
}), 'promotion_not_found', 'temporal_unavailable', 'temporal_error');

function operatorRoute(action: 'abort' | 'hold' | 'resume', summary: string) {
  return apiRoute(createRoute({
    method: 'post',
    path: `/models/{id}/promotion/${action}`,
    tags,
    summary,
    request: { params: ModelParam, body: { required: true, content: { 'application/json': { schema: OperatorBody } } } },
    responses: { 200: json('The promotion accepted it: `{"workflowId", "status"}` (abort: the rollback follows at once)') },
  }), 'promotion_not_found', 'promotion_closed', 'temporal_unavailable', 'temporal_error');
}

const reportRoute = apiRoute(createRoute({
  method: 'get',
  path: '/models/{id}/reports/{reportId}',
  tags,
  summary: 'One report of the model (gates, canary stage, rollback, abort, promotion) as Markdown or HTML',
  request: {
    params: ModelParam.extend({ reportId: Int4Id.openapi({ param: { name: 'reportId', in: 'path' }, example: 3 }) }),
    query: z.object({ format: z.enum(['md', 'html']).default('html').openapi({ description: 'md: text/markdown; html: a standalone document' }) }),
  },
  responses: { 200: { description: 'The report', content: { 'text/html': { schema: z.string() }, 'text/markdown': { schema: z.string() } } } },
}), 'report_not_found');

const UPDATES = { abort: abortCanaryUpdate, hold: holdCanaryUpdate, resume: resumeCanaryUpdate } as const;

export function promotionRoutes(s: ApiServices) {
  const app = newRouter();
  const handleOf = (id: string) => s.temporal.workflow.getHandle(canaryPromotionId(id));
  const describe = async (id: string) => {
    try {
      return await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => handleOf(id).describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new ApiError('promotion_not_found', `no canary promotion of model ${id}`);
      throw err;
    }
  };

  app.openapi(statusRoute, async (c) => {
    const { id } = c.req.valid('param');
    const d = await describe(id);
    const running = d.status.name === 'RUNNING';
    // A closed run answers its query by replay on a worker; its result says the same in short.
    const status = await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => handleOf(id).query(canaryStatusQuery)).catch(async () =>
      d.status.name === 'COMPLETED' ? ((await handleOf(id).result()) as unknown as Partial<CanaryStatus>) : null,
    );
    return c.json(toJson({ workflowId: d.workflowId, runId: d.runId, running, temporalStatus: d.status.name, status }) as Record<string, unknown>, 200);
  });

  for (const action of ['abort', 'hold', 'resume'] as const) {
    const summaries = {
      abort: 'Abort the canary (admin): 100 % back to production, the candidate rolled back, a report written',
      hold: "Hold the current stage: no analysis, the stage's clock stops (idempotent)",
      resume: 'Resume a held stage (held by an operator or by inconclusive analyses)',
    };
    app.openapi(operatorRoute(action, summaries[action]), async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const d = await describe(id);
      if (d.status.name !== 'RUNNING') throw new ApiError('promotion_closed', `the canary promotion of ${id} has closed (${d.status.name.toLowerCase()})`);
      const status = await handleOf(id).executeUpdate(UPDATES[action], { args: [{ by: body.actor, ...(body.reason && { reason: body.reason }) }] });
      return c.json(toJson({ workflowId: d.workflowId, status }) as Record<string, unknown>, 200);
    });
  }

  app.openapi(reportRoute, async (c) => {
    const { id, reportId } = c.req.valid('param');
    const report = await getModelReport(s.db, reportId);
    if (!report || report.modelId !== id) throw new ApiError('report_not_found', `model ${id} has no report ${reportId}`);
    if (c.req.valid('query').format === 'md') return c.body(report.markdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
    return c.html(report.html, 200);
  });

  return app;
}

