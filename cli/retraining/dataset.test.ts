import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { requires } from '../../test/support/requires';
import { importDatasetFile } from './dataset';

const sink = () => {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};
const dir = mkdtempSync(join(tmpdir(), 'bulwark-dataset-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const count = async (t: TestDb) => (await t.execute('select count(*)::int as n from dataset_samples'))[0].n;
const shared = requires('sharedData');

describe.each(TEST_BACKENDS)('bulwark dataset import ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it('imports CSV and JSONL with their columns and defaults', async () => {
    const out = sink();
    const csv = file('a.csv', 'payload,label,confidence\n"1 UNION SELECT 1",sqli,0.9\n"a\nb",norm,\n');
    expect(await importDatasetFile(t.db, csv, { reviewer: 'ann' }, out, sink())).toBe(0);
    expect(out.text()).toMatch(/imported 2 samples from .*a\.csv .*"sql_injection":1,"benign":1/);
    const jsonl = file('b.jsonl', '{"payload":"<img src=x>","label":"xss","split":"holdout","source":"pentest-42"}\n');
    expect(await importDatasetFile(t.db, jsonl, { source: 'ignored' }, sink(), sink())).toBe(0);
    expect(await t.execute('select data, label, source, confidence, reviewer, split from dataset_samples order by id')).toEqual([
      { data: '1 UNION SELECT 1', label: 'sql_injection', source: 'import:a.csv', confidence: 0.9, reviewer: 'ann', split: expect.any(String) },
      { data: 'a\nb', label: 'benign', source: 'import:a.csv', confidence: 1, reviewer: 'ann', split: expect.any(String) },
      { data: '<img src=x>', label: 'xss', source: 'pentest-42', confidence: 1, reviewer: null, split: 'holdout' },
    ]);
  });

  it('a malformed row refuses the whole file with its line number; nothing is imported', async () => {
    const err = sink();
    const bad = file('bad.jsonl', '{"payload":"ok","label":"xss"}\n{"payload":"ok2","label":"xss"}\n{"payload":"x","label":"ransomware"}\n');
    expect(await importDatasetFile(t.db, bad, {}, sink(), err)).toBe(1);
    expect(err.text()).toContain('bad.jsonl:3: unknown label "ransomware"');
    expect(err.text()).toMatch(/1 malformed row\(s\); nothing imported/);
    const badCsv = file('bad.csv', 'payload,label\nfine,xss\n"multi\nline",xss\nbroken,xss,extra\n');
    expect(await importDatasetFile(t.db, badCsv, {}, sink(), err)).toBe(1);
    expect(err.text()).toContain('bad.csv:5: 3 fields where the header has 2');
    expect(await importDatasetFile(t.db, join(dir, 'missing.csv'), {}, sink(), err)).toBe(1);
    expect(err.text()).toContain('no such file');
    expect(await importDatasetFile(t.db, '/x/HttpParamsDataset/payload_test.csv', {}, sink(), err)).toBe(1);
    expect(err.text()).toMatch(/reserved for independent evaluation/);
    expect(await count(t)).toBe(0);
  });
});

shared.describe('bulwark dataset import of the shared data', () => {
  it("imports HttpParamsDataset's payload_train.csv whole (pglite)", async () => {
    const t = await TEST_BACKENDS[1].create();
    try {
      const out = sink();
      expect(await importDatasetFile(t.db, join(shared.path, 'HttpParamsDataset/payload_train.csv'), {}, out, sink())).toBe(0);
      expect(await count(t)).toBeGreaterThan(20_000);
      expect(out.text()).toMatch(/"benign":\d+/);
    } finally {
      await t.close();
    }
  }, 120_000);
});
