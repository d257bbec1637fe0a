// GET /api/v1/auth/whoami: who the caller is and what role the API grants them, so the console
// can hide or disable the controls a role lacks (each operation's least role is in
// /openapi.json as `x-bulwark-role`). Auth off (the loopback all-in-one): no one in particular,
// and every route is open, so the role is admin.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TOKEN_ROLES } from '../../runtime/auth/token-store';
import { apiRoute, newRouter } from '../router';
import type { ApiServices } from '../services';
import type { AuthEnv } from './middleware';

const WhoAmI = z
  .object({
    auth: z.boolean().openapi({ description: 'false: the API takes no tokens and every route is open' }),
    name: z.string().nullable().openapi({ description: "The token's name (recorded as requester, approver, reviewer); null when auth is off" }),
    role: z.enum(TOKEN_ROLES).openapi({ description: 'viewer < operator < approver < admin; admin when auth is off' }),
    tokenId: z.string().nullable(),
  })
  .openapi('WhoAmI', { example: { auth: true, name: 'alice', role: 'approver', tokenId: 'tok_3f9a' } });

const whoamiRoute = apiRoute(createRoute({
  method: 'get',
  path: '/whoami',
  tags: ['ops'],
  summary: "The caller's name and role (from the bearer token)",
  responses: { 200: { description: 'The caller', content: { 'application/json': { schema: WhoAmI } } } },
}));

export function whoamiRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(whoamiRoute, (c) => {
    const principal = (c as unknown as Context<AuthEnv>).var.principal;
    if (!s.auth || !principal) return c.json({ auth: !!s.auth, name: null, role: 'admin' as const, tokenId: null }, 200);
    return c.json({ auth: true, name: principal.name, role: principal.role, tokenId: principal.tokenId }, 200);
  });
  return app;
}
