// POST /api/v1/rules/{id}/reverify: verifies a rejected or rolled-back rule again (e.g. one
// rejected while the ModSecurity verifier was missing) with the payloads it was verified with,
// and lets the gatekeeper decide afresh: the durable ruleReverifyWorkflow
// (workflows/threat/rule-reverify.ts). The rule is checked here first so an impossible request
// is refused before anything starts; the workflow re-checks under the rule-set lock.
import { createRoute, z } from '@hono/zod-openapi';
import { isReproposable, parseRuleCore, storedPayloads } from '../../domain/threat/rules/stored-rule';
import { getRule, RuleStateError, SYSTEM_ACTOR } from '../../repo/threat/rules';
import { ruleReverifyStart, type RuleReverifyFn } from '../../temporal/threat/rule-reverify';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { ApiError, notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { Identity, Int4Id, Prose } from '../schemas';
import type { ApiServices } from '../services';

const DEADLINE_MS = 5000;

const Body = z
  .strictObject({
    actor: Identity.refine((a) => a.toLowerCase() !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is reserved for automatic transitions`).openapi({
      description: 'Who asks for the re-verification (recorded as the actor of the re-proposal in the rule audit)',
    }),
    reason: Prose(2000, 1)
      .refine((r) => r.trim().length > 0, 'must not be blank')
      .optional()
      .openapi({ description: 'Why (recorded with the re-proposal)', example: 'CHG-1234: ModSecurity verifier installed' }),
  })
  .openapi('RuleReverifyRequest', { example: { actor: 'alice', reason: 'CHG-1234: ModSecurity verifier installed' } });

const Started = z
  .object({
    ruleId: z.number().int().openapi({ description: 'The rule', example: 9522432 }),
    previousStatus: z.enum(['rejected', 'rolled_back']).openapi({ description: 'Its status when the request read it' }),
    workflowId: z.string().openapi({ description: '`rule-reverify:<rule id>:<attempt>`; the same request on an unchanged rule joins this run', example: 'rule-reverify:9522432:3' }),
    runId: z.string().openapi({ description: 'The run (the first one, when joined)' }),
    follow: z.string().openapi({ description: 'Where to read the outcome: the rule with its audit events', example: '/api/v1/rules/9522432' }),
  })
  .openapi('RuleReverifyStarted');

const route = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/reverify',
  tags: ['rules'],
  // An auto-apply decision changes the active WAF rule set, as POST /rules/{id}/apply does.
  'x-bulwark-role': 'approver',
  summary: 'Verify a rejected or rolled-back rule again (ModSecurity + gatekeeper) with its stored payloads',
  description:
    'Starts the durable `ruleReverifyWorkflow`: the stored triggering payloads and the benign corpus are checked again, the rule ' +
    'is loaded into libmodsecurity, and the gatekeeper decides afresh. The rule goes rejected | rolled_back → proposed → ' +
    'proposed (awaits an analyst: POST /api/v1/rules/{id}/apply) | logged | rejected, or is applied when the gatekeeper ' +
    'auto-applies. Without the verifier the run ends `rule_verification_unavailable` and writes nothing. A proposed, logged or ' +
    'applied rule answers 409 `rule_state_conflict`.',
  request: {
    params: z.object({ id: Int4Id.openapi({ param: { name: 'id', in: 'path' }, example: 9522432 }) }),
    body: { required: true, content: { 'application/json': { schema: Body } } },
  },
  responses: {
    202: {
      description: 'The re-verification started (or joined the one already running for this rule)',
      content: {
        'application/json': {
          schema: Started,
          example: { ruleId: 9522432, previousStatus: 'rejected', workflowId: 'rule-reverify:9522432:3', runId: '0196f1c2-7a4e-7c3b-9d2e-5f6a7b8c9d0e', follow: '/api/v1/rules/9522432' },
        },
      },
    },
  },
}), 'rule_not_found', 'rule_state_conflict', 'rule_not_reverifiable', 'temporal_unavailable', 'temporal_error');

export function ruleReverifyRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { actor, reason } = c.req.valid('json');
    const found = await getRule(s.db, id);
    if (!found) throw notFoundError('rule', id);
    const { rule, events } = found;
    if (!isReproposable(rule.status)) {
      throw new RuleStateError(id, rule.status, `rule ${id} is ${rule.status}; only a rejected or rolled-back rule can be re-verified`);
    }
    const core = parseRuleCore(rule.attackClass, rule.secRule);
    const payloads = storedPayloads(rule.provenance);
    const missing = typeof core === 'string' ? core : typeof payloads === 'string' ? payloads : undefined;
    if (missing) throw new ApiError('rule_not_reverifiable', `rule ${id}: ${missing}`);
    const options = ruleReverifyStart({ ruleId: id, requester: actor, ...(reason ? { reason } : {}) }, events.length, s.queues);
    const handle = await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () =>
      s.temporal.workflow.start<RuleReverifyFn>(WORKFLOW_TYPES.ruleReverify, options),
    );
    const previousStatus = rule.status as 'rejected' | 'rolled_back';
    return c.json({ ruleId: id, previousStatus, workflowId: options.workflowId, runId: handle.firstExecutionRunId, follow: `/api/v1/rules/${id}` }, 202);
  });
  return app;
}
