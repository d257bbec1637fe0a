// Health, metrics, OpenAPI and the docs page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { FakeTemporal, makeApp, throwingTemporal } from './test-support';

let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;

beforeAll(async () => {
  ({ app, db } = await makeApp({ temporal: throwingTemporal() }));
});
afterAll(() => db.close());

describe('/health', () => {
  it('database ok, Temporal unreachable → 200 degraded', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'degraded', database: 'ok', temporal: 'unreachable' });
  });

  it('both reachable → ok', async () => {
    const { app: ok, db: db2 } = await makeApp({ temporal: new FakeTemporal().client() });
    expect(await (await ok.request('/health')).json()).toMatchObject({ status: 'ok', database: 'ok', temporal: 'ok' });
    await db2.close();
  });
});

describe('/metrics', () => {
  it('exposes default and per-route HTTP metrics labelled by route pattern', async () => {
    await app.request('/api/v1/environments/sandbox');
    await app.request('/does-not-exist');
    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/environments\/:name",status="200"\} 1/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toContain('http_request_duration_seconds_bucket');
  });
});

describe('OpenAPI', () => {
  it('/openapi.json is OpenAPI 3.1 and documents every route', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { openapi: string; info: { title: string }; paths: Record<string, object> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Bulwark API');
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /telemetry/sample',
        'POST /cycle/run',
        'GET /timeline',
        'GET /health',
        'GET /api/v1/environments',
        'POST /api/v1/environments',
        'GET /api/v1/environments/{name}',
        'GET /api/v1/environments/{name}/telemetry',
        'POST /api/v1/environments/{name}/telemetry',
        'POST /api/v1/cycles',
        'GET /api/v1/cycles',
        'GET /api/v1/cycles/{workflowId}',
        'POST /api/v1/cycles/{workflowId}/approve',
        'POST /api/v1/cycles/{workflowId}/reject',
        'GET /api/v1/approvals',
        'POST /api/v1/schedules',
        'GET /api/v1/schedules',
        'GET /api/v1/schedules/{id}',
        'POST /api/v1/schedules/{id}/pause',
        'POST /api/v1/schedules/{id}/unpause',
        'POST /api/v1/schedules/{id}/trigger',
        'DELETE /api/v1/schedules/{id}',
      ]),
    );
  });

  it('/docs is Swagger UI served from local assets only, each answering 200', async () => {
    const res = await app.request('/docs');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Bulwark API');
    expect(html).not.toMatch(/https?:\/\//);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js']));
    for (const url of urls) {
      expect(url.startsWith('/docs/assets/'), url).toBe(true);
      const asset = await app.request(url);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
    const init = await (await app.request('/docs/assets/init.js')).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('tryItOutEnabled: true');
    expect((await app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });
});
