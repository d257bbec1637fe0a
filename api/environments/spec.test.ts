// The published environment JSON Schema, and spec errors that name the field and the line.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { SANDBOX_YAML, jsonReq, makeApp, throwingTemporal } from '../test-support';

let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;

beforeAll(async () => {
  ({ app, db } = await makeApp({ temporal: throwingTemporal() }));
});
afterAll(() => db.close());

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const post = (yaml: string) => app.request('/api/v1/environments', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });

describe('GET /api/v1/environments/schema', () => {
  it('serves the committed JSON Schema, and is listed in the OpenAPI document', async () => {
    const res = await app.request('/api/v1/environments/schema');
    expect(res.status).toBe(200);
    const committed = JSON.parse(readFileSync(new URL('../../environments/environment.schema.json', import.meta.url), 'utf8'));
    expect(await res.json()).toEqual(committed);
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/environments/schema');
  });
});

describe('POST /api/v1/environments names the field and the line', () => {
  it.each([
    ['a bad enum', (y: string) => y.replace('kind: service, namespace: shop, critical: true, public: true, ports: [443, 80]', 'kind: servce, namespace: shop, critical: true, public: true, ports: [443, 80]'), 'id: web,', 'assets[0].kind'],
    ['a misspelt key', (y: string) => y.replace('  probability: 0.3', '  probability: 0.3\n  probabilty: 0.2'), 'probabilty', 'drift.probabilty'],
    ['an unknown role', (y: string) => y.replace('roles: [api-sa]', 'roles: [nobody]'), 'roles: [nobody]', 'assets[1].roles[0]'],
    ['an exception for an unknown asset', (y: string) => y.replace('{ asset: node-agent,', '{ asset: ghost,'), 'asset: ghost', 'exceptions[0].asset'],
    ['a prod budget looser than stage', (y: string) => y.replace('prod: { maxBreakageRisk: 0.3,', 'prod: { maxBreakageRisk: 0.5,'), 'prod: { maxBreakageRisk: 0.5', 'riskBudgets.prod.maxBreakageRisk'],
  ])('%s (raw YAML and JSON-wrapped alike)', async (_what, mutate, needle, field) => {
    const yaml = mutate(SANDBOX_YAML);
    for (const res of [await post(yaml), await app.request('/api/v1/environments', jsonReq('POST', { spec: yaml }))]) {
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('invalid_spec');
      expect(body.message).toContain(field);
      expect(body.message).toMatch(new RegExp(`^line ${lineOf(yaml, needle)}:`));
    }
  });

  it('a YAML syntax error names its line', async () => {
    const res = await post('name: x\ntier: sandbox\nassets: [unclosed\n');
    const body = (await res.json()) as { code: string; message: string };
    expect(res.status).toBe(400);
    expect(body.message).toMatch(/^line \d+: invalid YAML/);
  });

  it('a JSON body without its spec names the field', async () => {
    const res = await app.request('/api/v1/environments', jsonReq('POST', { yaml: SANDBOX_YAML }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/spec|yaml/);
  });
});
