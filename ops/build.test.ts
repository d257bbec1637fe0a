// `npm run build` output is what `bulwark` runs: the compiled CLI must answer like the sources
// (same classification), be used only while fresh, and resolve data paths into the source tree.
import { execFileSync } from 'node:child_process';
import { readFileSync, utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const run = (env: Record<string, string> = {}) =>
  execFileSync(process.execPath, ['bin/bulwark.mjs', 'classify'], {
    cwd: root,
    input: '{"payload":"1\' OR \'1\'=\'1"}\n',
    env: { ...process.env, ...env },
  }).toString();

describe('dist build', () => {
  it('builds dist/bulwark.mjs whose classify matches the sources, and is ignored once a source is newer', async () => {
    const { buildDist, OUTFILE, INPUTS } = (await import(new URL('./build.mjs', import.meta.url).href)) as {
      buildDist: () => Promise<number>;
      OUTFILE: string;
      INPUTS: string;
    };
    expect(await buildDist()).toBeGreaterThan(50);
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8')) as string[];
    expect(inputs).toContain('cli/bulwark.ts');
    // Paths derived from import.meta.url point at the sources, not at dist/.
    const bundle = readFileSync(OUTFILE, 'utf8');
    expect(bundle).not.toMatch(/import\.meta\.dirname/);
    const compiled = run();
    expect(Object.keys(JSON.parse(compiled))).toEqual(['class', 'confidence', 'scores']);
    // A source newer than the build: bin falls back to tsx, same answer.
    const future = new Date(Date.now() + 60_000);
    utimesSync(new URL('../cli/detection.ts', import.meta.url), future, future);
    try {
      expect(run()).toBe(compiled);
    } finally {
      const now = new Date();
      utimesSync(new URL('../cli/detection.ts', import.meta.url), now, now);
    }
  }, 60_000);
});
