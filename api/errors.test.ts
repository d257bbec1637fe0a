// Every refusal path answers `{ code, message }` with the right status, and writes nothing:
// the Temporal client is a stub that throws on any use, and DB snapshots are compared.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { parseEnvironmentSpec } from '../domain/hardening';
import { SANDBOX_YAML, dbSnapshot, jsonReq, makeApp, throwingTemporal } from './test-support';

// Small enough to exceed cheaply, large enough for the real sandbox spec.
const MAX = Math.max(16 * 1024, SANDBOX_YAML.length * 2);
let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;
let temporal: ReturnType<typeof throwingTemporal>;
let before: Record<string, unknown>;
const sandbox = parseEnvironmentSpec(SANDBOX_YAML);
const service = sandbox.assets.find((a) => a.kind === 'service') ?? sandbox.assets[0];

beforeAll(async () => {
  temporal = throwingTemporal();
  ({ app, db } = await makeApp({ temporal, config: { MAX_BODY_BYTES: MAX } }));
});
afterAll(() => db.close());
beforeEach(async () => {
  before = await dbSnapshot(db);
});

async function expectError(res: Response, status: number, code: string) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { code: string; message: string };
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
  expect(typeof body.message).toBe('string');
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  return body;
}

async function expectNothingWritten() {
  expect(await dbSnapshot(db)).toEqual(before);
  expect(temporal.touched).toEqual([]);
}

describe('malformed and invalid requests', () => {
  it.each([
    ['/api/v1/cycles', '{"environment":"sandbox","requester":"alice","tags":{"k":"caf\xe9"}}'],
    ['/cycle/run', '{"environment":"sandb\xffox"}'],
    ['/api/v1/environments/sandbox/telemetry', '{"note":"\xc3"}'],
  ])('refuses a body that is not valid UTF-8 on %s (400 invalid_utf8, never repaired)', async (path, latin1) => {
    const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(latin1, 'latin1') });
    await expectError(res, 400, 'invalid_utf8');
    await expectNothingWritten();
  });

  it.each([
    ['/cycle/run'],
    ['/telemetry/sample'],
    ['/api/v1/cycles'],
    ['/api/v1/environments'],
    ['/api/v1/environments/sandbox/telemetry'],
    ['/api/v1/schedules'],
  ])('POST %s with malformed JSON → 400 invalid_json', async (path) => {
    await expectError(await app.request(path, jsonReq('POST', '{"environment": ')), 400, 'invalid_json');
    await expectNothingWritten();
  });

  it('missing required field → 400 invalid_request naming the field', async () => {
    const body = await expectError(await app.request('/api/v1/cycles', jsonReq('POST', { requester: 'bob' })), 400, 'invalid_request');
    expect(body.message).toMatch(/environment/);
    await expectNothingWritten();
  });

  it('unknown field → 400 naming it (a typo must not be ignored)', async () => {
    const body = await expectError(await app.request('/cycle/run', jsonReq('POST', { enviroment: 'sandbox' })), 400, 'invalid_request');
    expect(body.message).toMatch(/enviroment/);
    await expectNothingWritten();
  });

  it('wrong type deep in the body → 400 naming the path', async () => {
    const res = await app.request('/api/v1/cycles', jsonReq('POST', { environment: 'sandbox', action: { actionId: 'close_port', target: 7 } }));
    expect((await expectError(res, 400, 'invalid_request')).message).toMatch(/action\.target/);
    await expectNothingWritten();
  });

  it.each(['0', '501', 'abc'])('GET /timeline?limit=%s → 400', async (limit) => {
    expect((await expectError(await app.request(`/timeline?limit=${limit}`), 400, 'invalid_request')).message).toMatch(/limit/);
  });

  it('non-JSON content type on a JSON route → 415', async () => {
    const res = await app.request('/api/v1/cycles', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    await expectError(res, 415, 'unsupported_media_type');
    await expectNothingWritten();
  });

  it('unknown route → 404 not_found JSON', async () => {
    await expectError(await app.request('/nope'), 404, 'not_found');
  });
});

describe('unknown environment → 404 before anything is written', () => {
  it.each([
    ['/cycle/run', { environment: 'atlantis' }],
    ['/telemetry/sample', { environment: 'atlantis' }],
    ['/api/v1/cycles', { environment: 'atlantis' }],
    ['/api/v1/schedules', { environment: 'atlantis', intervalSeconds: 60 }],
    ['/api/v1/environments/atlantis/telemetry', { failed_scans: 3 }],
  ])('POST %s', async (path, body) => {
    const res = await app.request(path, jsonReq('POST', body));
    expect((await expectError(res, 404, 'environment_not_found')).message).toMatch(/atlantis/);
    await expectNothingWritten();
  });

  it.each(['/api/v1/environments/atlantis', '/api/v1/environments/atlantis/telemetry'])('GET %s', async (path) => {
    await expectError(await app.request(path), 404, 'environment_not_found');
  });
});

