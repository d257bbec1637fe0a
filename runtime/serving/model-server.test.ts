// The model server against a real registry (Postgres and PGlite) and a filesystem object store:
// routing between production and the canary candidate, the statistics the canary analysis
// reads, the model each verdict names, per-model breakers, and artifacts that fail their SHA-256.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attackEvidence } from '../../domain/threat/detection/fixtures';
import { classify } from '../../domain/threat/detection/classifier';
import { readCanaryWindow } from '../../repo/models/serving-stats';
import { rollbackToProduction, setServingSplit } from '../../repo/models/serving-split';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { createServingFixture, type ServingFixture } from '../../test/support/serving';
import { ModelServer } from './model-server';

const payloads = Array.from({ length: 300 }, (_, i) => (i % 2 ? `q=${i}' OR '1'='1` : `customer ${i} from Berlin`));

describe.each(TEST_BACKENDS)('model server ($name)', ({ create }) => {
  let t: TestDb;
  let f: ServingFixture;
  beforeEach(async () => {
    t = await create();
    f = await createServingFixture(t.db);
  });
  afterEach(async () => {
    f?.close();
    await t?.close();
  });

  it('routes the canary share by payload, the same payload to the same model; statistics reach readCanaryWindow', async () => {
    const p1 = await f.register('pc-test-prod', 1);
    const c1 = await f.register('pc-test-cand', 2);
    await setServingSplit(t.db, { candidateModelId: p1, canaryPercent: 100 });
    await setServingSplit(t.db, { candidateModelId: c1, canaryPercent: 30 });
    const server = new ModelServer({ db: t.db, objects: f.objects, refreshMs: 0, flushMs: 0, shadowSample: 0.5 });
    const from = Date.now() - (Date.now() % 60_000);

    const first = await Promise.all(payloads.map((p) => server.predict(p)));
    const onCandidate = first.filter((a) => a.modelId === c1).length;
    expect(first.every((a) => (a.modelId === c1 ? a.stage === 'canary' : a.modelId === p1 && a.stage === 'production'))).toBe(true);
    expect(Math.abs(onCandidate / payloads.length - 0.3)).toBeLessThan(0.1);
    // A retry gets the same model (from that model's cache).
    const again = await Promise.all(payloads.map((p) => server.predict(p)));
    expect(again.map((a) => a.modelId)).toEqual(first.map((a) => a.modelId));
    expect(again.every((a) => a.cached)).toBe(true);

    await server.flush();
    const w = await readCanaryWindow(t.db, { candidateModelId: c1, productionModelId: p1, fromMs: from, toMs: Date.now() + 60_000 });
    expect(w.candidate.requests).toBe(2 * onCandidate);
    // Every candidate answer is scored by production; about half the production answers by the candidate.
    expect(w.candidate.compared).toBe(w.candidate.requests);
    expect(w.production.requests).toBe(2 * (payloads.length - onCandidate));
    expect(w.production.compared / w.production.requests).toBeGreaterThan(0.3);
    expect(w.production.compared / w.production.requests).toBeLessThan(0.7);
    expect(w.candidate.agreementRate).toBeGreaterThan(0);
    expect(Object.values(w.production.verdictMix).reduce((s, x) => s + x, 0)).toBeCloseTo(1);
    expect(w.candidate.latencyP95Ms).toBeGreaterThan(0);

    // The verdict names the model that made it; promotion and rollback change it on the next refresh.
    const ev = attackEvidence();
    const routed = (await server.analyze(ev)).modelVersion;
    expect([p1, c1]).toContain(routed);
    expect((await server.analyze(ev)).modelVersion).toBe(routed);
    await setServingSplit(t.db, { candidateModelId: c1, canaryPercent: 100 });
    expect((await server.analyze(ev)).modelVersion).toBe(c1);
    await rollbackToProduction(t.db, c1);
    expect((await server.analyze(ev)).modelVersion).toBe(p1);
    expect((await server.predict(payloads[1])).modelId).toBe(p1);
  });

  it('a failing candidate opens only its own breaker; an artifact that fails its SHA-256 is not served', async () => {
    const c2 = await f.register('pc-test-bad', 3);
    await setServingSplit(t.db, { candidateModelId: c2, canaryPercent: 99 });
    const server = new ModelServer({
      db: t.db,
      objects: f.objects,
      refreshMs: 0,
      breaker: { failureThreshold: 3 },
      classify: (p, m) => {
        if (m.version === c2) throw new Error('candidate crashed');
        return classify(m, p);
      },
    });
    for (const p of payloads.slice(0, 10)) await server.predict(p).catch(() => undefined);
    const h = await server.health();
    expect(h.models.candidate).toMatchObject({ id: c2, stage: 'canary', circuit_breaker: { state: 'open' } });
    expect(h.models.production).toMatchObject({ stage: 'committed', circuit_breaker: { state: 'closed' } });
    expect(h).toMatchObject({ status: 'degraded', split: { candidate_percent: 99, candidate_id: c2 } });

    await f.objects.put(`models/payload-classifier/${(await f.register('pc-test-tampered', 4))}.json`, Buffer.from('{"tampered":true}'), {});
    await setServingSplit(t.db, { candidateModelId: 'pc-test-tampered', canaryPercent: 50 });
    const fresh = new ModelServer({ db: t.db, objects: f.objects, refreshMs: 0 });
    const answers = await Promise.all(payloads.slice(0, 50).map((p) => fresh.predict(p)));
    expect(answers.every((a) => a.stage === 'committed')).toBe(true);
    const h2 = await fresh.health();
    expect(h2.models.candidate).toBeNull();
    expect(h2.registry.errors.join()).toMatch(/pc-test-tampered.*SHA-256/);
  });
});
