// Authentication and authorization for every request. The route's access comes from the
// OpenAPI document (api/auth/roles.ts), looked up by the route Hono matched, so there is no
// second list to keep in step. Fail closed: an undocumented route needs a token of the role its
// method implies; an unknown path needs a valid token before it learns it is a 404.
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AuditLog } from '../../sandbox/audit';
import { roleAtLeast, type Principal, type TokenStore } from '../../runtime/auth/token-store';
import { ApiError, toApiError, type ErrorCode } from '../errors';
import { routeAccess, type RouteAccess } from './roles';

/** Auth on: a token store, and the hash-chained audit log auth events go to (sandbox/audit.ts). */
export interface AuthSettings {
  tokens: TokenStore;
  audit?: Pick<AuditLog, 'record'>;
}

export type AuthEnv = { Variables: { access: RouteAccess; principal?: Principal } };

/**
 * Served without a token and not in the document: the document itself, its viewer, the scrape
 * target, and the console's page and assets (they hold no data; every call the page makes carries
 * the operator's token).
 */
const UNDOCUMENTED_PUBLIC = new Set(['GET /openapi.json', 'GET /docs', 'GET /docs/assets/{file}', 'GET /metrics', 'GET /', 'GET /assets/{file}']);

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

/** The matched route's `METHOD /openapi/{path}`, or undefined when no route matched (a 404). */
export function matchedRoute(c: Context): string | undefined {
  const route = matchedRoutes(c)
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .at(-1);
  return route && `${route.method} ${toOpenApiPath(route.path)}`;
}

/** Looks up the request's access and leaves it in `c.var.access` for the later middleware. */
export function accessMiddleware(table: () => Map<string, RouteAccess>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const key = matchedRoute(c);
    const declared = key ? table().get(key) : undefined;
    if (declared) c.set('access', declared);
    else if (key && UNDOCUMENTED_PUBLIC.has(key)) c.set('access', { role: 'public', write: false, identity: [] });
    else c.set('access', { ...routeAccess(c.req.method, key?.split(' ')[1] ?? c.req.path), identity: [] });
    await next();
  };
}

/** The caller's token name, or undefined without auth (the loopback all-in-one: no one in particular). */
export function callerName(c: Context): string | undefined {
  return (c as Context<AuthEnv>).var.principal?.name;
}

function bearer(c: Context): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return m?.[1];
}

/**
 * Refusals a route answers after the token was admitted that are about who the caller is: four-eyes
 * (the requester or evidence submitter approving their own change) and a body naming someone else.
 */
const IDENTITY_REFUSALS: ReadonlySet<ErrorCode> = new Set(['self_approval_refused', 'identity_mismatch']);

/**
 * Refuses (401/403) or admits the request; audits refusals, each token used on a write, and the
 * identity refusals (IDENTITY_REFUSALS) the route itself answered with.
 */
export function authMiddleware(settings: AuthSettings): MiddlewareHandler<AuthEnv> {
  const audit = (principal: Principal | undefined, detail: Record<string, unknown>) =>
    settings.audit?.record('auth', `auth:${principal?.tokenId ?? 'anonymous'}`, {
      ...detail,
      ...(principal ? { tokenId: principal.tokenId, name: principal.name, role: principal.role } : {}),
    });
  return async (c, next) => {
    const access = c.var.access;
    if (access.role === 'public') return next();
    const where = { method: c.req.method, path: c.req.path, required: access.role };
    const refuse = async (code: 'unauthorized' | 'forbidden', reason: string, principal?: Principal): Promise<never> => {
      await audit(principal, { event: 'refused', status: code === 'unauthorized' ? 401 : 403, reason, ...where });
      if (code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="bulwark"');
      throw new ApiError(code, reason);
    };
    const token = bearer(c);
    if (!token) return refuse('unauthorized', 'a bearer token is required (Authorization: Bearer <token>)');
    const verdict = await settings.tokens.verify(token);
    if (!verdict.ok) return refuse('unauthorized', `token ${verdict.reason === 'unknown' ? 'not recognised' : verdict.reason}`);
    const { principal } = verdict;
    if (!roleAtLeast(principal.role, access.role)) {
      return refuse('forbidden', `this route needs the ${access.role} role; the token has ${principal.role}`, principal);
    }
    c.set('principal', principal);
    if (access.write) await audit(principal, { event: 'token_used', ...where });
    await next();
    // Hono hands a handler's throw to onError and leaves it in c.error; the answer is already set.
    const refused = c.error && toApiError(c.error);
    if (refused && IDENTITY_REFUSALS.has(refused.code)) {
      await audit(principal, { event: 'refused', status: refused.status, code: refused.code, reason: refused.message, ...where });
    }
  };
}
