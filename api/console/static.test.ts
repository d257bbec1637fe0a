// The console at / and its hashed assets, through app.request(), from a build directory the
// test writes: security headers on the page, long caching only for assets, no path escapes,
// and a 503 naming the fix when there is no build. Plus GET /api/v1/console.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { TEST_CONFIG, throwingTemporal } from '../test-support';
import type { Db } from '../../db/client';
import { CONSOLE_DIST, mountConsole } from './static';

const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Bulwark console</title><script type="module" src="/assets/index-abc.js"></script>');
writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(dist, 'secret.txt'), 'not an asset');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function appWith(dir: string) {
  const app = new OpenAPIHono();
  app.use('*', secureHeaders());
  mountConsole(app, dir);
  return app;
}

describe('the console at /', () => {
  it('serves index.html, never cached', async () => {
    const res = await appWith(dist).request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('/assets/index-abc.js');
  });

  it('serves hashed assets with their type, cached for a year', async () => {
    const res = await appWith(dist).request('/assets/index-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('serves nothing outside dist/assets and no unknown file', async () => {
    const app = appWith(dist);
    for (const path of ['/assets/..%2Fsecret.txt', '/assets/%2e%2e%2fsecret.txt', '/assets/missing.js', '/assets/.hidden.js', '/assets/secret.exe']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('answers 503 naming the fix when the console is not built', async () => {
    const res = await appWith(join(dist, 'nothing-here')).request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('is mounted on the API with its CSP, from console/dist', async () => {
    expect(CONSOLE_DIST).toMatch(/console[/\\]dist$/);
    const app = createApp({ db: undefined as unknown as Db, temporal: throwingTemporal(), config: TEST_CONFIG });
    const res = await app.request('/');
    expect([200, 503]).toContain(res.status);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await app.request('/assets/none-such.js')).status).toBe(404);
  });
});

describe('GET /api/v1/console', () => {
  it('says whether auth is on and where the Web UI is', async () => {
    const app = createApp({ db: undefined as unknown as Db, temporal: throwingTemporal(), config: TEST_CONFIG, temporalUiUrl: 'http://127.0.0.1:8233' });
    const res = await app.request('/api/v1/console');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ auth: false, temporal: { webUi: 'http://127.0.0.1:8233', namespace: 'default' } });
    const none = createApp({ db: undefined as unknown as Db, temporal: throwingTemporal(), config: TEST_CONFIG });
    expect(((await (await none.request('/api/v1/console')).json()) as any).temporal.webUi).toBeNull();
  });
});
