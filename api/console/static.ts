// The operator console (console/, React + Vite) served at / from its build, console/dist.
// Pages are hash routes (/#/timeline): the seed's API already owns /timeline, so the console
// never competes with an API path and the server only serves `/` and hashed files under /assets/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';

/** console/dist (written by `npm run build`; `npm start` builds it when missing or stale). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  map: 'application/json; charset=utf-8',
};

/** Asset names Vite writes (`index-B4x_9.js`): no path separators, no dot-files, a known type. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.([a-z0-9]+)$/;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bulwark console</title></head>
<body><main><h1>The console is not built</h1><p>Run <code>npm run build</code> (or restart <code>npm start</code>, which builds it), then reload.</p></main></body></html>`;

/**
 * Mounts GET / (index.html, never cached; 503 naming the fix when there is no build) and
 * GET /assets/{file} (content-hashed, cached for a year; unknown names fall through to the
 * app's JSON 404). No path from the request reaches the file system unchecked.
 */
export function mountConsole(app: OpenAPIHono, dist: string = CONSOLE_DIST): void {
  app.get('/', async (c) => {
    const html = await readFile(join(dist, 'index.html'), 'utf8').catch(() => undefined);
    c.header('Cache-Control', 'no-cache');
    return html === undefined ? c.html(NOT_BUILT, 503) : c.html(html);
  });
  app.get('/assets/:file', async (c, next) => {
    const m = ASSET_NAME.exec(c.req.param('file'));
    const type = m && TYPES[m[1]];
    if (!type) return next();
    const body = await readFile(join(dist, 'assets', c.req.param('file'))).catch(() => undefined);
    if (!body) return next();
    c.header('Content-Type', type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(body);
  });
}
