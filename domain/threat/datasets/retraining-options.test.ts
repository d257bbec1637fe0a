import { describe, expect, it } from 'vitest';
import { HASH_BITS } from '../detection/model-io';
import { retrainingOptionsProblem } from './retraining-options';

describe('retrainingOptionsProblem', () => {
  it('accepts what the artifact loader accepts, and nothing given', () => {
    expect(retrainingOptionsProblem({})).toBeUndefined();
    expect(retrainingOptionsProblem({ seed: 7, epochs: 3, hashBits: HASH_BITS.min, minSamples: 20 })).toBeUndefined();
    expect(retrainingOptionsProblem({ hashBits: HASH_BITS.max })).toBeUndefined();
  });

  it('refuses a hash space no model could be loaded with, naming the field, the value and the range', () => {
    expect(retrainingOptionsProblem({ hashBits: 4 })).toBe('hashBits (4): must be 8..24: a model with fewer n-gram hash bits could not be loaded');
    expect(retrainingOptionsProblem({ hashBits: 0 })).toMatch(/^hashBits \(0\): must be 8\.\.24/);
    expect(retrainingOptionsProblem({ hashBits: 25 })).toMatch(/^hashBits \(25\): must be 8\.\.24: a model with more/);
    expect(retrainingOptionsProblem({ hashBits: 12.5 })).toMatch(/^hashBits \(12\.5\)/);
  });

  it('refuses other options out of range, each named', () => {
    expect(retrainingOptionsProblem({ epochs: 0, seed: -1 })).toMatch(/seed \(-1\).*; epochs \(0\)|epochs \(0\).*; seed \(-1\)/);
    expect(retrainingOptionsProblem({ minSamples: 0 })).toMatch(/^minSamples \(0\)/);
  });
});
