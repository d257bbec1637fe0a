// The OpenAPI document is walked and every operation is held to it: a NUL in any path or query
// parameter is a 400 naming it (before Temporal or a write); every integer parameter is bounded
// by its column (int4) and every string parameter by a length; a required body that is missing
// is a 400; every route that validates documents its 400; every documented example is accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { INT4_MAX } from './schemas';
import { FakeTemporal, dbSnapshot, makeApp, throwingTemporal } from './test-support';

interface Param {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: { type?: string; minimum?: number; maximum?: number; maxLength?: number; enum?: string[]; example?: unknown; $ref?: string };
}
interface Op {
  parameters?: Param[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string; example?: unknown }; example?: unknown }> };
  responses: Record<string, unknown>;
}
interface Doc {
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

type App = Awaited<ReturnType<typeof makeApp>>['app'];
let app: App;
let db: DbHandle;
let temporal: ReturnType<typeof throwingTemporal>;
let doc: Doc;

beforeAll(async () => {
  temporal = throwingTemporal();
  ({ app, db } = await makeApp({ temporal }));
  doc = (await (await app.request('/openapi.json')).json()) as Doc;
});
afterAll(() => db.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

function valid(p: Param): string {
  if (p.schema.example !== undefined) return String(p.schema.example);
  if (p.schema.enum) return p.schema.enum[0];
  return p.schema.type === 'integer' ? '1' : 'sandbox';
}

/** The URL for `path` with every parameter valid except `name`, which gets `value` (raw, already encoded). */
function url(path: string, op: Op, name: string, value: string): string {
  const params = op.parameters ?? [];
  let out = path;
  const query: string[] = [];
  for (const p of params) {
    const v = p.name === name ? value : encodeURIComponent(valid(p));
    if (p.in === 'path') out = out.replace(`{${p.name}}`, v);
    else if (p.name === name || p.required) query.push(`${p.name}=${v}`);
  }
  return query.length ? `${out}?${query.join('&')}` : out;
}

const send = (method: string, target: string) =>
  app.request(target, method === 'GET' || method === 'DELETE' ? { method } : { method, headers: { 'content-type': 'application/json' }, body: '{}' });

describe('every parameter of every operation', () => {
  it('refuses a NUL with 400 invalid_request naming the parameter, before Temporal or any write', async () => {
    const before = await dbSnapshot(db);
    let checked = 0;
    for (const { path, method, op } of operations()) {
      for (const p of op.parameters ?? []) {
        const res = await send(method, url(path, op, p.name, '%00'));
        const body = (await res.json()) as { code: string; message: string };
        expect({ where: `${method} ${path} ${p.name}`, status: res.status, code: body.code }).toEqual({
          where: `${method} ${path} ${p.name}`,
          status: 400,
          code: 'invalid_request',
        });
        expect(body.message).toContain(p.name);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    expect(temporal.touched).toEqual([]);
    expect(await dbSnapshot(db)).toEqual(before);
  });

  it('integers are bounded by their int4 column and strings by a length; one past either bound is a 400', async () => {
    for (const { path, method, op } of operations()) {
      for (const p of op.parameters ?? []) {
        const where = `${method} ${path} ${p.name}`;
        if (p.schema.enum) continue;
        if (p.schema.type === 'integer') {
          expect(p.schema.minimum, where).toBeGreaterThanOrEqual(0);
          expect(p.schema.maximum, where).toBeLessThanOrEqual(INT4_MAX);
          for (const bad of [String(p.schema.maximum! + 1), String(2 ** 31), String(2 ** 63), '1.5', '-1']) {
            expect((await send(method, url(path, op, p.name, bad))).status, `${where}=${bad}`).toBe(400);
          }
        } else {
          expect(p.schema.type, where).toBe('string');
          expect(p.schema.maxLength, where).toBeGreaterThan(0);
          expect((await send(method, url(path, op, p.name, 'a'.repeat(p.schema.maxLength! + 1)))).status, where).toBe(400);
        }
      }
    }
    expect(temporal.touched).toEqual([]);
  });
});

describe('bodies and documented statuses', () => {
  // The seed's routes keep their prototype contract: an empty POST runs against `sandbox`.
  const OPTIONAL_BODY = new Set(['POST /telemetry/sample', 'POST /cycle/run', 'POST /api/v1/sentinel/train/payload-classifier']);

  it('every body is declared required (except the seed routes) and a missing one is a 400', async () => {
    const before = await dbSnapshot(db);
    for (const { path, method, op } of operations()) {
      if (!op.requestBody) continue;
      const where = `${method} ${path}`;
      if (OPTIONAL_BODY.has(where)) continue;
      expect(op.requestBody.required, where).toBe(true);
      const target = url(path, op, '', '');
      const res = await app.request(target, { method });
      expect({ where, status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({ where, status: 400, code: 'invalid_request' });
    }
    expect(await dbSnapshot(db)).toEqual(before);
    expect(temporal.touched).toEqual([]);
  });

  it('every operation with parameters or a body documents 400; with a body also 413 and 415', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      if (op.parameters?.length || op.requestBody) expect(Object.keys(op.responses), where).toContain('400');
      if (op.requestBody) expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['413', '415']));
    }
  });
});

describe('documented examples', () => {
  it('every request body example in the document is accepted (no 400/413/415/422, no 5xx but a missing object store)', async () => {
    const fake = new FakeTemporal();
    const { app: live, db: liveDb } = await makeApp({ temporal: fake.client() });
    try {
      let checked = 0;
      for (const { path, method, op } of operations()) {
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          const ref = media.schema.$ref?.split('/').pop();
          const example = media.example ?? media.schema.example ?? (ref ? doc.components.schemas[ref]?.example : undefined);
          if (example === undefined) continue;
          const where = `${method} ${path} (${type})`;
          const res = await live.request(url(path, op, '', ''), {
            method,
            headers: { 'content-type': type },
            body: typeof example === 'string' ? example : JSON.stringify(example),
          });
          const body = (await res.clone().json().catch(() => ({}))) as { code?: string; message?: string };
          expect([400, 413, 415, 422], `${where}: ${body.message}`).not.toContain(res.status);
          if (res.status >= 500) expect(body.code, where).toBe('object_store_unavailable');
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(6);
    } finally {
      await liveDb.close();
    }
  });
});
