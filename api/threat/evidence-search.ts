// GET /api/v1/evidence (search by verdict, rule outcome and status, newest first) and
// GET /api/v1/evidence/{id}/report (the analyst's HTML report of stored evidence). The list
// reads the evidence and verdict rows only; the rule outcome is the one the closed analysis
// stored in its story, so a running analysis matches no rule outcome yet.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { unescapeNulDeep } from '../../db/nul-escape';
import { evidence, verdicts } from '../../db/schema';
import { createInferenceEngine, type InferenceEngine } from '../../domain/threat/detection/engine';
import { defaultAnomalyModel } from '../../domain/threat/detection/anomaly';
import { defaultModel } from '../../domain/threat/detection/model-io';
import { renderHtmlReport } from '../../domain/threat/detection/report';
import { EvidenceSchema } from '../../domain/threat/evidence/schema';
import { ObjectNotFoundError } from '../../objects/store';
import { ApiError, notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { EvidenceId, Limit, toJson } from '../schemas';
import type { ApiServices } from '../services';

/** evidence.status (db/schema/evidence.ts). */
export const EVIDENCE_STATUSES = ['received', 'analyzed', 'integrity_failed', 'failed', 'cancelled', 'compensation_failed'] as const;
export const VERDICTS = ['simulate', 'tag', 'benign', 'none'] as const;
/** Every RuleOutcome (workflows/threat/threat-analysis.defs.ts). */
export const RULE_OUTCOMES = [
  'none', 'no_exploit', 'sandbox_aborted', 'not_proposed', 'duplicate', 'gatekeeper_rejected', 'rule_verification_unavailable',
  'logged', 'pending_review', 'auto_applied', 'approved', 'review_rejected', 'review_expired', 'withdrawn',
] as const;

const Summary = z
  .object({
    id: z.string(),
    source: z.string(),
    receivedAt: z.string().openapi({ format: 'date-time' }),
    status: z.string().openapi({ description: 'received | analyzed | integrity_failed | failed | cancelled | compensation_failed' }),
    outcome: z.string().nullable().openapi({ description: 'The closed analysis outcome; null while it runs' }),
    verdict: z.string().nullable().openapi({ description: 'simulate | tag | benign; null before a verdict (or when integrity failed)' }),
    confidence: z.number().nullable(),
    narrative: z.string().nullable(),
    ruleOutcome: z.string().nullable().openapi({ description: 'The closed analysis rule outcome (most consequential of its rules)' }),
  })
  .openapi('EvidenceSummary', {
    example: {
      id: 'hp-2026-0001', source: 'honeypot', receivedAt: '2026-05-01T10:00:00.000Z', status: 'analyzed', outcome: 'completed',
      verdict: 'simulate', confidence: 0.97, narrative: 'sqli in query.id', ruleOutcome: 'pending_review',
    },
  });

const listRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags: ['evidence'],
  summary: 'Search evidence by verdict, rule outcome and status, newest first',
  request: {
    query: z.object({
      verdict: z.enum(VERDICTS).optional().openapi({ description: '`none`: no verdict recorded (yet)' }),
      ruleOutcome: z.enum(RULE_OUTCOMES).optional().openapi({ description: 'The rule outcome the closed analysis stored' }),
      status: z.enum(EVIDENCE_STATUSES).optional().openapi({ example: 'analyzed' }),
      limit: Limit,
    }),
  },
  responses: { 200: { description: 'Matching evidence, newest first', content: { 'application/json': { schema: z.array(Summary) } } } },
}));

const reportRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{id}/report',
  tags: ['evidence'],
  summary: 'The analyst HTML report of stored evidence (self-contained, no scripts)',
  description: 'Rendered from the stored evidence bytes by the detection model this API serves; the stored verdict (GET /api/v1/evidence/{id}) is the one the analysis recorded.',
  request: { params: z.object({ id: EvidenceId.openapi({ param: { name: 'id', in: 'path' }, example: 'hp-2026-0001' }) }) },
  responses: { 200: { description: 'The HTML report', content: { 'text/html': { schema: z.string() } } } },
}), 'evidence_not_found', 'object_store_unavailable');

export function evidenceSearchRoutes(s: ApiServices) {
  const app = newRouter();
  let engine: InferenceEngine | undefined;

  app.openapi(listRoute, async (c) => {
    const { verdict, ruleOutcome, status, limit } = c.req.valid('query');
    const where: SQL[] = [];
    if (verdict === 'none') where.push(isNull(verdicts.verdict));
    else if (verdict) where.push(eq(verdicts.verdict, verdict));
    if (ruleOutcome) where.push(sql`${evidence.story}->>'ruleOutcome' = ${ruleOutcome}`);
    if (status) where.push(eq(evidence.status, status));
    const rows = await s.db
      .select({
        id: evidence.id, source: evidence.source, receivedAt: evidence.receivedAt, status: evidence.status, outcome: evidence.outcome,
        verdict: verdicts.verdict, confidence: verdicts.confidence, narrative: verdicts.narrative,
        ruleOutcome: sql<string | null>`${evidence.story}->>'ruleOutcome'`,
      })
      .from(evidence)
      .leftJoin(verdicts, eq(verdicts.evidenceId, evidence.id))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(evidence.receivedAt), desc(evidence.id))
      .limit(limit);
    return c.json(toJson(unescapeNulDeep(rows)) as unknown as z.infer<typeof Summary>[], 200);
  });

  app.openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await s.db.select({ objectKey: evidence.objectKey }).from(evidence).where(eq(evidence.id, id)).limit(1);
    if (!row) throw notFoundError('evidence', id);
    if (!s.objects) throw new ApiError('object_store_unavailable', 'no object store is configured for this API');
    let bytes: Uint8Array;
    try {
      bytes = await s.objects.get(row.objectKey);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw new ApiError('object_store_unavailable', `the bytes of evidence ${id} are missing from the object store`);
      throw err;
    }
    const ev = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    engine ??= createInferenceEngine({ model: defaultModel(), anomaly: defaultAnomalyModel() });
    return c.html(renderHtmlReport(ev, engine.analyze(ev)), 200);
  });

  return app;
}
