// One error vocabulary for the whole API: a closed list of codes, each with its one HTTP
// status. Every error body is `{ code, message }`. Routes throw `ApiError(code, message)` (or
// let library errors bubble); `toApiError` is the only place that maps anything else to a code,
// and the OpenAPI error responses are derived from the same table (api/router.ts).
import { z } from '@hono/zod-openapi';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { pgError } from '../db/errors';
import { SpecError } from '../domain/hardening';
import { EnvironmentNotFoundError } from '../repo/hardening/environments';
import { CircuitOpenError } from '../domain/threat/detection/circuit-breaker';
import { RuleNotFoundError, RuleSelfApprovalError, RuleStateError } from '../repo/threat/rules';
import { StandingApprovalInactiveError, StandingApprovalNotFoundError } from '../repo/hardening/standing-approvals';
import { log } from '../runtime/log';
import type { UpdateRefusal } from '../workflows/refusals';

/** Every code the API answers with, its status, and what it means (shown in the OpenAPI doc). */
export const ERRORS = {
  invalid_request: [400, 'A parameter or body field is invalid; the message names it'],
  invalid_json: [400, 'The body is not valid JSON'],
  invalid_spec: [400, 'The environment spec (YAML) is invalid; the message names the field'],
  invalid_evidence: [400, 'The evidence does not match the Evidence schema'],
  invalid_utf8: [400, 'The body is not valid UTF-8 (refused, never repaired: evidence keeps the bytes it was sent)'],
  unauthorized: [401, 'No valid bearer token (missing, unknown, expired or revoked)'],
  forbidden: [403, "The token's role is too weak for this route"],
  identity_mismatch: [403, 'An identity field in the body names someone other than the token (it comes from the token)'],
  not_found: [404, 'No such route'],
  environment_not_found: [404, 'The environment is not registered'],
  suspect_not_found: [404, 'An incident suspect names no asset of that kind in the environment'],
  cycle_not_found: [404, 'No such hardening cycle'],
  schedule_not_found: [404, 'No such schedule'],
  evidence_not_found: [404, 'No such evidence'],
  rule_not_found: [404, 'No such WAF rule'],
  model_not_found: [404, 'No such registered model'],
  report_not_found: [404, 'No such report of this model'],
  promotion_not_found: [404, 'No canary promotion was ever started for this model'],
  standing_approval_not_found: [404, 'No such standing approval'],
  workflow_not_found: [404, 'No such workflow'],
  incident_not_found: [404, 'No such incident'],
  workflow_already_started: [409, 'A workflow with this id already exists'],
  self_approval_refused: [409, 'The requester of a change may not approve or reject it'],
  not_awaiting_approval: [409, 'The cycle or incident is not (or no longer) awaiting approval'],
  not_holding: [409, 'The incident is not (or no longer) holding containment'],
  not_awaiting_review: [409, 'No rule of this analysis is awaiting review'],
  analysis_running: [409, "The evidence's analysis is still running"],
  reviewer_refused: [409, 'Reviews come from an analyst, not the system'],
  update_refused: [409, 'The workflow refused the update'],
  evidence_conflict: [409, 'This evidence id was submitted with different content'],
  rule_state_conflict: [409, 'The rule is not in a state that allows this'],
  model_state_conflict: [409, 'The model is not in a state that allows this (only registered or canary models are promoted)'],
  promotion_closed: [409, 'The canary promotion has finished (or is rolling back): there is nothing to abort, hold or resume'],
  promotion_running: [409, 'Another model is in canary: one promotion at a time'],
  gates_failed: [409, 'The model fails its promotion gates now; the message names each failed gate'],
  standing_approval_inactive: [409, 'The standing approval is already revoked or expired'],
  rule_not_reverifiable: [409, 'The rule lacks what re-verification replays (stored payloads, a SecRule in the generated form); re-analyse its evidence instead'],
  schedule_exists: [409, 'The environment already has a schedule'],
  payload_too_large: [413, 'The body (or payload) is larger than the limit'],
  unsupported_media_type: [415, 'Content-Type not accepted by this route'],
  rate_limited: [429, 'Too many write requests; retry after the Retry-After seconds'],
  invalid_action: [422, 'Action unknown or invalid for this environment'],
  internal_error: [500, 'Unexpected failure (logged)'],
  workflow_failed: [500, 'The workflow failed'],
  sandbox_error: [500, 'The sandbox failed'],
  temporal_error: [502, 'Temporal answered with an error'],
  temporal_unavailable: [503, 'Temporal is unreachable; retry later'],
  object_store_unavailable: [503, 'No object store is configured or reachable'],
  model_unavailable: [503, 'The detection model is unavailable (circuit open); retry later'],
  model_error: [503, 'The detection model failed'],
  sandbox_killed: [503, 'The sandbox was destroyed (panic button)'],
  sandbox_timeout: [504, 'The sandbox ran out of time'],
} as const satisfies Record<string, readonly [ContentfulStatusCode, string]>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return ERRORS[code][0];
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = statusOf(code);
  }
}

export const ErrorSchema = z
  .object({
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]).openapi({ example: 'environment_not_found' }),
    message: z.string().openapi({ example: 'environment "prod-eu" not found' }),
  })
  .openapi('Error');

export function errorBody(code: ErrorCode, message: string) {
  return { code, message };
}

