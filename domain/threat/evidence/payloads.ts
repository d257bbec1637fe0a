// Every attacker-controlled string of a captured request, each with a unique location, for the
// payload classifier and the sandbox. WAF logs often show the attack in a custom header
// (`x-test: 10 AND 1=1`), a cookie or a JSON field, so nothing is read by a fixed list of names:
//   path (whole, and each segment when there are several), query values and parameter names,
//   every header value except SAFE_HEADERS, each cookie value (and name), the body: form fields
//   and names, JSON flattened (leaves and keys), XML text and attribute values, multipart
//   fields, field names and file names; any other body as text.
import type { CapturedRequest } from './schema';

/**
 * Headers whose values browsers and proxies set from a fixed vocabulary, skipped to keep the
 * classifier off noise. Anything else, custom headers included, is read.
 */
export const SAFE_HEADERS: ReadonlySet<string> = new Set([
  'accept', 'accept-encoding', 'accept-language', 'cache-control', 'connection', 'content-length', 'dnt', 'host', 'if-modified-since',
  'if-none-match', 'keep-alive', 'pragma', 'priority', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'sec-fetch-dest',
  'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'te', 'upgrade-insecure-requests',
]);

/** At most this many values per request: a 1 MB JSON body must not become a million classifier calls (see PART_BUDGET). */
export const MAX_PAYLOADS_PER_REQUEST = 512;
const SIMPLE_NAME = /^[A-Za-z0-9_.-]{1,40}$/;

type Out = { location: string; value: string }[];

function flattenJson(v: unknown, at: string, out: Out, depth = 0): void {
  if (out.length >= MAX_PAYLOADS_PER_REQUEST || depth > 32) return;
  if (typeof v === 'string') out.push({ location: at, value: v });
  else if (typeof v === 'number' || typeof v === 'boolean') out.push({ location: at, value: String(v) });
  else if (Array.isArray(v)) v.forEach((x, i) => flattenJson(x, `${at}[${i}]`, out, depth + 1));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      // A key is attacker-controlled too (NoSQL operators, prototype pollution): read the odd ones.
      if (!SIMPLE_NAME.test(k)) out.push({ location: `${at}{key:${k}}`, value: k });
      flattenJson(x, `${at}.${k}`, out, depth + 1);
    }
  }
}

function xmlValues(text: string, out: Out): void {
  let i = 0;
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  // CDATA, text between tags, attribute values, and DOCTYPE/entity declarations (XXE) as they are.
  for (const m of text.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[\s\S]*?(?:\]\s*>|>)|>([^<]+)<|\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const v = m[1] ?? (m[0].startsWith('<!DOCTYPE') ? m[0] : m[2] ?? m[3] ?? m[4]);
    if (v && v.trim()) out.push({ location: `body.xml[${i++}]`, value: m[1] !== undefined || m[0].startsWith('<!DOCTYPE') ? v : decode(v) });
  }
}

function multipart(text: string, boundary: string, out: Out): boolean {
  const parts = text.split(`--${boundary}`).slice(1, -1);
  if (!parts.length) return false;
  for (const part of parts) {
    const sep = part.indexOf('\r\n\r\n') >= 0 ? '\r\n\r\n' : '\n\n';
    const cut = part.indexOf(sep);
    const head = cut >= 0 ? part.slice(0, cut) : part;
    const value = cut >= 0 ? part.slice(cut + sep.length).replace(/\r?\n$/, '') : '';
    const name = /\bname="([^"]*)"/i.exec(head)?.[1] ?? '';
    const file = /\bfilename\*?="?([^";\r\n]*)"?/i.exec(head)?.[1];
    if (!SIMPLE_NAME.test(name)) out.push({ location: `body{name:${name}}`, value: name });
    if (file !== undefined) out.push({ location: `body.${name}.filename`, value: file });
    else out.push({ location: `body.${name}`, value });
  }
  return true;
}

function bodyValues(body: string, contentType: string, out: Out): void {
  const boundary = /multipart\/[\w-]+;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary && multipart(body, boundary, out)) return;
  const trimmed = body.trimStart();
  if (/json/i.test(contentType) || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') {
        flattenJson(parsed, 'body', out);
        return;
      }
    } catch {
      // not JSON after all: read as text below
    }
  }
  out.push({ location: 'body', value: body });
  if (/xml/i.test(contentType) || trimmed.startsWith('<')) xmlValues(body, out);
}

/**
 * Each part of a request reads at most this many values, so bulk in one part (a 600-leaf JSON
 * body, 600 query parameters) cannot push another part's attack (a custom header) out of the
 * MAX_PAYLOADS_PER_REQUEST values the classifier reads. The body takes what the others left.
 */
export const PART_BUDGET = { path: 32, headers: 160, query: 160 } as const;

function headerValues(headers: Record<string, string>, out: Out): void {
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (SAFE_HEADERS.has(name) || !value) continue;
    if (name !== 'cookie') {
      out.push({ location: `header.${name}`, value });
      continue;
    }
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      const cname = (eq < 0 ? pair : pair.slice(0, eq)).trim();
      const cvalue = eq < 0 ? '' : pair.slice(eq + 1).trim();
      if (cvalue) out.push({ location: `cookie.${cname}`, value: cvalue });
      if (cname && !SIMPLE_NAME.test(cname)) out.push({ location: `cookie{name:${cname}}`, value: cname });
    }
  }
}

/** The request's attacker-controlled strings (see the file comment); locations are unique. */
export function extractPayloads(r: CapturedRequest): Out {
  // Unique locations (the sandbox maps findings back by location); first occurrence wins.
  const seen = new Set<string>();
  const result: Out = [];
  const take = (part: Out, max: number) => {
    let n = 0;
    for (const p of part) {
      if (n >= max || result.length >= MAX_PAYLOADS_PER_REQUEST) return;
      if (p.value === '' || seen.has(p.location)) continue;
      seen.add(p.location);
      result.push(p);
      n++;
    }
  };

  const path: Out = [{ location: 'path', value: r.path }];
  const segments = r.path.split('/').filter(Boolean);
  if (segments.length > 1) segments.forEach((s, i) => path.push({ location: `path.segment[${i}]`, value: s }));
  take(path, PART_BUDGET.path);

  const headers: Out = [];
  headerValues(r.headers, headers);
  take(headers, PART_BUDGET.headers);

  const query: Out = [];
  for (const [k, v] of Object.entries(r.query)) {
    query.push({ location: `query.${k}`, value: v });
    if (!SIMPLE_NAME.test(k)) query.push({ location: `query{name:${k}}`, value: k });
  }
  take(query, PART_BUDGET.query);

  const body: Out = [];
  const contentType = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (typeof r.body === 'string') bodyValues(r.body, contentType, body);
  else if (r.body) {
    for (const [k, v] of Object.entries(r.body)) {
      body.push({ location: `body.${k}`, value: v });
      if (!SIMPLE_NAME.test(k)) body.push({ location: `body{name:${k}}`, value: k });
    }
  }
  take(body, MAX_PAYLOADS_PER_REQUEST);
  return result;
}
