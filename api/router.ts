// How every sub-app is built and documented: one validation hook (400 invalid_request naming
// the field), and `apiRoute`, which derives a route's documented error responses from the
// error table (api/errors.ts) and enforces a required body.
import { OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, ERRORS, ErrorSchema, errorBody, statusOf, type ErrorCode } from './errors';
import { fieldHint } from './field-hints';

/**
 * Zod issues → one readable line that names every offending field. Given the request `path`, an
 * unknown key someone reaches for by habit names the field to use instead (api/field-hints.ts).
 */
export function describeIssues(error: z.ZodError, target: string, path?: string): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : target;
      if (i.code === 'unrecognized_keys' && path !== undefined) {
        const hinted = i.keys.map((k) => [k, fieldHint(path, k)] as const).filter(([, use]) => use);
        if (hinted.length) return `${where}: ${i.message}; ${hinted.map(([k, use]) => `use \`${use}\` instead of \`${k}\``).join(', ')}`;
      }
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

/** The validation hook every sub-app shares (OpenAPIHono hooks are per instance). */
export function validationHook(
  result: { success: true; data: unknown; target: string } | { success: false; error: z.ZodError; target: string },
  c: Context,
) {
  if (!result.success) return c.json(errorBody('invalid_request', describeIssues(result.error, result.target, c.req.path)), 400);
}

/** Every sub-app is built through this so validation errors look the same everywhere. */
export function newRouter() {
  return new OpenAPIHono({ defaultHook: validationHook as never });
}

type ErrorResponse = { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } };

/** OpenAPI `responses` for these codes, grouped by their status; the description lists each code. */
export function errorResponses(...codes: ErrorCode[]): Record<number, ErrorResponse> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const status = statusOf(code);
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return Object.fromEntries(
    [...byStatus].map(([status, set]) => [
      status,
      {
        description: [...set].map((code) => `\`${code}\`: ${ERRORS[code][1]}`).join('; '),
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  );
}

/**
 * A JSON body the client left out entirely (no Content-Type, no bytes): the zod validator
 * would read it as `{}` and an all-optional schema would accept it.
 */
export const requireBody: MiddlewareHandler = async (c, next) => {
  if (!c.req.header('content-type') && !(await c.req.text()).length) {
    throw new ApiError('invalid_request', 'body: a request body is required');
  }
  await next();
};

/** Codes a route can answer with because of its shape (it has parameters, a body). */
export function impliedCodes(route: RouteConfig): ErrorCode[] {
  const req = route.request;
  const codes: ErrorCode[] = [];
  if (req?.params || req?.query || req?.body) codes.push('invalid_request');
  if (req?.body) codes.push('invalid_json', 'payload_too_large', 'unsupported_media_type');
  return codes;
}

/**
 * Completes a route built with createRoute: documents the implied error codes plus `codes`,
 * and refuses a missing body when the body is `required`. Returns the same route.
 */
export function apiRoute<R extends RouteConfig>(route: R, ...codes: ErrorCode[]): R {
  Object.assign(route.responses, errorResponses(...impliedCodes(route), ...codes));
  if (route.request?.body?.required) {
    const mw = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
    (route as RouteConfig).middleware = [requireBody, ...mw];
  }
  return route;
}
