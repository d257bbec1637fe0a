import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { applyRule, getRule, proposeRule } from '../../repo/threat/rules';
import { fixtureRule, provenanceFor } from '../../repo/threat/rules.test-support';
import { jsonReq, makeApp } from '../test-support';

const xss = fixtureRule('xss');

describe('/api/v1/sentinel/dataset', () => {
  let app: Awaited<ReturnType<typeof makeApp>>['app'];
  let db: DbHandle;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/v1/sentinel/dataset${path}`, body === undefined ? { method } : jsonReq(method, body));
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  beforeEach(async () => {
    ({ app, db } = await makeApp());
  });
  afterEach(() => db?.close());

  it('the seed calls work as written and stats count them', async () => {
    const added = await call('POST', '/add-sample', { sample_type: 'payload', data: "1' OR '1'='1", label: 'sql_injection' });
    expect(added).toMatchObject({ status: 201, body: { status: 'success', sample_id: expect.any(Number), label: 'sql_injection' } });
    expect((await call('POST', '/add-sample', { data: '<svg onload=alert(1)>', label: 'xss', confidence: 0.6, reviewer: 'Ann' })).status).toBe(201);
    const fp = await call('POST', '/add-false-positive', { sample: { data: "O'Brien", predicted_class: 'sql_injection' }, reviewer: 'analyst@example.com' });
    expect(fp).toMatchObject({ status: 201, body: { label: 'benign', reviewer: 'analyst@example.com' } });
    const stats = await call('GET', '/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      total_samples: 3,
      by_label: { sql_injection: 1, xss: 1, benign: 1 },
      false_positive_reports: 1,
      quality_metrics: { labelling_confidence: { min: 0.6, below_0_7: 1 }, duplicates: { duplicate_samples: 0 }, leakage: { texts_in_both_splits: 0 } },
    });
    const [row] = await db.execute(`select label, source, reviewer, origin from dataset_samples where id = $1`, [fp.body.sample_id]);
    expect(row).toEqual({ label: 'benign', source: 'false_positive:predict', reviewer: 'analyst@example.com', origin: { kind: 'predict_payload', predictedClass: 'sql_injection' } });
  });

  it('a false positive against an applied rule is a benign sample and counts against the rule', async () => {
    await proposeRule(db.db, xss, provenanceFor('xss'));
    await applyRule(db.db, xss.id, 'alice');
    const fp = await call('POST', '/add-false-positive', { sample: { payload: 'I <3 cats', rule_id: xss.id, detail: 'forum post' }, reviewer: 'bob' });
    expect(fp).toMatchObject({ status: 201, body: { rule: { rule_id: xss.id, fpReports: 1, rolledBack: false } } });
    expect((await getRule(db.db, xss.id))!.events.at(-1)).toMatchObject({ type: 'fp_report', actor: 'bob', reason: 'forum post' });
    // The rules route takes the blocked value too.
    const viaRule = await app.request(`/api/v1/rules/${xss.id}/false-positive`, jsonReq('POST', { reporter: 'carol', detail: 'search', payload: 'a < b' }));
    expect(await viaRule.json()).toMatchObject({ fpReports: 2, sampleId: expect.any(Number) });
    const rows = await db.execute(`select data, source, reviewer from dataset_samples order by id`);
    expect(rows).toEqual([
      { data: 'I <3 cats', source: 'false_positive:rule', reviewer: 'bob' },
      { data: 'a < b', source: 'false_positive:rule', reviewer: 'carol' },
    ]);
    expect((await call('POST', '/add-false-positive', { sample: { data: 'x', rule_id: 9599999 }, reviewer: 'bob' })).body.code).toBe('rule_not_found');
  });

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const bad: [unknown, RegExp][] = [
      [{ data: 'x', label: 'malware' }, /label: must be one of/],
      [{ data: '', label: 'xss' }, /data/],
      [{ data: 'x', label: 'xss', confidence: 1.5 }, /confidence/],
      [{ data: 'x', label: 'xss', sample_type: 'image' }, /sample_type/],
      [{ data: 'x', label: 'xss', split: 'test' }, /split/],
      [{ data: '\ud800', label: 'xss' }, /lone surrogates/],
      [{ payload: 'x', label: 'xss' }, /payload/],
    ];
    for (const [body, message] of bad) {
      const r = await call('POST', '/add-sample', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    }
    for (const body of [
      { sample: { data: 'x' } },
      { sample: { data: 'x' }, reviewer: 'system' },
      { sample: {}, reviewer: 'bob' },
      { sample: { data: 'x', payload: 'y' }, reviewer: 'bob' },
      { sample: { data: 'x', rule_id: 0 }, reviewer: 'bob' },
      { sample: { data: 'x' }, reviewer: 'bo\u0000b' },
    ]) expect((await call('POST', '/add-false-positive', body)).status).toBe(400);
    expect((await call('POST', '/add-sample', { data: 'x'.repeat(70_000), label: 'xss' })).status).toBe(413);
    expect((await call('GET', '/stats')).body.total_samples).toBe(0);
  });

  it('keeps a NUL in a sample (null-byte injection is a real attack)', async () => {
    const r = await call('POST', '/add-sample', { data: '../../etc/passwd\u0000.png', label: 'path_traversal' });
    expect(r.status).toBe(201);
    const [row] = await db.execute(`select data from dataset_samples`);
    expect(row.data).toBe('../../etc/passwd␀0.png');
  });
});
