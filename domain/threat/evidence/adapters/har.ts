// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), as browsers' dev tools, Burp,
// ZAP, mitmproxy and Charles export it: `log.entries[]`, each with `startedDateTime` (ISO-8601),
// `request` (method, absolute url, headers[], queryString[], cookies[], postData) and
// `response.status`. HAR has no client address (the capturer was the client): it is taken from
// an `X-Forwarded-For` / `X-Real-IP` request header when present, else the entry's
// `_clientAddress` (a custom field some proxies add), else `unknown`.
import { addParam, bodyFrom, headerRecord, lenientDecode, splitTarget, statusOf } from './http';
import { parseIsoTimestamp } from './time';
import { EntryError, checkedRequest, isObject, parseJsonEntry, readEach, requireString, type AdapterResult } from './types';

type NameValue = { name?: unknown; value?: unknown; fileName?: unknown };

function pairs(v: unknown, where: string): NameValue[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new EntryError(`${where} must be an array`);
  return v.filter(isObject) as NameValue[];
}

function postBody(postData: unknown, contentType: string | undefined) {
  if (!isObject(postData)) return undefined;
  if (typeof postData.text === 'string' && postData.text) return bodyFrom(postData.text, (postData.mimeType as string) ?? contentType);
  // Multipart and form posts may come as params only: each field, and each file's name.
  const fields: Record<string, string> = {};
  for (const p of pairs(postData.params, 'request.postData.params')) {
    const name = String(p.name ?? '');
    if (typeof p.value === 'string') addParam(fields, name, p.value);
    if (typeof p.fileName === 'string') addParam(fields, `${name}.filename`, p.fileName);
  }
  return Object.keys(fields).length ? fields : undefined;
}

function readEntry(e: unknown) {
  if (!isObject(e)) throw new EntryError('not an object');
  const started = requireString(e, 'startedDateTime', 'entry');
  const timestamp = parseIsoTimestamp(started);
  if (timestamp === undefined) throw new EntryError(`entry.startedDateTime "${started}" is not ISO-8601`);
  if (!isObject(e.request)) throw new EntryError('entry.request is missing');
  const req = e.request;
  const url = requireString(req, 'url', 'request');
  const target = splitTarget(url);
  const headers = headerRecord(pairs(req.headers, 'request.headers').map((h) => [String(h.name ?? ''), String(h.value ?? '')]));
  // Exporters that drop the header keep the body's type in postData.mimeType (a multipart
  // boundary with it): the body is read by that type.
  const mime = isObject(req.postData) && typeof req.postData.mimeType === 'string' ? req.postData.mimeType : '';
  if (!headers['content-type'] && mime) headers['content-type'] = mime;
  // The URL's query and queryString[] are both read: exporters disagree on whether
  // queryString[] repeats the URL's parameters (browsers), adds to them (HAR written by
  // tools, e.g. the har-examples `full` sample) or is still %-encoded. A pair the URL already
  // holds is not added twice; an encoded value is decoded like the URL's.
  const query = target.query;
  const fromUrl = new Set(Object.entries(query).map(([k, v]) => `${k.replace(/\[\d+\]$/, '')}\u0000${v}`));
  for (const q of pairs(req.queryString, 'request.queryString')) {
    const name = String(q.name ?? '');
    const value = String(q.value ?? '');
    const decoded = lenientDecode(value);
    if (fromUrl.has(`${name}\u0000${value}`) || fromUrl.has(`${name}\u0000${decoded}`)) continue;
    addParam(query, lenientDecode(name), decoded);
  }
  if (!headers.cookie) {
    const cookies = pairs(req.cookies, 'request.cookies').map((c) => `${String(c.name ?? '')}=${String(c.value ?? '')}`);
    if (cookies.length) headers.cookie = cookies.join('; ');
  }
  const forwarded = headers['x-forwarded-for']?.split(',')[0]?.trim() || headers['x-real-ip'];
  const clientIp = forwarded || (typeof e._clientAddress === 'string' && e._clientAddress) || 'unknown';
  return checkedRequest({
    method: requireString(req, 'method', 'request').toUpperCase(),
    path: target.path,
    query,
    headers,
    body: postBody(req.postData, headers['content-type']),
    timestamp,
    clientIp,
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'].slice(0, 2048) } : {}),
    ...(statusOf(isObject(e.response) ? e.response.status : undefined) ? { statusCode: statusOf((e.response as Record<string, unknown>).status) } : {}),
  });
}

/** A HAR 1.2 document → requests (`entry N`, 1-based) and per-entry errors; a file that is not HAR is one error. */
export function readHar(text: string): AdapterResult {
  let doc: unknown;
  try {
    doc = parseJsonEntry(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { requests: [], errors: [{ at: 'file', message: (err as Error).message }] };
  }
  const entries = isObject(doc) && isObject(doc.log) ? doc.log.entries : undefined;
  if (!Array.isArray(entries)) return { requests: [], errors: [{ at: 'file', message: 'not a HAR file: log.entries is missing' }] };
  return readEach(entries.map((e, i): [string, unknown] => [`entry ${i + 1}`, e]), readEntry);
}
