// GET /api/v1/console: what the operator console needs before its first call: whether the API
// wants a token, and where the Temporal Web UI is (each cycle links to its run there).
// Public: the console asks it before anyone has entered a token.
import { createRoute, z } from '@hono/zod-openapi';
import { apiRoute, newRouter } from '../router';
import type { ApiServices } from '../services';

const ConsoleSettings = z
  .object({
    auth: z.boolean().openapi({ description: 'true: every call but /health needs `Authorization: Bearer <token>`' }),
    temporal: z.object({
      webUi: z.string().nullable().openapi({ description: 'Base URL of the Temporal Web UI; null when unknown (set TEMPORAL_UI_URL)' }),
      namespace: z.string(),
    }),
  })
  .openapi('ConsoleSettings', { example: { auth: false, temporal: { webUi: 'http://127.0.0.1:8233', namespace: 'default' } } });

const settingsRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags: ['ops'],
  summary: "The console's settings: auth on or off, the Temporal Web UI's address",
  'x-bulwark-role': 'public',
  responses: { 200: { description: 'Settings', content: { 'application/json': { schema: ConsoleSettings } } } },
}));

export function consoleSettingsRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(settingsRoute, (c) =>
    c.json({ auth: !!s.auth, temporal: { webUi: s.temporalUiUrl ?? null, namespace: s.config.TEMPORAL_NAMESPACE } }, 200),
  );
  return app;
}
