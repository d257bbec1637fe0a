// threatAnalysis's inference activity with a model registry (PGlite, filesystem object store):
// the verdict names the model that made it, stored on the verdict row, and the analysis counts
// in that model's serving statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackEvidence } from '../../domain/threat/detection/fixtures';
import { readCanaryWindow } from '../../repo/models/serving-stats';
import { setServingSplit } from '../../repo/models/serving-split';
import { storeEvidence } from '../../repo/threat/evidence';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createServingFixture, type ServingFixture } from '../../test/support/serving';
import { createEvidenceActivities } from './evidence';
import { createDefaultEngine } from './inference';

let t: TestDb;
let f: ServingFixture;
beforeAll(async () => {
  t = await createTestPglite();
  f = await createServingFixture(t.db);
});
afterAll(async () => {
  f?.close();
  await t?.close();
});

describe('inference activity with a model registry', () => {
  it("analyses with the registry's model, records its id on the verdict and counts it in the serving statistics", async () => {
    const prod = await f.register('pc-act-prod', 5);
    const cand = await f.register('pc-act-cand', 6);
    await setServingSplit(t.db, { candidateModelId: prod, canaryPercent: 100 });
    await setServingSplit(t.db, { candidateModelId: cand, canaryPercent: 50 });
    const engine = createDefaultEngine(undefined, undefined, undefined, { db: t.db, objects: f.objects, refreshMs: 0, flushMs: 0 });
    const acts = createEvidenceActivities({ db: t.db, objects: f.objects, engine });
    const from = Date.now() - (Date.now() % 60_000);
    const served = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const ev = attackEvidence(`ev-serving-${i}`, `${i}' OR '1'='1`);
      await storeEvidence(t.db, f.objects, ev);
      const { verdict } = await acts.analyzeEvidence({ evidenceId: ev.id });
      expect([prod, cand]).toContain(verdict.modelVersion);
      // A retried activity routes the same evidence to the same model.
      expect((await acts.analyzeEvidence({ evidenceId: ev.id })).verdict.modelVersion).toBe(verdict.modelVersion);
      expect(await acts.recordVerdict(verdict)).toMatchObject({ created: true, modelVersion: verdict.modelVersion });
      const [row] = await t.execute('select model_version from verdicts where evidence_id = $1', [ev.id]);
      expect(row.model_version).toBe(verdict.modelVersion);
      served.add(verdict.modelVersion!);
    }
    expect(served).toEqual(new Set([prod, cand]));
    await engine.server.flush();
    const w = await readCanaryWindow(t.db, { candidateModelId: cand, productionModelId: prod, fromMs: from, toMs: Date.now() + 60_000 });
    expect(w.candidate.requests + w.production.requests).toBe(24);
    expect(w.candidate.compared).toBe(w.candidate.requests);
  });
});
