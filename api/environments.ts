// /api/v1/environments: register digital-twin specs (YAML) and feed them telemetry.
import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { telemetry } from '../db/schema';
import type { EnvironmentSpec } from '../domain/hardening';
import { listEnvironments, requireEnvironment, upsertEnvironment } from '../repo/environments';
import { ApiError } from './errors';
import { apiRoute, newRouter } from './router';
import { AnyObject, EnvironmentName, Limit, TelemetryRowSchema, TelemetrySignalsSchema, toJson } from './schemas';
import type { ApiServices } from './services';

const tags = ['environments'];
const NameParam = z.object({ name: EnvironmentName.openapi({ param: { name: 'name', in: 'path' } }) });

const Summary = z
  .object({ name: z.string(), tier: z.string(), tenant: z.string(), controlsVersion: z.number(), cycleSeq: z.number(), updatedAt: z.string() })
  .openapi('EnvironmentSummary');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List registered environments',
  responses: { 200: { description: 'Environments', content: { 'application/json': { schema: z.array(Summary) } } } },
});

const getRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{name}',
  tags,
  summary: 'One environment: spec, live controls and latest telemetry',
  request: { params: NameParam },
  responses: {
    200: { description: 'The environment', content: { 'application/json': { schema: AnyObject } } },
  },
}), 'environment_not_found');

const yamlBody = { schema: z.string().openapi({ example: 'name: sandbox\ntier: sandbox\n...' }) };
const upsertRoute = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Register or update an environment from its YAML spec',
  description: 'Send `{ "spec": "<yaml text>" }` as JSON, or the YAML itself as application/yaml or text/yaml. Live controls survive a spec update.',
  request: {
    body: {
      content: {
        'application/json': { schema: z.strictObject({ spec: z.string().min(1, 'YAML text required') }) },
        'application/yaml': yamlBody,
        'application/x-yaml': yamlBody,
        'text/yaml': yamlBody,
      },
    },
  },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: AnyObject } } },
    201: { description: 'Created', content: { 'application/json': { schema: AnyObject } } },
  },
}), 'invalid_spec');

const listTelemetryRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{name}/telemetry',
  tags,
  summary: 'Recent telemetry rows, newest first',
  request: { params: NameParam, query: z.object({ limit: Limit }) },
  responses: {
    200: { description: 'Telemetry rows', content: { 'application/json': { schema: z.array(TelemetryRowSchema) } } },
  },
}), 'environment_not_found');

const postTelemetryRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{name}/telemetry',
  tags,
  summary: 'Store telemetry; signals not sent are taken from the spec baseline',
  request: {
    params: NameParam,
    body: { required: true, content: { 'application/json': { schema: TelemetrySignalsSchema.partial() } } },
  },
  responses: {
    201: { description: 'The stored row', content: { 'application/json': { schema: TelemetryRowSchema } } },
  },
}), 'environment_not_found');

export function environmentRoutes(s: ApiServices) {
  const app = newRouter();

  app.openapi(listRoute, async (c) => {
    const rows = await listEnvironments(s.db);
    const list = rows.map((r) => ({
      name: r.name,
      tier: r.tier,
      tenant: r.tenant,
      controlsVersion: r.controlsVersion,
      cycleSeq: r.cycleSeq,
      updatedAt: r.updatedAt.toISOString(),
    }));
    return c.json(list, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { name } = c.req.valid('param');
    const env = await requireEnvironment(s.db, name);
    const [latest] = await s.db
      .select()
      .from(telemetry)
      .where(eq(telemetry.environment, name))
      .orderBy(desc(telemetry.ts), desc(telemetry.id))
      .limit(1);
    const spec = env.spec as EnvironmentSpec;
    return c.json(
      toJson({
        name: env.name,
        tier: env.tier,
        tenant: env.tenant,
        spec,
        controls: env.controls,
        controlsVersion: env.controlsVersion,
        cycleSeq: env.cycleSeq,
        // What the next cycle will read: the newest row, else the spec's baseline.
        telemetry: latest ? { ...latest, baseline: false } : { signals: spec.telemetry, baseline: true },
        updatedAt: env.updatedAt,
      }),
      200,
    );
  });

  app.openapi(upsertRoute, async (c) => {
    const isJson = /json/i.test(c.req.header('content-type') ?? '');
    const yamlText = isJson ? (c.req.valid('json') as { spec: string }).spec : await c.req.text();
    if (!yamlText.trim()) throw new ApiError('invalid_request', 'spec: YAML text required');
    const { spec, created } = await upsertEnvironment(s.db, yamlText);
    return c.json({ name: spec.name, tier: spec.tier, tenant: spec.tenant, created }, created ? 201 : 200);
  });

  app.openapi(listTelemetryRoute, async (c) => {
    const { name } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    await requireEnvironment(s.db, name);
    const rows = await s.db
      .select()
      .from(telemetry)
      .where(eq(telemetry.environment, name))
      .orderBy(desc(telemetry.ts), desc(telemetry.id))
      .limit(limit);
    return c.json(toJson(rows) as unknown as z.infer<typeof TelemetryRowSchema>[], 200);
  });

  app.openapi(postTelemetryRoute, async (c) => {
    const { name } = c.req.valid('param');
    const partial = c.req.valid('json');
    const env = await requireEnvironment(s.db, name);
    const signals = { ...(env.spec as EnvironmentSpec).telemetry, ...partial };
    const [row] = await s.db.insert(telemetry).values({ environment: name, signals, source: 'api' }).returning();
    return c.json(toJson(row) as unknown as z.infer<typeof TelemetryRowSchema>, 201);
  });

  return app;
}
