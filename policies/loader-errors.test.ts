// loadPolicyBundle must fail loudly, never fail open: a missing, tampered or wrong bundle
// is an error at load time, and a bundle that yields no decision is an error per call.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { PROFILES } from '../workflows/activity-profiles';
import { DEFAULT_BUNDLE_DIR, loadPolicyBundle, PolicyBundleError, PolicyInputError } from './loader';
import { opaOrSkip, policyInput } from './test-support';

const work = mkdtempSync(path.join(tmpdir(), 'bulwark-policy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyOfRealBundle(name: string): string {
  const dir = path.join(work, name);
  cpSync(DEFAULT_BUNDLE_DIR, dir, { recursive: true });
  return dir;
}

/** Compiles `rego` to a wasm bundle dir whose manifest is consistent, like build-policies.sh does. */
function bundleFrom(ctx: TestContext, name: string, rego: string): string {
  const src = path.join(work, `${name}-src`);
  const dir = path.join(work, name);
  mkdirSync(src, { recursive: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(src, 'policy.rego'), rego);
  const tarball = path.join(work, `${name}.tar.gz`);
  const opa = opaOrSkip(ctx);
  const build = spawnSync(opa, ['build', '-t', 'wasm', '-e', 'bulwark/hardening/decision', src, '-o', tarball], {
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '/policy.wasm', '/data.json'], { encoding: 'utf8' });
  expect(untar.status, untar.stderr).toBe(0);
  const sha = createHash('sha256')
    .update(readFileSync(path.join(dir, 'policy.wasm')))
    .update(readFileSync(path.join(dir, 'data.json')))
    .digest('hex');
  const manifest = { entrypoint: 'bulwark/hardening/decision', sha256: sha, built_from: '0'.repeat(64), opa_version: 'test' };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('loadPolicyBundle failures', () => {
  it('names the missing file and how to rebuild', async () => {
    await expect(loadPolicyBundle(path.join(work, 'nowhere'))).rejects.toThrow(/no readable policy\.wasm.*policies:build/);
  });

  it('refuses a bundle whose bytes do not match its manifest', async () => {
    const dir = copyOfRealBundle('tampered');
    const data = JSON.parse(readFileSync(path.join(dir, 'data.json'), 'utf8'));
    data.bulwark_config.hardening.containment_min_severity = 0;
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify(data));
    await expect(loadPolicyBundle(dir)).rejects.toThrow(/does not match its manifest/);
  });

  it('refuses an invalid manifest', async () => {
    const dir = copyOfRealBundle('bad-manifest');
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ entrypoint: 'x', sha256: 'abc' }));
    await expect(loadPolicyBundle(dir)).rejects.toBeInstanceOf(PolicyBundleError);
  });

  it('throws a clear error when the bundle returns nothing', { timeout: 600_000 }, async (ctx) => {
    const dir = bundleFrom(ctx, 'undefined-decision', 'package bulwark.hardening\n\ndecision := {"allow": true} if input.never\n');
    const engine = await loadPolicyBundle(dir);
    expect(() => engine.evaluate(policyInput())).toThrow(/returned no decision/);
  });

  it('throws when the decision has the wrong shape', { timeout: 600_000 }, async (ctx) => {
    const dir = bundleFrom(ctx, 'malformed-decision', 'package bulwark.hardening\n\ndecision := {"allow": "yes"}\n');
    const engine = await loadPolicyBundle(dir);
    expect(() => engine.evaluate(policyInput())).toThrow(/malformed decision/);
  });

  it('refuses a bundle without the manifest entrypoint', { timeout: 600_000 }, async (ctx) => {
    const dir = bundleFrom(ctx, 'other-entrypoint', 'package bulwark.hardening\n\ndecision := {"allow": true}\n');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, entrypoint: 'bulwark/other/decision' }));
    await expect(loadPolicyBundle(dir)).rejects.toThrow(/has no entrypoint bulwark\/other\/decision/);
  });

  it('refuses input it cannot judge as OPA would, as a failure no activity retries', async () => {
    const engine = await loadPolicyBundle();
    const err = (() => {
      try {
        engine.evaluate(policyInput({ target: { id: 'web\ud800' } }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PolicyInputError);
    expect((err as Error).message).toMatch(/^input\.target\.id contains a lone UTF-16 surrogate/);
    // Temporal reports a thrown Error with its name as the failure type.
    for (const profile of Object.values(PROFILES)) expect(profile.retry.nonRetryableErrorTypes).toContain((err as Error).name);
  });
});
