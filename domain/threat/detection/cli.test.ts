import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runClassifyCommand, runEvalCommand } from '../../../cli/detection';

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join(''), lines: () => chunks.join('').trim().split('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('bulwark classify', () => {
  it('answers every line in order and reports bad lines with their numbers', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const input = [
      JSON.stringify({ payload: "1' OR '1'='1" }),
      'not json',
      JSON.stringify({ payload: "O'Brien" }),
      JSON.stringify({ nopayload: 1 }),
      JSON.stringify({ payload: '<svg onload=alert(1)>', context: {} }),
    ].join('\r\n');
    const out = sink();
    // Chunks split mid-line: the reader must reassemble lines.
    const code = await runClassifyCommand([], Readable.from([input.slice(0, 7), input.slice(7)]), out);
    const rows = out.lines().map((l) => JSON.parse(l));
    expect(rows).toHaveLength(5);
    expect(rows[0].class).toBe('sql_injection');
    expect(rows[1]).toMatchObject({ line: 2, error: expect.any(String) });
    expect(rows[2].class).toBe('benign');
    expect(rows[3]).toMatchObject({ line: 4 });
    expect(rows[4].class).toBe('xss');
    // The API's name (predict-payload answers `class`), not the model's internal `label`.
    expect(rows[0]).not.toHaveProperty('label');
    expect(Object.keys(rows[0].scores)).toHaveLength(5);
    expect(rows[0].confidence).toBeGreaterThan(0.5);
    expect(code).not.toBe(0);
  });

  it('exits 0 when every line is valid', async () => {
    const out = sink();
    const code = await runClassifyCommand([], Readable.from([`${JSON.stringify({ payload: 'hello' })}\n`]), out);
    expect(code).toBe(0);
    expect(out.lines()).toHaveLength(1);
  });
});

describe('bulwark eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-eval-'));

  it('prints per-class metrics, the confusion matrix and the benign FPR for a CSV', async () => {
    const csv = join(dir, 'tiny.csv');
    writeFileSync(csv, [
      '"payload","length","attack_type","label"',
      `"1' or '1'='1","12","sqli","anom"`,
      '"<script>alert(1)</script>","25","xss","anom"',
      '"; cat /etc/passwd","17","cmdi","anom"',
      '"../../etc/passwd","16","path-traversal","anom"',
      '"madrid","6","norm","norm"',
      '"O\'Brien","7","norm","norm"',
    ].join('\r\n'));
    const out = sink();
    expect(await runEvalCommand([csv], out)).toBe(0);
    const text = out.text();
    expect(text).toMatch(/macro-F1 1\.0000/);
    expect(text).toMatch(/command_injection\s+1\s+100\.00%\s+100\.00%/);
    expect(text).toMatch(/confusion/);
    expect(text).toMatch(/benign false-positive rate 0\.00%/);
  });

  it('reads JSONL', async () => {
    const file = join(dir, 'tiny.jsonl');
    writeFileSync(file, `${JSON.stringify({ payload: 'hello there', label: 'benign' })}\n${JSON.stringify({ payload: '| id', label: 'command_injection' })}\n`);
    const out = sink();
    expect(await runEvalCommand([file], out)).toBe(0);
    expect(out.text()).toMatch(/samples 2/);
  });

  it('fails clearly on a missing file', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runEvalCommand([join(dir, 'nope.csv')], sink())).not.toBe(0);
    expect(String(err.mock.calls[0][0])).toMatch(/cannot read .*nope\.csv: no such file/);
  });
});
