// POST /api/v1/evidence/{id}/review: an analyst approves or rejects the WAF rule(s) a threat
// analysis is holding for review. The workflow's Update validator decides whether the review
// can be taken (a reviewer, not the system; a rule actually awaiting review); the answer comes
// back once the rule is applied or rejected, with the active rule set version.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { evidence } from '../db/schema';
import { reviewRuleUpdate } from '../workflows/threat-analysis.defs';
import { threatAnalysisId } from '../temporal/workflows';
import { ApiError, errorResponses, newRouter, notFoundError } from './errors';
import { AnyObject, Requester } from './schemas';
import type { ApiServices } from './services';

const ReviewBody = z
  .strictObject({
    reviewer: Requester,
    decision: z.enum(['approve', 'reject']),
    ruleId: z.number().int().positive().optional(),
    reason: z.string().max(2000).optional(),
  })
  .openapi('RuleReview', { example: { reviewer: 'alice', decision: 'approve', reason: 'matches the incident' } });

const reviewRoute = createRoute({
  method: 'post',
  path: '/{id}/review',
  tags: ['evidence'],
  summary: 'Approve or reject the WAF rule(s) an analysis holds for review (reviewer must be an analyst, not "system")',
  request: {
    params: z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'hp-2026-0001' }) }),
    body: { required: true, content: { 'application/json': { schema: ReviewBody } } },
  },
  responses: {
    200: { description: 'The reviewed rules with their outcome (approved → applied, with the rule set version)', content: { 'application/json': { schema: z.array(AnyObject) } } },
    ...errorResponses(400, 404, 409, 413),
  },
});

export function evidenceReviewRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(reviewRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const handle = s.temporal.workflow.getHandle(threatAnalysisId(id));
    try {
      const tracks = await handle.executeUpdate(reviewRuleUpdate, { args: [body] });
      return c.json(tracks as unknown as Record<string, unknown>[], 200);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new ApiError(409, 'review_refused', err.cause?.message ?? err.message);
      if (err instanceof WorkflowNotFoundError) {
        // Closed analyses look "not found" to an Update; known evidence is a conflict, not a 404.
        const [row] = await s.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.id, id)).limit(1);
        if (row) throw new ApiError(409, 'review_refused', `the analysis of evidence ${id} is not awaiting review`);
        throw notFoundError('evidence', id);
      }
      throw err;
    }
  });
  return app;
}
