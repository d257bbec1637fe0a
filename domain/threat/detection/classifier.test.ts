import { describe, expect, it } from 'vitest';
import { classify } from './classifier';
import { explain } from './explain';
import { LABELS } from './model';
import { defaultModel, fromArtifact, toArtifact } from './model-io';
import { trainModel, type TrainingSample } from './train';

const model = defaultModel();

describe('payload classifier (committed artifact)', () => {
  it("classifies the seed example 1' OR '1'='1 as SQL injection", () => {
    const p = classify(model, "1' OR '1'='1");
    expect(p.label).toBe('sql_injection');
    expect(p.confidence).toBeGreaterThan(0.9);
    expect(Object.values(p.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it.each([
    ['<script>alert(document.cookie)</script>', 'xss'],
    ['%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'xss'],
    ['; cat /etc/passwd', 'command_injection'],
    ['| whoami', 'command_injection'],
    ['../../../../etc/passwd', 'path_traversal'],
    ['%252e%252e%252f%252e%252e%252fwindows%252fwin.ini', 'path_traversal'],
    ['ＵＮＩＯＮ ＳＥＬＥＣＴ username, password FROM users--', 'sql_injection'],
    ["admin'/**/OR/**/1=1#", 'sql_injection'],
  ])('%s → %s', (payload, label) => {
    expect(classify(model, payload).label).toBe(label);
  });

  it.each([
    "O'Brien",
    'please select a drop-down option',
    '<3 love it',
    'C:\\Program Files\\app',
    '{"name": "Alice", "tags": ["a", "b"], "n": 3}',
    'https://example.com/search?q=union+station&page=2',
    'I will drop the kids at school, then select a script for the play.',
    'Set an alert for 7 am',
    'Bitte wählen Sie eine Option aus dem Menü.',
    'ドロップダウンからオプションを選択してください。',
    '2024-03-15',
    'john.o\'neil@example.com',
    '/home/alice/docs/report.pdf',
  ])('%s → benign', (payload) => {
    expect(classify(model, payload).label).toBe('benign');
  });

  it('explains with contributions that add up, with the bias, to the logit', () => {
    for (const payload of ["1' OR '1'='1", "O'Brien", '<svg onload=alert(1)>', '..\\..\\boot.ini']) {
      const e = explain(model, payload);
      const sum = e.bias + e.contributions.reduce((a, c) => a + c.contribution, 0);
      expect(sum).toBeCloseTo(e.logit, 6);
      expect(e.label).toBe(classify(model, payload).label);
      for (const c of e.contributions) expect(c.contribution).toBeCloseTo(c.weight * c.value, 9);
    }
    const e = explain(model, "1' OR '1'='1");
    expect(e.reference).toBe('benign');
    expect(e.supporting.length).toBeGreaterThan(0);
    expect(e.supporting.map((c) => c.feature)).toContain('detector_sql_quote_boolean');
    expect(e.narrative).toMatch(/sql_injection/);
  });

  it('round-trips through the artifact format exactly', () => {
    const again = fromArtifact(JSON.parse(JSON.stringify(toArtifact(model, 1 / 1024))));
    // Element loop: toEqual on 1.3M floats takes seconds.
    let mismatches = again.weights.length === model.weights.length ? 0 : 1;
    for (let i = 0; i < model.weights.length; i++) if (again.weights[i] !== model.weights[i]) mismatches++;
    expect(mismatches).toBe(0);
    expect(Array.from(again.bias)).toEqual(Array.from(model.bias));
  });
});

describe('training', () => {
  const sample: TrainingSample[] = [];
  const attacks: [string, (typeof LABELS)[number]][] = [
    ["' or 1=1 --", 'sql_injection'], ['1 union select null,null--', 'sql_injection'],
    ['<script>alert(1)</script>', 'xss'], ['<img src=x onerror=prompt(1)>', 'xss'],
    ['; ls -la', 'command_injection'], ['| id', 'command_injection'],
    ['../../etc/passwd', 'path_traversal'], ['..\\..\\boot.ini', 'path_traversal'],
  ];
  for (let i = 0; i < 20; i++) {
    for (const [p, l] of attacks) sample.push({ payload: `${p}${i}`, label: l });
    sample.push({ payload: `hello world number ${i}`, label: 'benign' }, { payload: `user${i}@example.com`, label: 'benign' });
  }

  it('is reproducible for a seed and learns a tiny sample', () => {
    const opts = { seed: 7, hashBits: 12, epochs: 3 };
    const a = trainModel(sample, opts);
    const b = trainModel(sample, opts);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
    const c = trainModel(sample, { ...opts, seed: 8 });
    expect(Buffer.from(c.weights.buffer).equals(Buffer.from(a.weights.buffer))).toBe(false);
    expect(classify(a, "' or 2=2 --").label).toBe('sql_injection');
  });
});
