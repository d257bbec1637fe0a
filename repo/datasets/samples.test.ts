import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { canonicalJsonl, sha256, splitFor } from '../../domain/threat/datasets/canonical';
import { addSamples, datasetStatsOf, DatasetIntegrityError, materializeDataset, snapshotDataset } from './samples';

describe.each(TEST_BACKENDS)('dataset samples and versions ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it('a version is an immutable snapshot that materialises to the same bytes as its hash', async () => {
    await addSamples(t.db, [
      { data: "1' OR '1'='1", label: 'sql_injection', source: 'api' },
      { data: 'nul\u0000byte ␀ kept', label: 'benign', source: 'api', reviewer: 'alice', confidence: 0.8 },
    ]);
    const v1 = await snapshotDataset(t.db, 'test');
    expect(v1.created).toBe(true);
    expect(v1.version).toMatchObject({ sampleCount: 2, maxSampleId: expect.any(Number) });
    // Nothing new: the same version, not a twin.
    expect((await snapshotDataset(t.db, 'test')).version.version).toBe(v1.version.version);

    await addSamples(t.db, [{ data: '<script>alert(1)</script>', label: 'xss', source: 'api' }]);
    const v2 = (await snapshotDataset(t.db, 'test')).version;
    expect(v2.version).toBeGreaterThan(v1.version.version);
    expect(v2.contentHash).not.toBe(v1.version.contentHash);

    // v1 still materialises to exactly its two samples, byte for byte, after later additions.
    const m1 = await materializeDataset(t.db, v1.version.version);
    const bytes = canonicalJsonl(m1.samples);
    expect(sha256(bytes)).toBe(v1.version.contentHash);
    expect(m1.samples.map((s) => s.data)).toEqual(["1' OR '1'='1", 'nul\u0000byte ␀ kept']);
    expect(m1.samples[1]).toMatchObject({ reviewer: 'alice', confidence: 0.8, split: splitFor('nul\u0000byte ␀ kept') });
    expect(canonicalJsonl((await materializeDataset(t.db, v1.version.version)).samples)).toBe(bytes);
    expect((await materializeDataset(t.db, v2.version)).samples).toHaveLength(3);
  });

  it('a tampered sample makes materialisation fail instead of training on other data', async () => {
    await addSamples(t.db, [{ data: 'hello world', label: 'benign', source: 'api' }]);
    const { version } = await snapshotDataset(t.db, 'test');
    await t.execute(`UPDATE dataset_samples SET label = 'xss'`);
    await expect(materializeDataset(t.db, version.version)).rejects.toThrow(DatasetIntegrityError);
  });

  it('stats count labels and find duplicates, conflicts and leakage between splits', async () => {
    await addSamples(t.db, [
      { data: 'select name from users', label: 'benign', source: 'api' },
      { data: 'select%20name%20from%20users', label: 'benign', source: 'api' }, // same text once decoded
      { data: '../../etc/passwd', label: 'path_traversal', source: 'api', split: 'train', confidence: 0.5 },
      { data: '../../etc/passwd', label: 'path_traversal', source: 'api', split: 'holdout' },
      { data: 'O\'Brien', label: 'benign', source: 'false_positive:predict', reviewer: 'bob' },
      { data: 'O\'Brien', label: 'sql_injection', source: 'api' },
    ]);
    const s = await datasetStatsOf(t.db);
    expect(s.total_samples).toBe(6);
    expect(s.by_label).toEqual({ benign: 3, path_traversal: 2, sql_injection: 1 });
    expect(s.false_positive_reports).toBe(1);
    expect(s.quality_metrics.duplicates).toEqual({ duplicate_samples: 3, distinct_texts: 3, conflicting_labels: 1 });
    expect(s.quality_metrics.leakage.texts_in_both_splits).toBeGreaterThanOrEqual(1);
    expect(s.quality_metrics.labelling_confidence).toMatchObject({ min: 0.5, below_0_7: 1 });
    expect(s.quality_metrics.class_balance.imbalance_ratio).toBe(3);
    expect(s.latest_version).toBeNull();
  });
});
