// POST /api/v1/evidence/import?format=har|modsec-audit|aws-waf|combined (also reachable as
// POST /api/v1/evidence?format=…): the body is the capture file exactly as its source wrote it.
// Its readable entries become evidence sessions (domain/threat/evidence/adapters), each stored
// once and analysed once; the answer lists the evidence ids created or matched and the entries
// that could not be read, by line or entry number. Re-posting the file matches the same ids.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CAPTURE_FORMATS, convertCapture, isCaptureFormat, type CaptureFormat } from '../../domain/threat/evidence/adapters';
import { EvidenceConflictError, storeEvidenceOnce } from '../../repo/threat/evidence-intake';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { callerName } from '../auth/middleware';
import { ApiError } from '../errors';
import { apiRoute, newRouter } from '../router';
import type { ApiServices } from '../services';

const EXAMPLE = '203.0.113.7 - - [05/Jan/2026:10:00:00 +0000] "GET /search?q=1%27%20OR%20%271%27%3D%271 HTTP/1.1" 200 512 "-" "sqlmap/1.7"\n';

const Imported = z
  .object({
    format: z.enum(CAPTURE_FORMATS),
    evidence: z.array(z.object({ evidenceId: z.string(), workflowId: z.string(), created: z.boolean(), entries: z.array(z.string()) })),
    skipped: z.array(z.object({ at: z.string(), message: z.string() })).describe('Entries that could not be read (line N / entry N) and why'),
  })
  .openapi('EvidenceImported');

const importRoute = apiRoute(createRoute({
  method: 'post',
  path: '/import',
  tags: ['evidence'],
  summary: 'Import a capture file (HAR, ModSecurity JSON audit log, AWS WAF log, combined access log) and analyse its sessions',
  description:
    'The body is the file as the source wrote it, any content type. Requests are grouped into sessions by client address, ' +
    'split after 30 idle minutes; session ids derive from their content, so a re-import matches the same evidence. ' +
    'Also accepted as `POST /api/v1/evidence?format=…`.',
  request: {
    query: z.object({ format: z.enum(CAPTURE_FORMATS).openapi({ param: { name: 'format', in: 'query' }, example: 'combined' }) }),
    body: { required: true, content: { 'text/plain': { schema: z.string().min(1).openapi({ example: EXAMPLE }) } } },
  },
  responses: {
    200: { description: 'Every session was already stored: the existing analyses', content: { 'application/json': { schema: Imported } } },
    202: { description: 'New evidence stored; analyses started', content: { 'application/json': { schema: Imported } } },
  },
}), 'invalid_utf8', 'evidence_conflict', 'object_store_unavailable', 'temporal_unavailable', 'temporal_error');

async function importCapture(s: ApiServices, c: Context, format: CaptureFormat) {
  const text = await c.req.text();
  const conv = convertCapture(format, text);
  if (!conv.sessions.length) {
    const first = conv.errors.slice(0, 5).map((e) => `${e.at}: ${e.message}`).join('; ');
    throw new ApiError('invalid_request', `body: no readable ${format} entries${first ? ` (${first})` : ''}`);
  }
  if (!s.objects) throw new ApiError('object_store_unavailable', 'no object store is configured for this API');
  const evidence = [];
  for (const session of conv.sessions) {
    const ev = session.evidence;
    let created: boolean;
    try {
      ({ created } = await storeEvidenceOnce(s.db, s.objects, ev, callerName(c) ?? null));
    } catch (err) {
      if (err instanceof EvidenceConflictError) throw new ApiError('evidence_conflict', err.message);
      throw err;
    }
    await startThreatAnalysis(s.temporal, ev.id, { reviewTimeout: s.config.RULE_REVIEW_TIMEOUT, queues: s.queues });
    evidence.push({ evidenceId: ev.id, workflowId: threatAnalysisId(ev.id), created, entries: session.from });
  }
  const status = evidence.some((e) => e.created) ? 202 : 200;
  return c.json({ format, evidence, skipped: conv.errors }, status);
}

export function evidenceImportRoutes(s: ApiServices) {
  const app = newRouter();
  // The issue's spelling, POST /api/v1/evidence?format=…: a capture format is handled here,
  // before the JSON evidence route's validator (which would refuse a HAR file as evidence).
  app.post('/', async (c, next) => {
    const format = c.req.query('format');
    if (format === undefined || format === 'bulwark') return next();
    if (!isCaptureFormat(format)) throw new ApiError('invalid_request', `format: must be one of ${CAPTURE_FORMATS.join(', ')} (or omitted for Bulwark evidence JSON)`);
    return importCapture(s, c, format);
  });
  app.openapi(importRoute, async (c) => importCapture(s, c, c.req.valid('query').format) as never);
  return app;
}
