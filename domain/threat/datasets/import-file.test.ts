import { describe, expect, it } from 'vitest';
import { parseImportFile, reservedFileProblem } from './import-file';

describe('dataset import parsing', () => {
  it('reads CSV with attack_type (payload_train.csv shape), quoted newlines and optional columns', () => {
    const csv = '"payload","length","attack_type","label"\n"c/ caridad s/n","14","norm","norm"\n"a\nb","3","sqli","anom"\n';
    const r = parseImportFile('x.csv', csv);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.data, x.label, x.line])).toEqual([['c/ caridad s/n', 'benign', 2], ['a\nb', 'sql_injection', 3]]);
  });

  it('names the line of each malformed CSV row, counting lines inside quoted fields', () => {
    const csv = 'payload,label,confidence\n"multi\nline",xss,1\nok,nonsense,1\nfine,xss,2\nshort\n';
    const r = parseImportFile('x.csv', csv);
    expect(r.errors).toEqual([
      { line: 4, error: 'unknown label "nonsense"' },
      { line: 5, error: 'confidence must be a number in 0..1 (got "2")' },
      { line: 6, error: '1 fields where the header has 3' },
    ]);
    expect(parseImportFile('x.csv', 'payload,label\n"never closed,xss\n').errors).toEqual([{ line: 2, error: 'a quoted field is never closed' }]);
    expect(parseImportFile('x.csv', 'text,label\n').errors[0]).toMatchObject({ line: 1 });
  });

  it('reads JSONL and reports bad lines by number', () => {
    const r = parseImportFile('x.jsonl', '{"payload":"<b>","label":"xss","reviewer":"ann","split":"holdout"}\n\n{"data":"x","label":"benign"}\nnot json\n{"payload":"y","label":"benign","split":"test"}\n[1]\n');
    expect(r.rows.map((x) => [x.data, x.label, x.split, x.reviewer])).toEqual([['<b>', 'xss', 'holdout', 'ann'], ['x', 'benign', undefined, undefined]]);
    expect(r.errors).toEqual([
      { line: 4, error: 'not valid JSON' },
      { line: 5, error: 'split must be train or holdout (got "test")' },
      { line: 6, error: 'not a JSON object' },
    ]);
    expect(parseImportFile('x.jsonl', '\n').errors).toEqual([{ line: 1, error: 'no samples in the file' }]);
  });

  it('refuses the files reserved for independent evaluation', () => {
    expect(reservedFileProblem('../shared/data/payloads/HttpParamsDataset/payload_test.csv')).toMatch(/reserved/);
    expect(reservedFileProblem('/x/libinjection/data/sqli.txt')).toMatch(/reserved/);
    expect(reservedFileProblem('../shared/data/payloads/HttpParamsDataset/payload_train.csv')).toBeNull();
  });
});
