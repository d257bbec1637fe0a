// The filesystem object store, for real, in a temp directory.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsObjectStore } from './fs-store';
import { InvalidObjectKeyError, ObjectNotFoundError, sha256Hex, type ObjectStore } from './store';

let root: string;
let store: ObjectStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bulwark-fs-store-'));
  store = createFsObjectStore(join(root, 'objects'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const bytes = (s: string) => new TextEncoder().encode(s);

describe('createFsObjectStore', () => {
  it('round-trips bytes, their SHA-256, size and metadata', async () => {
    const data = bytes('{"id":"e1"}');
    const put = await store.put('evidence/e1/abc.json', data, { evidenceId: 'e1' });
    expect(put).toEqual({ key: 'evidence/e1/abc.json', sha256: sha256Hex(data), size: data.byteLength });
    expect(Buffer.from(await store.get('evidence/e1/abc.json')).toString()).toBe('{"id":"e1"}');
    expect(await store.head('evidence/e1/abc.json')).toEqual({ ...put, meta: { evidenceId: 'e1' } });
    await store.delete('evidence/e1/abc.json');
    expect(await store.head('evidence/e1/abc.json')).toBeUndefined();
  });

  it('reports a missing key as ObjectNotFoundError / undefined', async () => {
    await expect(store.get('nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await store.head('nope')).toBeUndefined();
  });

  it.each(['../escape', 'a/../../escape', '/etc/passwd', 'a//b', 'a\\b', '.hidden', 'a/./b', '', 'a/b/', 'é'])(
    'rejects the key %j before touching the disk',
    async (key) => {
      await expect(store.put(key, bytes('x'))).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect(readdirSync(root)).toEqual([]);
    },
  );

  it('replaces an object atomically and leaves no temp files behind', async () => {
    await store.put('k', bytes('old'));
    const big = new Uint8Array(4 * 1024 * 1024).fill(7);
    // Readers racing with many writers only ever see one complete version.
    const reads: number[] = [];
    await Promise.all([
      ...Array.from({ length: 8 }, () => store.put('k', big)),
      ...Array.from({ length: 8 }, async () => reads.push((await store.get('k')).byteLength)),
    ]);
    for (const n of reads) expect([3, big.byteLength]).toContain(n);
    expect((await store.get('k')).byteLength).toBe(big.byteLength);
    expect(readdirSync(join(root, 'objects')).sort()).toEqual(['k', 'k.meta.json']);
  });

  it('cleans up its temp file when the final rename fails', async () => {
    await store.put('dir/k', bytes('v1'));
    // A non-empty directory where the object should go: the temp file is written, the rename fails.
    mkdirSync(join(root, 'objects', 'dir', 'k2', 'sub'), { recursive: true });
    await expect(store.put('dir/k2', bytes('v2'))).rejects.toThrow();
    expect(readdirSync(join(root, 'objects', 'dir')).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect(Buffer.from(await store.get('dir/k')).toString()).toBe('v1');
  });
});
