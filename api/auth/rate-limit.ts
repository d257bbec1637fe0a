// Rate limits on write routes (`x-bulwark-write`), per token (or per client address when auth
// is off), answering 429 rate_limited with Retry-After. In-process counters (hono-rate-limiter's
// memory store): with N API replicas a client gets up to N× the limit, which still bounds a burst;
// docs/deploy.md says what to do in production (gateway limit or a shared store).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { ApiError } from '../errors';
import type { AuthEnv } from './middleware';

function clientKey(c: Context<AuthEnv>): string {
  const principal = c.var.principal;
  if (principal) return `token:${principal.tokenId}`;
  try {
    return `addr:${getConnInfo(c).remote.address ?? 'unknown'}`;
  } catch {
    return 'addr:unknown'; // app.request() in tests has no socket
  }
}

/** `perMinute` write requests per client per minute; 0 turns the limit off. */
export function writeRateLimit(perMinute: number): MiddlewareHandler<AuthEnv> {
  if (!perMinute) return (_c, next) => next();
  return rateLimiter<AuthEnv>({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-6',
    keyGenerator: clientKey,
    skip: (c) => !c.var.access?.write,
    handler: () => {
      throw new ApiError('rate_limited', `more than ${perMinute} write requests a minute; retry after the Retry-After seconds`);
    },
  }) as MiddlewareHandler<AuthEnv>;
}
