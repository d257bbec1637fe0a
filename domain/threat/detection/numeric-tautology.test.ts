// `2 or 1`-style numeric tautologies (issue 13): no quote to close, so only the shape of the
// whole value gives them away. The cases are the grammar's product (not the training sampler's
// draws): numbers × closing parentheses × boolean operator × operand × what ends the value.
import { describe, expect, it } from 'vitest';
import { classify } from './classifier';
import { extractFeatures } from './features';
import { defaultModel } from './model-io';

const product = (parts: readonly (readonly string[])[]) => parts.reduce<string[]>((acc, xs) => acc.flatMap((a) => xs.map((x) => a + x)), ['']);

const variants = (lead: string, close: string, open: string) =>
  product([['1', '2', '7', '-1', '42'], [close], [' or ', ' OR ', ' || ', ' xor '], [open], ['1', '2', '3=3', '1=1', '2>1', 'true'], [close ? '' : ' ', '-- ', '#']]).map((v) => lead + v);

const TAUTOLOGIES = [...variants('', '', ''), ...variants('', ')', '('), ...variants('(', ')', '(')];

describe('numeric tautologies', () => {
  it('fire sql_numeric_tautology for every variant of the grammar', () => {
    const missed = TAUTOLOGIES.filter((t) => extractFeatures(t).detector_sql_numeric_tautology !== 1);
    expect(missed).toEqual([]);
  });

  it('are SQL injection for the committed model', () => {
    const model = defaultModel();
    const missed = TAUTOLOGIES.map((t) => [t, classify(model, t).label]).filter(([, l]) => l !== 'sql_injection');
    expect(missed).toEqual([]);
  });

  it('leave numbers in prose and ranges alone', () => {
    const model = defaultModel();
    for (const benign of ['pick 1 or 2 of them', 'size 10 or 11', 'ages 3 to 5', 'rated 4 or higher', '1 or more items', 'v1.2 or later'])
      expect([benign, extractFeatures(benign).detector_sql_numeric_tautology, classify(model, benign).label]).toEqual([benign, 0, 'benign']);
  });
});
