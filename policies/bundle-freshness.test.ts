// Fails CI when a policies/dist/<bundle> was not rebuilt after a Rego or data change: the
// runtime loads only the committed wasm, so a stale bundle would silently enforce old rules.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEKEEPER_BUNDLE_DIR, GATEKEEPER_ENTRYPOINT } from './gatekeeper-loader';
import { DEFAULT_BUNDLE_DIR, HARDENING_ENTRYPOINT, ManifestSchema } from './loader';
import { GATEKEEPER_SRC_DIR, POLICY_SRC_DIR } from './test-support';

/** Same digest as ops/build-policies.sh: non-test .rego/.json, byte-sorted relative paths, concatenated. */
function sourcesDigest(dir: string): string {
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && /\.(rego|json)$/.test(e.name) && !e.name.endsWith('_test.rego'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(path.join(dir, f)));
  return hash.digest('hex');
}

const bundles = [
  { name: 'hardening', srcDir: POLICY_SRC_DIR, distDir: DEFAULT_BUNDLE_DIR, entrypoint: HARDENING_ENTRYPOINT },
  { name: 'gatekeeper', srcDir: GATEKEEPER_SRC_DIR, distDir: GATEKEEPER_BUNDLE_DIR, entrypoint: GATEKEEPER_ENTRYPOINT },
];

describe.each(bundles)('compiled policy bundle $name', ({ name, srcDir, distDir, entrypoint }) => {
  const STALE = `policies/dist/${name} is stale: run \`npm run policies:build\` and commit policies/dist`;
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path.join(distDir, 'manifest.json'), 'utf8')));

  it('was built from the current Rego sources and data', () => {
    expect(sourcesDigest(srcDir), STALE).toBe(manifest.built_from);
  });

  it('has a manifest sha256 matching the committed wasm and data', () => {
    const sha = createHash('sha256')
      .update(readFileSync(path.join(distDir, 'policy.wasm')))
      .update(readFileSync(path.join(distDir, 'data.json')))
      .digest('hex');
    expect(sha, STALE).toBe(manifest.sha256);
  });

  it('ships the data.json of the sources', () => {
    const src = JSON.parse(readFileSync(path.join(srcDir, 'data.json'), 'utf8'));
    const dist = JSON.parse(readFileSync(path.join(distDir, 'data.json'), 'utf8'));
    expect(dist, STALE).toEqual(src);
    expect(manifest.entrypoint).toBe(entrypoint);
  });
});
