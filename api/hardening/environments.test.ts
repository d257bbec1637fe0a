// Environments and telemetry: registration from YAML (JSON-wrapped or raw), reads, and
// telemetry ingestion merged with the spec baseline. No Temporal involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { parseEnvironmentSpec } from '../../domain/hardening';
import { SANDBOX_YAML, jsonReq, makeApp, throwingTemporal } from '../test-support';

let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;
const baseline = parseEnvironmentSpec(SANDBOX_YAML).telemetry;
const renamed = (name: string) => SANDBOX_YAML.replace(/^name:.*$/m, `name: ${name}`);

beforeAll(async () => {
  ({ app, db } = await makeApp({ temporal: throwingTemporal() }));
});
afterAll(() => db.close());

describe('environments', () => {
  it('lists registered environments', async () => {
    const res = await app.request('/api/v1/environments');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      expect.objectContaining({ name: 'sandbox', tier: expect.any(String), tenant: expect.any(String), controlsVersion: 0, cycleSeq: 0 }),
    ]);
  });

  it('GET one: spec, controls and the baseline telemetry when none was sent', async () => {
    const body = (await (await app.request('/api/v1/environments/sandbox')).json()) as Record<string, any>;
    expect(body).toMatchObject({ name: 'sandbox', spec: { name: 'sandbox' }, telemetry: { baseline: true, signals: baseline } });
    expect(body.controls).toBeTypeOf('object');
  });

  it('registers from raw YAML (201), then updates it (200)', async () => {
    const yaml = renamed('stage-a');
    const created = await app.request('/api/v1/environments', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'stage-a', created: true });
    const updated = await app.request('/api/v1/environments', { method: 'POST', headers: { 'content-type': 'text/yaml; charset=utf-8' }, body: yaml });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ name: 'stage-a', created: false });
  });

  it('registers from JSON { spec }', async () => {
    const res = await app.request('/api/v1/environments', jsonReq('POST', { spec: renamed('json-env') }));
    expect(res.status).toBe(201);
    expect((await (await app.request('/api/v1/environments/json-env')).json()) as object).toMatchObject({ name: 'json-env' });
  });
});

describe('telemetry', () => {
  it('POST partial signals: stored with source api, the rest from the spec baseline', async () => {
    const res = await app.request('/api/v1/environments/sandbox/telemetry', jsonReq('POST', { failed_scans: 42, public_ingress: true }));
    expect(res.status).toBe(201);
    const row = (await res.json()) as { id: number; source: string; signals: Record<string, unknown> };
    expect(row.source).toBe('api');
    expect(row.signals).toEqual({ ...baseline, failed_scans: 42, public_ingress: true });

    const list = (await (await app.request('/api/v1/environments/sandbox/telemetry?limit=1')).json()) as { id: number }[];
    expect(list.map((r) => r.id)).toEqual([row.id]);
    const env = (await (await app.request('/api/v1/environments/sandbox')).json()) as Record<string, any>;
    expect(env.telemetry).toMatchObject({ baseline: false, id: row.id, signals: { failed_scans: 42 } });
  });

  it('POST /telemetry/sample (seed) with {} and with no body at all → 201 for sandbox', async () => {
    const a = await app.request('/telemetry/sample', jsonReq('POST', '{}'));
    expect(a.status).toBe(201);
    expect(await a.json()).toMatchObject({ environment: 'sandbox', source: 'sample', signals: expect.any(Object) });
    const b = await app.request('/telemetry/sample', { method: 'POST' });
    expect(b.status).toBe(201);
    const c = await app.request('/telemetry/sample', jsonReq('POST', { environment: 'stage-a' }));
    expect(c.status).toBe(201);
    expect(await c.json()).toMatchObject({ environment: 'stage-a' });
  });
});
