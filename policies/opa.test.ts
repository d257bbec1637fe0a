// Runs the Rego unit tests (policies/hardening/*_test.rego) with the real OPA CLI, so
// `npx vitest run` covers the policy sources and not only the compiled bundle.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findOpa, POLICY_SRC_DIR, REPO_ROOT } from './test-support';

describe('opa test policies/hardening', () => {
  // First use may build OPA from source through ops/install-opa.sh (minutes on a cold cache).
  it('passes every Rego test', { timeout: 600_000 }, () => {
    const opa = findOpa();
    const res = spawnSync(opa, ['test', POLICY_SRC_DIR, '-v'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const output = `${res.stdout}\n${res.stderr}`;
    expect(res.status, output).toBe(0);
    const pass = /^PASS: (\d+)\/(\d+)$/m.exec(res.stdout);
    expect(pass, output).not.toBeNull();
    const [passed, total] = [Number(pass![1]), Number(pass![2])];
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBe(total);
    expect(res.stdout).not.toMatch(/^FAIL: /m);
  });
});
