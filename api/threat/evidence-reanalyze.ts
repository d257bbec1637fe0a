// POST /api/v1/evidence/{id}/reanalyze: a new run of the evidence's threat analysis, e.g. after
// the ModSecurity verifier was installed or a rejection's cause was fixed. Same workflow id
// (`threat-analysis:<id>`), new run id; refused with 409 analysis_running while a run is open.
// The verdict is the first one recorded (verdicts are written once); the rule stage runs again.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { evidence } from '../../db/schema';
import { threatReanalysisStart } from '../../temporal/workflows';
import { WORKFLOW_TYPES, type ThreatAnalysisFn } from '../../temporal/workflows';
import { callerName } from '../auth/middleware';
import { ApiError, notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { EvidenceId } from '../schemas';
import type { ApiServices } from '../services';

const DEADLINE_MS = 5000;

const Reanalysis = z
  .object({
    evidenceId: z.string(),
    workflowId: z.string().openapi({ description: 'The same id as the first analysis' }),
    runId: z.string().openapi({ description: 'The new run' }),
  })
  .openapi('EvidenceReanalysis');

const reanalyzeRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/reanalyze',
  tags: ['evidence'],
  summary: 'Start a new run of the evidence’s threat analysis (same workflow id, new run)',
  description:
    'For an analysis that was rejected, failed or could not verify its rule (e.g. before the ModSecurity verifier was ' +
    'installed). The previous run must be closed: a running one answers 409 `analysis_running`. GET /api/v1/evidence/{id} ' +
    'then tells the new run’s story. Four-eyes: the caller (the token\'s name) may not review or apply the rules this run proposes.',
  request: { params: z.object({ id: EvidenceId.openapi({ param: { name: 'id', in: 'path' }, example: 'hp-2026-0001' }) }) },
  responses: {
    202: {
      description: 'The new run started',
      content: { 'application/json': { schema: Reanalysis, example: { evidenceId: 'hp-2026-0001', workflowId: 'threat-analysis:hp-2026-0001', runId: '0196f1c2-7a4e-7c3b-9d2e-5f6a7b8c9d0e' } } },
    },
  },
}), 'evidence_not_found', 'analysis_running', 'temporal_unavailable', 'temporal_error');

export function evidenceReanalyzeRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(reanalyzeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await s.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.id, id)).limit(1);
    if (!row) throw notFoundError('evidence', id);
    const options = threatReanalysisStart(id, { reviewTimeout: s.config.RULE_REVIEW_TIMEOUT, queues: s.queues, reanalyzedBy: callerName(c) });
    try {
      const handle = await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () =>
        s.temporal.workflow.start<ThreatAnalysisFn>(WORKFLOW_TYPES.threatAnalysis, options),
      );
      return c.json({ evidenceId: id, workflowId: options.workflowId, runId: handle.firstExecutionRunId }, 202);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ApiError('analysis_running', `the analysis of evidence "${id}" is still running; cancel it or wait for it to close`);
      }
      throw err;
    }
  });
  return app;
}
