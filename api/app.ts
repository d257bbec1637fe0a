// The Bulwark HTTP API: seed routes (ZT-RL prototype), /api/v1 resources, health, metrics,
// OpenAPI. Pure wiring: no I/O at construction, so tests build it with PGlite and a stub client.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { identityMiddleware } from './auth/identity';
import { whoamiRoutes } from './auth/whoami';
import { accessMiddleware, authMiddleware, type AuthEnv } from './auth/middleware';
import { writeRateLimit } from './auth/rate-limit';
import { declareAccess, type RouteAccess } from './auth/roles';
import { approvalRoutes } from './hardening/approvals';
import { evaluationRoutes } from './hardening/evaluation';
import { incidentRoutes } from './containment/incidents';
import { cycleRoutes } from './hardening/cycles';
import { consoleSettingsRoutes } from './console/settings';
import { mountConsole } from './console/static';
import { mountDocs } from './docs';
import { environmentRoutes } from './hardening/environments';
import { ApiError, errorBody, notFound, onError } from './errors';
import { newRouter } from './router';
import { evidenceRoutes } from './threat/evidence';
import { evidenceSearchRoutes } from './threat/evidence-search';
import { evidenceImportRoutes } from './ingest/evidence-import';
import { evidenceCancelRoutes } from './threat/evidence-cancel';
import { evidenceReanalyzeRoutes } from './threat/evidence-reanalyze';
import { evidenceReviewRoutes } from './threat/evidence-review';
import { healthRoutes } from './health';
import { createMetrics, metricsMiddleware } from './metrics';
import { metricsText } from '../runtime/metrics-server';
import { ruleRoutes } from './threat/rules';
import { standingApprovalRoutes } from './hardening/standing-approvals';
import { ruleReverifyRoutes } from './threat/rule-reverify';
import { scheduleRoutes } from './schedules';
import { seedRoutes } from './hardening/seed';
import { sentinelRoutes } from './threat/sentinel';
import { datasetRoutes } from './retraining/datasets';
import { trainingRoutes } from './retraining/training';
import { promotionRoutes } from './retraining/promotion';
import type { ApiServices } from './services';

export type { ApiServices } from './services';

export const API_VERSION = '0.1.0';

const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'Bulwark API',
    version: API_VERSION,
    description:
      'Durable security automation on Temporal. Every error is JSON `{ code, message }`. ' +
      'Cycles, approvals and schedules are Temporal workflows/schedules; records live in Postgres.',
  },
  tags: [
    { name: 'seed', description: 'Routes kept from the ZT-RL prototype' },
    { name: 'environments' },
    { name: 'cycles' },
    { name: 'approvals' },
    { name: 'incidents', description: 'Incident containment: a durable saga per incident (severity gate, ranked containment, hold, release)' },
    { name: 'schedules' },
    { name: 'evidence', description: 'Captured attack evidence and its threat analysis' },
    { name: 'rules', description: 'Generated WAF rules and the versioned active rule set' },
    { name: 'ops' },
    { name: 'sentinel', description: 'In-process threat detection (payload classifier, anomaly model, verdicts)' },
    { name: 'datasets', description: 'Labelled samples, false-positive reports and dataset versions' },
    { name: 'models', description: 'Gated retraining and the model registry' },
  ],
};

/** Pages are same-origin only: /docs loads its assets from /docs/assets and carries no inline script. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The app. With `services.auth` every route but /health needs a bearer token of the role its
 * operation declares in /openapi.json (`x-bulwark-role`, api/auth/roles.ts); without it every
 * route is open (the loopback all-in-one and the API tests).
 */
export function createApp(services: ApiServices): OpenAPIHono {
  const metrics = createMetrics(services.metrics);
  const app = newRouter();
  // Built on first use, once every route is mounted: the document and the access table together.
  let documented: { doc: ReturnType<OpenAPIHono['getOpenAPI31Document']>; table: Map<string, RouteAccess> } | undefined;
  const access = () => {
    if (!documented) {
      const doc = app.getOpenAPI31Document(OPENAPI_CONFIG);
      const answers = { auth: !!services.auth, rateLimit: !!services.config.WRITE_RATE_LIMIT };
      documented = { doc, table: declareAccess(doc as Parameters<typeof declareAccess>[0], answers) };
    }
    return documented;
  };
  const authApp = app as unknown as OpenAPIHono<AuthEnv>;

  app.use('*', metricsMiddleware(metrics));
  app.use('*', secureHeaders({ contentSecurityPolicy: CSP, crossOriginEmbedderPolicy: false }));
  authApp.use('*', accessMiddleware(() => access().table));
  if (services.auth) authApp.use('*', authMiddleware(services.auth));
  authApp.use('*', writeRateLimit(services.config.WRITE_RATE_LIMIT ?? 0));
  // Applies to every body, JSON or YAML, before any handler buffers it.
  app.use(
    '*',
    bodyLimit({
      maxSize: services.config.MAX_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody('payload_too_large', `request body exceeds ${services.config.MAX_BODY_BYTES} bytes`), 413),
    }),
  );

  // Every body must be valid UTF-8: refused with 400 invalid_utf8, never repaired. The JSON
  // validator would otherwise decode bad bytes to U+FFFD, so a tag or an evidence hash would be
  // computed over text the client never sent.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
      } catch {
        throw new ApiError('invalid_utf8', 'request body is not valid UTF-8 (refused, never repaired)');
      }
    }
    await next();
  });
  authApp.use('*', identityMiddleware());

  app.route('/', seedRoutes(services, metrics));
  app.route('/', healthRoutes(services));
  app.route('/api/v1/environments', environmentRoutes(services));
  app.route('/api/v1/cycles', cycleRoutes(services, metrics));
  app.route('/api/v1/approvals', approvalRoutes(services));
  app.route('/api/v1/evaluation', evaluationRoutes(services));
  app.route('/api/v1/console', consoleSettingsRoutes(services));
  app.route('/api/v1/auth', whoamiRoutes(services));
  app.route('/api/v1/incidents', incidentRoutes(services));
  app.route('/api/v1/standing-approvals', standingApprovalRoutes(services));
  app.route('/api/v1/schedules', scheduleRoutes(services));
  app.route('/api/v1/sentinel', sentinelRoutes(services.detection, metrics.registry, { db: services.db, objects: services.objects }));
  app.route('/api/v1/sentinel', datasetRoutes(services));
  app.route('/api/v1/sentinel', trainingRoutes(services));
  app.route('/api/v1/sentinel', promotionRoutes(services));
  app.route('/api/v1/evidence', evidenceImportRoutes(services));
  app.route('/api/v1/evidence', evidenceSearchRoutes(services));
  app.route('/api/v1/evidence', evidenceRoutes(services));
  app.route('/api/v1/evidence', evidenceReviewRoutes(services));
  app.route('/api/v1/evidence', evidenceCancelRoutes(services));
  app.route('/api/v1/evidence', evidenceReanalyzeRoutes(services));
  app.route('/api/v1/rules', ruleRoutes(services, { metrics: metrics.registry }));
  app.route('/api/v1/rules', ruleReverifyRoutes(services));

  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metricsText(metrics.registry, services.temporalMetricsUrl));
  });
  app.get('/openapi.json', (c) => c.json(access().doc));
  mountDocs(app, `${OPENAPI_CONFIG.info.title} ${API_VERSION}`);
  mountConsole(app);

  app.onError(onError);
  app.notFound(notFound);
  return app;
}
