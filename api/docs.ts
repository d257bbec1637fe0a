// GET /docs: Swagger UI (swagger-ui-dist) rendering /openapi.json, with try-it. Its assets are
// served from node_modules under /docs/assets/, never from a CDN, so the reference works offline.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';

const require = createRequire(import.meta.url);

/** Directory of the installed swagger-ui-dist package (resolved once, lazily). */
let distDir: string | undefined;
function swaggerDir(): string {
  distDir ??= dirname(require.resolve('swagger-ui-dist/package.json'));
  return distDir;
}

/** The only files /docs/assets/ serves (no path from the request ever reaches the file system). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Kept outside the HTML so the page carries no inline script.
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 1,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
});
`;

/** The /docs page: title plus local asset URLs only. */
export function renderDocs(title: string): string {
  const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head><body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`;
}

/**
 * Mounts GET /docs and GET /docs/assets/{file} on `app`. Unknown asset names fall through to the
 * app's 404 (`not_found`). Files are read per request and cached by the browser for an hour.
 */
export function mountDocs(app: OpenAPIHono, title: string): void {
  app.get('/docs', (c) => c.html(renderDocs(title)));
  app.get('/docs/assets/:file', async (c, next) => {
    const file = c.req.param('file');
    if (file === 'init.js') {
      return c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    }
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return next();
    const data = await readFile(join(swaggerDir(), file));
    return c.body(data, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  });
}
