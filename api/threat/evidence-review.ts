// POST /api/v1/evidence/{id}/review: an analyst approves or rejects the WAF rule(s) a threat
// analysis is holding for review. The workflow's Update validator decides whether the review
// can be taken (a reviewer, not the system; a rule actually awaiting review); the answer comes
// back once the rule is applied or rejected, with the active rule set version. The evidence's
// submitter may not review (four-eyes, refused by the same validator: 409 self_approval_refused).
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { evidence } from '../../db/schema';
import { reviewRuleUpdate } from '../../workflows/threat/threat-analysis.defs';
import { threatAnalysisId } from '../../temporal/workflows';
import { ApiError, notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, EvidenceId, Identity, INT4_MAX, Prose } from '../schemas';
import type { ApiServices } from '../services';

const ReviewBody = z
  .strictObject({
    reviewer: Identity,
    decision: z.enum(['approve', 'reject']).openapi({ description: 'approve → the rule is applied; reject → it is not' }),
    ruleId: z.number().int().min(1).max(INT4_MAX).optional().openapi({ description: 'The rule reviewed; omitted = every rule pending review for this evidence' }),
    reason: Prose(2000).optional().openapi({ description: 'Why (recorded in the rule audit)' }),
  })
  .openapi('RuleReview', { example: { reviewer: 'alice', decision: 'approve', reason: 'matches the incident' } });

const reviewRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/review',
  tags: ['evidence'],
  summary: 'Approve or reject the WAF rule(s) an analysis holds for review (reviewer must be an analyst, not "system")',
  description:
    'Four-eyes: whoever submitted the evidence (`evidence.submittedBy`, the token that posted it) is the rules\' requester ' +
    'and may not review them, approving or rejecting: 409 `self_approval_refused`; another approver must.',
  request: {
    params: z.object({ id: EvidenceId.openapi({ param: { name: 'id', in: 'path' }, example: 'hp-2026-0001' }) }),
    body: { required: true, content: { 'application/json': { schema: ReviewBody } } },
  },
  responses: {
    200: { description: 'The reviewed rules with their outcome (approved → applied, with the rule set version)', content: { 'application/json': { schema: z.array(AnyObject) } } },
  },
}), 'evidence_not_found', 'not_awaiting_review', 'reviewer_refused', 'self_approval_refused', 'temporal_unavailable', 'temporal_error');

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
      if (err instanceof WorkflowNotFoundError) {
        // Closed analyses look "not found" to an Update; known evidence is a conflict, not a 404.
        const [row] = await s.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.id, id)).limit(1);
        if (row) throw new ApiError('not_awaiting_review', `the analysis of evidence ${id} is not awaiting review`);
        throw notFoundError('evidence', id);
      }
      throw err;
    }
  });
  return app;
}
