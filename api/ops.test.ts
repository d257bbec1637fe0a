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

  it('/docs renders the spec as self-contained HTML (no external scripts)', async () => {
    const res = await app.request('/docs');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Bulwark API');
    expect(html).toContain('/api/v1/cycles/{workflowId}/approve');
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/(?!localhost)/);
  });
});
