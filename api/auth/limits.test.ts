// Rate limits on writes (429 + Retry-After, per token), security headers on pages, and error
// bodies without stack frames or file-system paths.
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, onError, publicMessage } from '../errors';
import { jsonReq } from '../test-support';
import { makeAuthApp } from './test-app';

let h: Awaited<ReturnType<typeof makeAuthApp>>;
beforeAll(async () => {
  h = await makeAuthApp({ config: { WRITE_RATE_LIMIT: 3 } });
});
afterAll(() => h.db.close());

describe('write rate limit', () => {
  it('the 4th write in a minute from one token is 429 rate_limited with Retry-After; another token is unaffected', async () => {
    const write = (token: string) => h.app.request('/api/v1/environments/sandbox/telemetry', jsonReq('POST', { nope: 1 }, h.bearer(token)));
    for (let i = 0; i < 3; i++) expect((await write(h.role.operator)).status).toBe(400);
    const limited = await write(h.role.operator);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 'rate_limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await write(h.role.admin)).status).toBe(400);
  });

  it('reads and pure computations (predict-payload) are not limited', async () => {
    for (let i = 0; i < 6; i++) expect((await h.app.request('/api/v1/environments', { headers: h.bearer(h.role.operator) })).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const res = await h.app.request('/api/v1/sentinel/predict-payload', jsonReq('POST', { payload: "1' OR '1'='1" }, h.bearer(h.role.viewer)));
      expect(res.status).toBe(200);
    }
  });

  it('write operations document 429 when the limit is on', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    expect(doc.paths['/api/v1/cycles'].post.responses['429'].description).toMatch(/`rate_limited`/);
    expect(doc.paths['/api/v1/cycles'].get.responses['429']).toBeUndefined();
  });
});

describe('security headers', () => {
  it('/docs carries CSP, nosniff, frame and referrer policies', async () => {
    const res = await h.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });
});

describe('error bodies', () => {
  it('drop stack frames and replace file-system paths', () => {
    expect(publicMessage("ENOENT: open '/work/app/.data/objects/ab'\n    at open (node:fs:1:1)")).toBe("ENOENT: open '<path>'");
    expect(publicMessage('failed in node_modules/x/y.js:3:9')).toBe('failed in <path>');
    expect(publicMessage('use /api/v1/cycles/{id}/approve instead')).toBe('use /api/v1/cycles/{id}/approve instead');
  });

  it('onError answers with the scrubbed message', async () => {
    const app = new OpenAPIHono();
    app.get('/x', () => {
      throw new ApiError('sandbox_error', 'worker crashed at /srv/bulwark/sandbox/worker-entry.mjs:10\n    at run (/srv/bulwark/sandbox/runner.ts:5:1)');
    });
    app.onError(onError);
    const body = await (await app.request('/x')).json();
    expect(body).toEqual({ code: 'sandbox_error', message: 'worker crashed at <path>' });
  });
});
