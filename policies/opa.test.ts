// Runs the Rego unit tests of every bundle (policies/<bundle>/*_test.rego) with the real
// OPA CLI, so `npx vitest run` covers the policy sources and not only the compiled wasm.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEKEEPER_SRC_DIR, opaOrSkip, POLICY_SRC_DIR, REPO_ROOT } from './test-support';

// One directory per run: data.json is rooted at the directory given, and the two bundles
// each have their own.
describe.each([POLICY_SRC_DIR, GATEKEEPER_SRC_DIR])('opa test %s', (srcDir) => {
  // First use may build OPA from source through ops/install-opa.sh (minutes on a cold cache).
  it(`passes every Rego test in ${path.basename(srcDir)}`, { timeout: 600_000 }, (ctx) => {
    const opa = opaOrSkip(ctx);
    const res = spawnSync(opa, ['test', srcDir, '-v'], { cwd: REPO_ROOT, encoding: 'utf8' });
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
