// Every file an npm script or the `bin` entry names exists: `npm run <x>` never dies on a
// missing file (issue 8: `setup` pointed at an ops/setup.sh that was never there).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };

/** Relative paths of scripts and sources a command line runs (foo/bar.ts, ops/x.sh, ./bin/y.mjs). */
function filesIn(command: string): string[] {
  return [...command.matchAll(/(?:^|\s)(\.?\/?[\w./-]+\.(?:ts|mjs|js|sh))(?=\s|$)/g)].map((m) => m[1]);
}

describe('package.json', () => {
  it.each(Object.entries(pkg.scripts))('script %s names only files that exist', (_name, command) => {
    for (const file of filesIn(command)) expect(existsSync(join(ROOT, file)), `${file} (in "${command}")`).toBe(true);
  });

  it('bin entries exist', () => {
    for (const file of Object.values(pkg.bin)) expect(existsSync(join(ROOT, file)), file).toBe(true);
  });

  it('finds the files in a command line (so the checks above can fail)', () => {
    expect(filesIn('bash ops/setup.sh && tsx cli/bulwark.ts start')).toEqual(['ops/setup.sh', 'cli/bulwark.ts']);
  });
});
