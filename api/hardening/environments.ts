// /api/v1/environments: register digital-twin specs (YAML) and feed them telemetry.
import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import { telemetry } from '../../db/schema';
import type { EnvironmentSpec } from '../../domain/hardening';
import { environmentJsonSchema } from '../../domain/hardening/twin/schema/json-schema';
import { listEnvironments, requireEnvironment, upsertEnvironment } from '../../repo/hardening/environments';
import { ApiError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, EnvironmentName, Limit, TelemetryRowSchema, TelemetrySignalsSchema, toJson } from '../schemas';
import type { ApiServices } from '../services';

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

const schemaRoute = createRoute({
  method: 'get',
  path: '/schema',
  tags,
  summary: 'The JSON Schema of an environment spec',
  description: 'The same document as environments/environment.schema.json (draft 2020-12). Editors can validate a YAML spec against it; the API also checks cross-references (edges, flows, sections) and names the field and line of any error.',
  responses: { 200: { description: 'JSON Schema', content: { 'application/json': { schema: AnyObject } } } },
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

/** A complete, valid spec: the documented example must be accepted as it stands. */
const EXAMPLE_YAML = [
  'name: example',
  'tier: sandbox',
  'tenant: acme',
  'assets:',
  '  - { id: web, kind: service, namespace: apps, public: true, ports: [443] }',
  'slo: { maxBreakageRisk: 0.2 }',
  'telemetry:',
  '  { exposed_ports_count: 1, public_ingress: true, failed_scans: 0, inbound_spike: 0, privileged_pods: 0,',
  '    host_network_pods: 0, host_path_mounts: 0, missing_resource_limits: 0, unused_permissions_pct: 0,',
  '    anomalous_api_calls: 0, new_principals: 0, high_priv_role_usage: 0, mfa_disabled_users: 0,',
  '    encryption_at_rest: true, weak_tls_endpoints: 0, missing_logging: 0 }',
  '',
].join('\n');
// A YAML body is a document, not a string: described by its structure so that clients (and
// fuzzers) serialise an object to YAML instead of quoting the text as one YAML string.
const yamlBody = {
  schema: z
    .record(z.string(), z.unknown())
    .openapi({ description: 'The environment spec as a YAML document (see environments/*.yaml)', example: parseYaml(EXAMPLE_YAML) as Record<string, unknown> }),
};
const upsertRoute = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Register or update an environment from its YAML spec',
  description: 'Send `{ "spec": "<yaml text>" }` as JSON, or the YAML itself as application/yaml or text/yaml. Live controls survive a spec update.',
  request: {
    body: {
      content: {
        'application/json': { schema: z.strictObject({ spec: z.string().min(1, 'YAML text required').openapi({ description: 'The environment spec as YAML text (see environments/*.yaml)' }) }).openapi({ example: { spec: EXAMPLE_YAML } }) },
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
    body: { required: true, content: { 'application/json': { schema: TelemetrySignalsSchema.partial().openapi({ example: { exposed_ports_count: 3, public_ingress: true, privileged_pods: 1 } }) } } },
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

  // Registered before /{name}, which would otherwise take "schema" for an environment name.
  const published = environmentJsonSchema();
  app.openapi(schemaRoute, (c) => c.json(published, 200));

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

  // The body is required, but registered as optional (zod-openapi would otherwise validate YAML
  // bodies as JSON); the handler refuses a missing or empty body itself, and once registered
  // this app's copy of the route says `required` in the document.
  const upsertBody: { required?: boolean } = { ...upsertRoute.request.body, required: false };
  app.openapi({ ...upsertRoute, request: { ...upsertRoute.request, body: upsertBody as typeof upsertRoute.request.body } }, async (c) => {
    const isJson = /json/i.test(c.req.header('content-type') ?? '');
    const yamlText = isJson ? (c.req.valid('json') as { spec: string }).spec : await c.req.text();
    if (!yamlText.trim()) throw new ApiError('invalid_request', 'spec: YAML text required');
    const { spec, created } = await upsertEnvironment(s.db, yamlText);
    return c.json({ name: spec.name, tier: spec.tier, tenant: spec.tenant, created }, created ? 201 : 200);
  });
  upsertBody.required = true;

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
