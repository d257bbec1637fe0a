// One error shape for the whole API: `{ code, message }` with a 4xx/5xx status. Handlers
// throw ApiError (or let library errors bubble); `onError` is the single place that maps
// them, so a new route cannot accidentally leak a stack trace or an HTML error page.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SpecError } from '../domain/hardening';
import { EnvironmentNotFoundError } from '../repo/environments';
import { log } from '../runtime/log';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'environment_not_found' }),
    message: z.string().openapi({ example: 'environment "prod-eu" is not registered' }),
  })
  .openapi('Error');

/** Reusable `responses` entries so every route documents its error cases. */
export function errorResponses(...statuses: number[]) {
  const text: Record<number, string> = {
    400: 'Malformed JSON or a schema violation',
    404: 'Not found',
    409: 'Conflict with the current state',
    413: 'Body larger than MAX_BODY_BYTES',
    422: 'Action unknown or invalid for this environment',
    503: 'A dependency (Temporal) is unreachable',
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: text[s] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } }]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>;
}

export function errorBody(code: string, message: string) {
  return { code, message };
}

/** Zod issues → one readable line that names every offending field. */
export function describeIssues(error: z.ZodError, target: string): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : target}: ${i.message}`)
    .join('; ');
}

/** The validation hook every sub-app shares (OpenAPIHono hooks are per instance). */
export function validationHook(
  result: { success: true; data: unknown; target: string } | { success: false; error: z.ZodError; target: string },
  c: Context,
) {
  if (!result.success) {
    return c.json(errorBody('invalid_request', describeIssues(result.error, result.target)), 400);
  }
}

/** Every sub-app is built through this so validation errors look the same everywhere. */
export function newRouter() {
  return new OpenAPIHono({ defaultHook: validationHook as never });
}

function grpcCode(err: unknown): number | undefined {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'number' ? cause.code : undefined;
}

/** Maps anything thrown by a handler (ours, Hono's, Temporal's) to `{ code, message }`. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return new ApiError(400, 'invalid_json', 'request body is not valid JSON');
    if (err.status === 413) return new ApiError(413, 'payload_too_large', err.message || 'request body too large');
    if (err.status === 415) {
      return new ApiError(415, 'unsupported_media_type', 'unsupported Content-Type for this route (use application/json)');
    }
    return new ApiError(err.status as ContentfulStatusCode, `http_${err.status}`, err.message || 'request failed');
  }
  if (err instanceof SyntaxError) return new ApiError(400, 'invalid_json', 'request body is not valid JSON');
  if (err instanceof SpecError) return new ApiError(400, 'invalid_spec', err.message);
  if (err instanceof EnvironmentNotFoundError) return notFoundError('environment', err.environment);
  if (err instanceof WorkflowNotFoundError) {
    return new ApiError(404, 'workflow_not_found', `workflow ${err.workflowId || ''} not found`.replace('  ', ' '));
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiError(409, 'workflow_already_started', `workflow ${err.workflowId} is already started`);
  }
  // A rejected update validator (self-approval, not awaiting approval) surfaces as the
  // update's failure; its cause carries the validator's own message.
  if (err instanceof WorkflowUpdateFailedError) {
    return new ApiError(409, 'approval_refused', err.cause?.message ?? err.message);
  }
  if (err instanceof WorkflowFailedError) {
    return new ApiError(500, 'workflow_failed', err.cause?.message ?? err.message);
  }
  if (err instanceof ScheduleNotFoundError) return new ApiError(404, 'schedule_not_found', `schedule ${err.scheduleId} not found`);
  if (err instanceof ScheduleAlreadyRunning) return new ApiError(409, 'schedule_exists', `schedule ${err.scheduleId} already exists`);
  if (err instanceof ServiceError) {
    // UNAVAILABLE (14) / DEADLINE_EXCEEDED (4): the cluster is down or slow, a retry may work.
    const code = grpcCode(err);
    if (code === 14 || code === 4) return new ApiError(503, 'temporal_unavailable', 'Temporal is unreachable; retry later');
    return new ApiError(502, 'temporal_error', err.cause?.message ?? err.message);
  }
  return new ApiError(500, 'internal_error', 'internal error');
}

export const onError: ErrorHandler = (err, c) => {
  const apiErr = toApiError(err);
  if (apiErr.status >= 500) {
    log('error', 'request failed', {
      method: c.req.method,
      path: c.req.path,
      code: apiErr.code,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
  return c.json(errorBody(apiErr.code, apiErr.message), apiErr.status);
};

export const notFound: NotFoundHandler = (c) =>
  c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);

export function notFoundError(kind: 'environment' | 'cycle' | 'schedule' | 'evidence', id: string): ApiError {
  return new ApiError(404, `${kind}_not_found`, `${kind} "${id}" not found`);
}
