// Sentinel routes through app.request(): no database or Temporal is touched, so the app is
// built with a throwing Temporal client and no db.
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { attackEvidence, benignEvidence } from '../../domain/threat/detection/fixtures';
import { createApp, type ApiServices } from '../app';
import { jsonReq, TEST_CONFIG, throwingTemporal } from '../test-support';

function sentinelApp(detection?: ApiServices['detection'], config = TEST_CONFIG) {
  return createApp({ db: undefined as never, temporal: throwingTemporal(), config, metrics: new Registry(), detection });
}
// Response bodies are asserted field by field; a loose type keeps the assertions readable.
type Json = any;
const json = (res: Response): Promise<Json> => res.json();
const post = (app: ReturnType<typeof sentinelApp>, path: string, body: unknown) => app.request(`/api/v1/sentinel${path}`, jsonReq('POST', body));

describe('POST /api/v1/sentinel/predict-payload', () => {
  it("answers the seed's curl example, then serves the repeat from the cache", async () => {
    const app = sentinelApp();
    const res = await post(app, '/predict-payload', { payload: "1' OR '1'='1", context: {} });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ class: 'sql_injection', cached: false });
    expect(body.confidence).toBeGreaterThan(0.9);
    expect(Object.keys(body.scores).sort()).toEqual(['benign', 'command_injection', 'path_traversal', 'sql_injection', 'xss']);
    expect(body.model_version).toMatch(/^pc1-/);
    expect(body).toMatchObject({ model_id: body.model_version, model_stage: 'committed' });
    const again = await json(await post(app, '/predict-payload', { payload: "1' OR '1'='1", context: {} }));
    expect(again).toEqual({ ...body, cached: true });
  });

  it('rejects bad input with a 400 naming the field, and payloads over 64 KB with 413', async () => {
    const app = sentinelApp(undefined, { ...TEST_CONFIG, MAX_BODY_BYTES: 1024 * 1024 });
    const missing = await post(app, '/predict-payload', { context: {} });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('payload') });
    const wrongType = await post(app, '/predict-payload', { payload: 42 });
    expect((await json(wrongType)).message).toContain('payload');
    const big = await post(app, '/predict-payload', { payload: 'a'.repeat(64 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(await json(big)).toMatchObject({ code: 'payload_too_large' });
  });

  it('opens the circuit breaker after consecutive failures and recovers after the cool-down', async () => {
    let now = 1_000;
    let failing = true;
    const { defaultModel } = await import('../../domain/threat/detection/model-io');
    const { classify } = await import('../../domain/threat/detection/classifier');
    const app = sentinelApp({
      classify: (p) => {
        if (failing) throw new Error('model crashed');
        return classify(defaultModel(), p);
      },
      breaker: { failureThreshold: 3, cooldownMs: 10_000, now: () => now },
    });
    for (let i = 0; i < 3; i++) {
      const res = await post(app, '/predict-payload', { payload: `x${i}` });
      expect(res.status).toBe(503);
      expect((await json(res)).code).toBe('model_error');
    }
    failing = false; // healthy again, but the breaker is open: fail fast without calling it
    const open = await post(app, '/predict-payload', { payload: 'hello' });
    expect(open.status).toBe(503);
    expect(await json(open)).toMatchObject({ code: 'model_unavailable' });
    expect((await json(await app.request('/api/v1/sentinel/model-server/health'))).circuit_breaker.state).toBe('open');
    expect(await (await app.request('/metrics')).text()).toMatch(/cerberus_sentinel_circuit_breaker_state 2/);

    now += 10_000; // half-open: one trial call goes through and closes the breaker
    const trial = await post(app, '/predict-payload', { payload: 'hello' });
    expect(trial.status).toBe(200);
    const health = await json(await app.request('/api/v1/sentinel/model-server/health'));
    expect(health).toMatchObject({ status: 'healthy', circuit_breaker: { state: 'closed' }, model: { loaded: true } });
  });
});

describe('POST /api/v1/sentinel/analyze', () => {
  it('benign session → benign; attack session → simulate (bare or wrapped in {evidence})', async () => {
    const app = sentinelApp();
    const benign = await json(await post(app, '/analyze', benignEvidence()));
    expect(benign.verdict).toBe('benign');
    const attack = await json(await post(app, '/analyze', { evidence: attackEvidence() }));
    expect(attack).toMatchObject({ verdict: 'simulate', payload: { attackClass: 'sql_injection', location: 'query.id' } });
    expect(attack.narrative).toContain('sql_injection');
  });

  it('returns the HTML report with ?format=html, escaping the evidence', async () => {
    const app = sentinelApp();
    const res = await post(app, '/analyze?format=html', attackEvidence('x', '<script>alert(1)</script>'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;');
  });

  it('refuses a timestamp no Date can hold (found by schemathesis: the HTML report threw) with a 400', async () => {
    const app = sentinelApp();
    const ev = attackEvidence('x', "1' OR '1'='1") as { requests: { timestamp: number }[] };
    ev.requests[0].timestamp = 9_007_199_254_740_990;
    const res = await post(app, '/analyze?format=html', ev);
    expect(res.status).toBe(400);
    expect((await json(res)).message).toMatch(/timestamp/);
  });

  it('names the offending evidence field on a 400', async () => {
    const app = sentinelApp();
    const res = await post(app, '/analyze', { id: 'bad id!', requests: [] });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('invalid_evidence');
    expect(body.message).toMatch(/id:.*requests:/s);
  });
});

describe('explain, health and metrics', () => {
  it('explains a payload with contributions and a narrative', async () => {
    const app = sentinelApp();
    const res = await post(app, '/explain', { payload: '<img src=x onerror=alert(1)>' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.class).toBe('xss');
    expect(body.supporting.length).toBeGreaterThan(0);
    expect(body.feature_importances[0]).toHaveProperty('contribution');
    expect(body.narrative).toMatch(/Classified as xss/);
  });

  it('reports model version, breaker and cache in health; counters in /metrics', async () => {
    const app = sentinelApp();
    await post(app, '/predict-payload', { payload: "1' OR '1'='1" });
    await post(app, '/predict-payload', { payload: "1' OR '1'='1" });
    const health = await json(await app.request('/api/v1/sentinel/model-server/health'));
    expect(health).toMatchObject({ status: 'healthy', model: { loaded: true }, circuit_breaker: { state: 'closed' }, cache: { size: 1, max: 10_000, ttl_ms: 3_600_000, hits: 1, misses: 1 } });
    // No registry: the committed model serves everything, no candidate, no split.
    expect(health.models).toEqual({ production: expect.objectContaining({ id: health.model.version, stage: 'committed', loaded: true, artifact_sha256: null }), candidate: null });
    expect(health.split).toMatchObject({ production_percent: 100, candidate_percent: 0, candidate_id: null });
    expect(health.breakers).toEqual({ [health.model.version]: expect.objectContaining({ state: 'closed' }) });
    await post(app, '/analyze', attackEvidence());
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('cerberus_sentinel_payload_predictions_total{class="sql_injection"} 2');
    expect(text).toContain('cerberus_sentinel_predictions_total{verdict="simulate"} 1');
    expect(text).toContain('cerberus_sentinel_cache_hits_total{cache_type="prediction",status="hit"} 1');
    expect(text).toContain('cerberus_sentinel_inference_latency_seconds_bucket');
  });
});
