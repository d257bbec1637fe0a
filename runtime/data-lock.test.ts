import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-lock';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('refuses a data directory a live process holds, naming it', () => {
    const d = dir();
    // pid 1 is always alive: stands in for a running `bulwark start`.
    writeFileSync(join(d, 'bulwark.lock'), JSON.stringify({ pid: 1, holder: 'bulwark start' }));
    expect(() => lockDataDir(d)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(d)).toThrow(/in use by process 1 \(bulwark start\)/);
  });

  it('takes over a lock whose process is gone, and releases it', () => {
    const d = dir();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(join(d, 'bulwark.lock'), JSON.stringify({ pid: dead, holder: 'crashed' }));
    const release = lockDataDir(d);
    expect(existsSync(join(d, 'bulwark.lock'))).toBe(true);
    release();
    expect(existsSync(join(d, 'bulwark.lock'))).toBe(false);
  });

  it('is re-entrant within one process: the file goes with the last release', () => {
    const d = dir();
    const a = lockDataDir(d);
    const b = lockDataDir(d);
    a();
    a(); // a release function counts once
    expect(existsSync(join(d, 'bulwark.lock'))).toBe(true);
    b();
    expect(existsSync(join(d, 'bulwark.lock'))).toBe(false);
  });
});
