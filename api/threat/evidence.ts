// /api/v1/evidence: submit captured evidence (stored with its SHA-256, then analysed by the
// threat-analysis workflow) and read it back with its verdict. The evidence id is the
// idempotency key: the same evidence twice is one workflow; different content under a known
// id is a conflict, never an overwrite. A body that is not valid UTF-8 is refused (400
// invalid_utf8), never repaired: the stored bytes and their hash are always what was sent.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import { eq, sql } from 'drizzle-orm';
import { unescapeNulDeep } from '../../db/nul-escape';
import { evidence, verdicts, wafRules } from '../../db/schema';
import { canonicalEvidenceBytes, evidenceSha256 } from '../../domain/threat/evidence/canonical';
import { EvidenceConflictError, storeEvidenceOnce } from '../../repo/threat/evidence-intake';
import { EvidenceSchema, type Evidence } from '../../domain/threat/evidence/schema';
import { condenseStory, explainAnalysis } from '../../domain/threat/story';
import { SA } from '../../temporal/ids';
import { startThreatAnalysis, threatAnalysisId } from '../../temporal/workflows';
import { threatStatusQuery } from '../../workflows/threat/threat-analysis.defs';
import { callerName } from '../auth/middleware';
import { ApiError, notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, EvidenceId, toJson } from '../schemas';
import type { ApiServices } from '../services';

const tags = ['evidence'];
const DEADLINE_MS = 5000;

const Submitted = z
  .object({ evidenceId: z.string(), workflowId: z.string(), sha256: z.string(), created: z.boolean() })
  .openapi('EvidenceSubmitted');

const submitRoute = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Store captured evidence and start its threat analysis',
  request: { body: { required: true, content: { 'application/json': { schema: EvidenceSchema } } } },
  responses: {
    200: { description: 'Same evidence already submitted: its existing analysis', content: { 'application/json': { schema: Submitted } } },
    202: { description: 'Stored; analysis started', content: { 'application/json': { schema: Submitted } } },
  },
  description:
    'The body must be UTF-8 JSON: invalid UTF-8 is refused with 400 `invalid_utf8` (never replaced), so the stored ' +
    'bytes are the canonical JSON of exactly what was sent. Any character, NUL included, may be sent as a JSON escape (`\\u0000`). ' +
    'The token\'s name is recorded as the submitter (`submittedBy`): the rules its analysis proposes are reviewed and applied by another approver (four-eyes).',
}), 'invalid_utf8', 'evidence_conflict', 'object_store_unavailable', 'temporal_unavailable', 'temporal_error');

const getRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Evidence record, its verdict, the analysis story and the live workflow status',
  description:
    '`story` tells the analysis, after the run too (stored on the evidence row when it closes; live while it runs): the stage ' +
    'reached, the outcome, the sandbox run (`simulation.outcome`: `confirmed`; `unconfirmed` when the classifier is confident ' +
    'and no oracle confirmed, so any rule waits for an analyst; `no_exploit` when the classifier itself doubts), and per attack ' +
    'class whether the sandbox confirmed it and why (each oracle\'s reason per stack, and the runner-up class when it was tried), ' +
    'whether a rule was proposed and why (not), the gatekeeper decision with its reasons, and an analyst\'s review (`review`: decision, ' +
    'reviewer, reason, when; `stage` is then `apply` or `reject`, never still `review`). `findings`: the sandbox\'s finding per simulated payload ' +
    '(attack class, verdict such as exploit_possible, a preview of the payload, the oracle\'s first line of evidence).',
  request: { params: z.object({ id: EvidenceId.openapi({ param: { name: 'id', in: 'path' }, example: 'hp-2026-0001' }) }) },
  responses: {
    200: { description: 'The evidence', content: { 'application/json': { schema: AnyObject } } },
  },
}), 'evidence_not_found');