/** A refused workflow Update → its code; the validators throw typed failures (workflows/refusals.ts). */
const REFUSAL_CODES: Record<UpdateRefusal, ErrorCode> = {
  InvalidInput: 'invalid_request',
  SelfApprovalRefused: 'self_approval_refused',
  NotAwaitingApproval: 'not_awaiting_approval',
  NotAwaitingReview: 'not_awaiting_review',
  ReviewerRefused: 'reviewer_refused',
  NotHolding: 'not_holding',
  PromotionClosed: 'promotion_closed',
};

function grpcCode(err: unknown): number | undefined {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'number' ? cause.code : undefined;
}

function fromHttpException(err: HTTPException): ApiError {
  if (err.status === 400 && /json/i.test(err.message)) return new ApiError('invalid_json', 'request body is not valid JSON');
  if (err.status === 413) return new ApiError('payload_too_large', err.message || 'request body too large');
  if (err.status === 415) return new ApiError('unsupported_media_type', 'unsupported Content-Type for this route (use application/json)');
  if (err.status === 404) return new ApiError('not_found', err.message || 'not found');
  if (err.status < 500) return new ApiError('invalid_request', err.message || 'invalid request');
  return new ApiError('internal_error', 'internal error');
}

/** Maps anything thrown by a handler (ours, Hono's, Temporal's, the repo's) to a coded ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) return fromHttpException(err);
  if (err instanceof SyntaxError) return new ApiError('invalid_json', 'request body is not valid JSON');
  if (err instanceof SpecError) return new ApiError('invalid_spec', err.message);
  if (err instanceof EnvironmentNotFoundError) return notFoundError('environment', err.environment);
  if (err instanceof RuleNotFoundError) return new ApiError('rule_not_found', err.message);
  if (err instanceof RuleSelfApprovalError) return new ApiError('self_approval_refused', err.message);
  if (err instanceof RuleStateError) return new ApiError('rule_state_conflict', err.message);
  if (err instanceof StandingApprovalNotFoundError) return new ApiError('standing_approval_not_found', err.message);
  if (err instanceof StandingApprovalInactiveError) return new ApiError('standing_approval_inactive', err.message);
  if (err instanceof CircuitOpenError) return new ApiError('model_unavailable', `payload model unavailable: ${err.message}`);
  if (err instanceof WorkflowNotFoundError) return new ApiError('workflow_not_found', `workflow ${err.workflowId ?? ''} not found`);
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiError('workflow_already_started', `workflow ${err.workflowId} is already started`);
  }
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    const type = cause instanceof ApplicationFailure ? cause.type : undefined;
    const code = (type && REFUSAL_CODES[type as UpdateRefusal]) || 'update_refused';
    return new ApiError(code, cause?.message ?? err.message);
  }
  if (err instanceof WorkflowFailedError) return new ApiError('workflow_failed', err.cause?.message ?? err.message);
  if (err instanceof ScheduleNotFoundError) return new ApiError('schedule_not_found', `schedule ${err.scheduleId} not found`);
  if (err instanceof ScheduleAlreadyRunning) return new ApiError('schedule_exists', `schedule ${err.scheduleId} already exists`);
  if (err instanceof ServiceError) {
    // UNAVAILABLE (14) / DEADLINE_EXCEEDED (4): the cluster is down or slow, a retry may work.
    const code = grpcCode(err);
    if (code === 14 || code === 4) return new ApiError('temporal_unavailable', 'Temporal is unreachable; retry later');
    return new ApiError('temporal_error', err.cause?.message ?? err.message);
  }
  // Backstop: a value Postgres cannot take (class 22: NUL, invalid byte sequence, out of range)
  // came from the request; the schemas should have refused it first (logged as a warning).
  const pg = pgError(err);
  if (pg?.code.startsWith('22')) return new ApiError('invalid_request', `a value in the request cannot be stored: ${pg.message}`);
  return new ApiError('internal_error', 'internal error');
}

// An absolute path under a system/install root, or any path to a source or data file (API
// routes such as /api/v1/cycles/x are neither and stay readable).
const INTERNAL_PATH =
  /(^|[\s("'=:,])(?:\/(?:home|usr|work|tmp|srv|opt|var|app|root|etc|proc|mnt|data|Users|private)\/[^\s"'),]*|\/?(?:[\w.@+-]+\/)+[\w.@+-]+\.(?:ts|js|mjs|cjs|node|so|sql|db|log)(?::\d+)*|[A-Za-z]:\\[^\s"')]+)/g;

/**
 * What a client may see of a message: no stack frames and no file-system paths (they name the
 * install layout; the full error is in the log). Paths become `<path>`, frames are dropped.
 */
export function publicMessage(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s*at\s/.test(line))
    .join('\n')
    .replace(/\bfile:\/\/\S+/g, '<path>')
    .replace(INTERNAL_PATH, '$1<path>')
    .trim();
}

export const onError: ErrorHandler = (err, c) => {
  const apiErr = toApiError(err);
  if (apiErr.status >= 500 || pgError(err)) {
    log(apiErr.status >= 500 ? 'error' : 'warn', 'request failed', {
      method: c.req.method,
      path: c.req.path,
      code: apiErr.code,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
  return c.json(errorBody(apiErr.code, publicMessage(apiErr.message)), apiErr.status);
};

export const notFound: NotFoundHandler = (c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);

export function notFoundError(kind: 'environment' | 'cycle' | 'schedule' | 'evidence' | 'rule' | 'incident', id: string | number): ApiError {
  return new ApiError(`${kind}_not_found`, `${kind} "${id}" not found`);
}
