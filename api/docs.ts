// GET /docs: a self-contained HTML rendering of /openapi.json. Swagger UI would need a CDN,
// which offline installs cannot reach, so this lists every operation from the spec itself.
import type { OpenAPIHono } from '@hono/zod-openapi';

type OpenAPIObject = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function esc(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function refName(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) return ref.split('/').pop() ?? '';
  const type = (schema as { type?: string } | undefined)?.type;
  return type ?? '';
}

export function renderDocs(doc: OpenAPIObject): string {
  const sections: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? [])
        .map((p) => ('name' in p ? `<code>${esc(p.name)}</code> <small>(${esc(p.in)}${p.required ? ', required' : ''})</small>` : ''))
        .filter(Boolean)
        .join(', ');
      const body = op.requestBody && 'content' in op.requestBody ? op.requestBody.content : undefined;
      const bodyText = body
        ? Object.entries(body)
            .map(([type, media]) => `<code>${esc(type)}</code>${refName(media.schema) ? ` → ${esc(refName(media.schema))}` : ''}`)
            .join(', ')
        : '';
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc((r as { description?: string }).description)}</li>`)
        .join('');
      sections.push(`<section id="${esc(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
${params ? `<p>Parameters: ${params}</p>` : ''}${bodyText ? `<p>Body: ${bodyText}</p>` : ''}
<ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
section{border-top:1px solid #ddd;padding:.5em 0}h3{margin:.3em 0;font-size:15px}.d{color:#555}
.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:1px 4px}
.get{background:#2b7bb9}.post{background:#3a9d5d}.delete{background:#c0392b}.put,.patch{background:#b9770e}
code{background:#f4f4f4;padding:0 3px}ul{margin:.2em 0}</style></head>
<body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)} Machine-readable spec: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
${sections.join('\n')}
</body></html>`;
}