describe('invalid actions → 422, no workflow started', () => {
  it('unknown action id', async () => {
    const res = await app.request(
      '/api/v1/cycles',
      jsonReq('POST', { environment: 'sandbox', action: { actionId: 'launch_missiles', target: service.id } }),
    );
    expect((await expectError(res, 422, 'invalid_action')).message).toMatch(/launch_missiles/);
    await expectNothingWritten();
  });

  it('unknown target', async () => {
    const res = await app.request(
      '/api/v1/cycles',
      jsonReq('POST', { environment: 'sandbox', action: { actionId: 'restrict_ingress', target: 'no-such-asset' } }),
    );
    await expectError(res, 422, 'invalid_action');
    await expectNothingWritten();
  });

  it('bad params', async () => {
    const res = await app.request(
      '/api/v1/cycles',
      jsonReq('POST', { environment: 'sandbox', action: { actionId: 'restrict_ingress', target: service.id, params: { cidrs: 'everyone' } } }),
    );
    await expectError(res, 422, 'invalid_action');
    await expectNothingWritten();
  });
});

describe('body limit', () => {
  const big = 'x'.repeat(MAX + 1);
  it.each(['/cycle/run', '/api/v1/cycles', '/api/v1/environments/sandbox/telemetry'])('JSON over MAX_BODY_BYTES on %s → 413', async (path) => {
    await expectError(await app.request(path, jsonReq('POST', { environment: 'sandbox', pad: big })), 413, 'payload_too_large');
    await expectNothingWritten();
  });

  it('YAML over MAX_BODY_BYTES → 413', async () => {
    const res = await app.request('/api/v1/environments', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: `${SANDBOX_YAML}\n# ${big}`,
    });
    await expectError(res, 413, 'payload_too_large');
    await expectNothingWritten();
  });
});

describe('environment specs and telemetry', () => {
  it('invalid YAML spec → 400 invalid_spec naming the field', async () => {
    const bad = SANDBOX_YAML.replace(/^tier:.*$/m, 'tier: moon');
    const res = await app.request('/api/v1/environments', { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: bad });
    expect((await expectError(res, 400, 'invalid_spec')).message).toMatch(/tier/);
    await expectNothingWritten();
  });

  it.each([
    ['a NUL escape in a value', SANDBOX_YAML.replace(/^tenant:.*$/m, 'tenant: "acme\\0corp"'), 'tenant'],
    ['a raw control character', SANDBOX_YAML.replace(/^tenant:.*$/m, 'tenant: acme\u0007'), 'control'],
  ])('%s in the YAML spec → 400 invalid_spec naming it, nothing stored', async (_what, yaml, field) => {
    const res = await app.request('/api/v1/environments', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
    expect((await expectError(res, 400, 'invalid_spec')).message).toContain(field);
    await expectNothingWritten();
  });

  it('unparseable YAML → 400 invalid_spec', async () => {
    const res = await app.request('/api/v1/environments', jsonReq('POST', { spec: 'name: [unclosed' }));
    await expectError(res, 400, 'invalid_spec');
    await expectNothingWritten();
  });

  it('empty YAML body → 400', async () => {
    const res = await app.request('/api/v1/environments', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: '  ' });
    await expectError(res, 400, 'invalid_request');
    await expectNothingWritten();
  });

  it.each([
    [{ failed_scans: -1 }, 'failed_scans'],
    [{ inbound_spike: 3 }, 'inbound_spike'],
    [{ public_ingress: 'yes' }, 'public_ingress'],
    [{ made_up_signal: 1 }, 'made_up_signal'],
  ])('bad telemetry %j → 400 naming %s', async (body, field) => {
    const res = await app.request('/api/v1/environments/sandbox/telemetry', jsonReq('POST', body));
    expect((await expectError(res, 400, 'invalid_request')).message).toContain(field);
    await expectNothingWritten();
  });
});

describe('schedules validation', () => {
  it.each([
    [{ environment: 'sandbox', intervalSeconds: 5 }, 'intervalSeconds'],
    [{ environment: 'sandbox' }, 'cron'],
    [{ environment: 'sandbox', cron: '* * * * *', intervalSeconds: 60 }, 'cron'],
    [{ environment: 'sandbox', cron: '0 0 31 2 *' }, 'cron: has no future run'],
    [{ environment: 'sandbox', cron: '@every 1s' }, 'cron: fires every 1 s; the floor is one run per 10 s'],
    [{ environment: 'sandbox', cron: '*/5 * * * * *' }, 'cron: must have five fields'],
    [{ environment: 'sandbox', intervalSeconds: 1e12 }, 'intervalSeconds'],
    [{ environment: 'sandbox', cron: 'x\u0000' }, 'cron'],
  ])('%j → 400 naming %s', async (body, field) => {
    const res = await app.request('/api/v1/schedules', jsonReq('POST', body));
    expect((await expectError(res, 400, 'invalid_request')).message).toContain(field);
    await expectNothingWritten();
  });
});
