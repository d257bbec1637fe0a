// The global setup's report of missing components, and what counts as CI.
import { describe, expect, it } from 'vitest';
import { missingReport } from './provision';
import { isCi } from './support/ci';
import type { Components } from './support/components';

const ok = { available: true as const, path: '/x' };

describe('missingReport', () => {
  it('says nothing when every component is there', () => {
    expect(missingReport({ modsec: ok, opa: ok, minio: ok, kafka: ok, sharedData: ok, schemathesis: ok, psql: ok, chromium: ok }, false)).toBeUndefined();
  });

  it('names each missing component with its reason and fix, and what happens to its suites', () => {
    const c: Components = { modsec: ok, opa: ok, minio: { available: false, reason: 'no go', fix: 'install Go' }, kafka: ok, sharedData: ok, schemathesis: ok, psql: ok, chromium: ok };
    const local = missingReport(c, false)!;
    expect(local).toContain('MinIO server: no go');
    expect(local).toContain('fix: install Go');
    expect(local).toMatch(/SKIPPED/);
    expect(missingReport(c, true)).toMatch(/FAIL/);
  });
});

describe('isCi', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'woodpecker' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('%j → %s', (env, want) => {
    expect(isCi(env)).toBe(want);
  });
});
