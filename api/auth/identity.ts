// With auth on, who approved, reviewed, resolved or requested something is the token's name,
// never what the body says: for every identity field the route's body declares
// (`x-bulwark-identity`), the value is set to the caller, and a body naming someone else is
// refused (403 identity_mismatch) rather than silently rewritten. With auth off (loopback
// all-in-one) the body's field is used as before, so the seed examples work as written.
import type { MiddlewareHandler } from 'hono';
import { sameIdentity } from '../../domain/identity';
import { ApiError } from '../errors';
import type { AuthEnv } from './middleware';

export function identityMiddleware(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = c.var.principal;
    const fields = c.var.access?.identity ?? [];
    if (!principal || !fields.length || !/json/i.test(c.req.header('content-type') ?? '')) return next();
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return next(); // the route's validator answers invalid_json
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return next();
    const record = body as Record<string, unknown>;
    for (const field of fields) {
      const given = record[field];
      if (given !== undefined && (typeof given !== 'string' || !sameIdentity(given, principal.name))) {
        throw new ApiError('identity_mismatch', `${field} comes from your token ("${principal.name}"): leave it out or send that name`);
      }
      record[field] = principal.name;
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-length');
    c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body: JSON.stringify(record) });
    // HonoRequest caches what it has read; the validator must see the rewritten body.
    (c.req as unknown as { bodyCache: Record<string, unknown> }).bodyCache = {};
    await next();
  };
}