export function evidenceRoutes(s: ApiServices) {
  const app = newRouter();

  app.openapi(submitRoute, async (c) => {
    const ev = c.req.valid('json') as Evidence;
    const bytes = canonicalEvidenceBytes(ev);
    const sha256 = evidenceSha256(bytes);
    // The submitter (the token's name) may not review the rules this analysis proposes.
    const created = await storeOnce(s, ev, sha256, callerName(c) ?? null);
    // Started on duplicates too: a first attempt may have stored the row and then failed to
    // reach Temporal; the id policies make this a no-op when the workflow exists.
    await startThreatAnalysis(s.temporal, ev.id, { reviewTimeout: s.config.RULE_REVIEW_TIMEOUT, queues: s.queues });
    return c.json({ evidenceId: ev.id, workflowId: threatAnalysisId(ev.id), sha256, created }, created ? 202 : 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await s.db.select().from(evidence).where(eq(evidence.id, id)).limit(1);
    if (!row) throw notFoundError('evidence', id);
    const [verdict] = await s.db.select().from(verdicts).where(eq(verdicts.evidenceId, id)).limit(1);
    const workflow = await workflowView(s, threatAnalysisId(id));
    // Rules whose provenance cites this evidence (generated from it, or the same rule reused).
    const rules = await s.db
      .select({ id: wafRules.id, attackClass: wafRules.attackClass, status: wafRules.status, confidence: wafRules.confidence, fpReports: wafRules.fpReports, provenance: wafRules.provenance })
      .from(wafRules)
      .where(sql`${wafRules.provenance}->'evidenceIds' @> ${JSON.stringify([id])}::jsonb`);
    // The story: stored when the analysis closed; while it runs, the live status says it.
    const { story: stored, ...evidenceRow } = row;
    // A live status from another version (or a stand-in) may lack the rule tracks: then no live story.
    const live = 'live' in workflow && Array.isArray(workflow.live?.rules) ? condenseStory(workflow.live) : null;
    const gatekeeperOf = (ruleId: number) => {
      const g = rules.find((r) => r.id === ruleId)?.provenance.gatekeeper as { action: string; reasons: string[]; policy_version: string } | undefined;
      return g ? { action: g.action, reasons: g.reasons, policyVersion: g.policy_version } : null;
    };
    const story = explainAnalysis(live ?? stored, live ? null : row.outcome, gatekeeperOf);
    const ruleRows = rules.map(({ provenance: _p, ...r }) => r);
    // Stored strings have NUL escaped (db/nul-escape.ts): give them back as they were.
    // The sandbox's finding per simulated payload: class, verdict, the payload's preview, the oracle's first line.
    const findings = (live ?? stored)?.simulation?.simulated ?? [];
    const view = unescapeNulDeep({ evidence: evidenceRow, verdict: verdict ?? null, story, findings, rules: ruleRows, workflow });
    return c.json(toJson(view) as unknown as Record<string, unknown>, 200);
  });

  return app;
}

/** Writes the bytes and the row unless this id is known (repo/threat/evidence-intake.ts); true when this call stored them. */
async function storeOnce(s: ApiServices, ev: Evidence, sha256: string, submittedBy: string | null): Promise<boolean> {
  if (!s.objects) {
    // A known id answers without the store (a duplicate or a conflict); only new evidence needs it.
    const [row] = await s.db.select({ sha256: evidence.sha256 }).from(evidence).where(eq(evidence.id, ev.id)).limit(1);
    if (!row) throw new ApiError('object_store_unavailable', 'no object store is configured for this API');
    if (row.sha256 !== sha256) throw new ApiError('evidence_conflict', new EvidenceConflictError(ev.id, row.sha256).message);
    return false;
  }
  try {
    return (await storeEvidenceOnce(s.db, s.objects, ev, submittedBy)).created;
  } catch (err) {
    if (err instanceof EvidenceConflictError) throw new ApiError('evidence_conflict', err.message);
    throw err;
  }
}

async function workflowView(s: ApiServices, id: string) {
  const handle = s.temporal.workflow.getHandle(id);
  let desc: WorkflowExecutionDescription;
  try {
    desc = await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => handle.describe());
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { workflowId: id, status: null };
    // The stored record still answers; Temporal being down degrades the view only.
    return { workflowId: id, status: null, temporalError: err instanceof Error ? err.message : String(err) };
  }
  let live = null;
  if (desc.status.name === 'RUNNING') {
    live = await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => handle.query(threatStatusQuery)).catch(() => null);
  }
  return {
    workflowId: id,
    runId: desc.runId,
    status: desc.status.name,
    startTime: desc.startTime,
    closeTime: desc.closeTime,
    memo: desc.memo,
    ruleOutcome: desc.typedSearchAttributes?.get(SA.ruleOutcome) ?? null,
    live,
  };
}
