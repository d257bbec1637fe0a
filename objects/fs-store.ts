// Filesystem object store: one file per key under a root directory, with a JSON sidecar for
// the metadata. Writes go to a temp file in the same directory and are renamed into place, so
// a reader sees either the old object or the complete new one, never a torn write.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import {
  ObjectNotFoundError,
  sha256Hex,
  validateKey,
  type ObjectHead,
  type ObjectMeta,
  type ObjectStore,
  type StoredObject,
} from './store';

const META_SUFFIX = '.meta.json';

export function createFsObjectStore(root: string): ObjectStore {
  const base = resolve(root);

  const pathOf = (key: string): string => {
    validateKey(key);
    const p = resolve(base, key);
    // Belt and braces: validateKey already forbids '..', but the root check is what matters.
    if (!p.startsWith(base + sep)) throw new Error(`object key escapes the store root: ${key}`);
    return p;
  };

  async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    // Temp names start with a dot, which validateKey forbids, so they never collide with a key.
    const tmp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(tmp, data, { flush: true });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  }

  return {
    kind: 'fs',
    async put(key, bytes, meta = {}): Promise<StoredObject> {
      const path = pathOf(key);
      const stored = { key, sha256: sha256Hex(bytes), size: bytes.byteLength };
      // Metadata first: an object file is never visible without its sidecar.
      await writeAtomic(path + META_SUFFIX, JSON.stringify({ ...stored, meta }));
      await writeAtomic(path, bytes);
      return stored;
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError(key);
        throw err;
      }
    },
    async head(key): Promise<ObjectHead | undefined> {
      const path = pathOf(key);
      try {
        const st = await stat(path);
        const side = JSON.parse(await readFile(path + META_SUFFIX, 'utf8').catch(() => '{}')) as {
          sha256?: string;
          meta?: ObjectMeta;
        };
        // The sidecar's sha256 is what was written; callers verify bytes against it via get().
        return { key, size: st.size, sha256: side.sha256 ?? '', meta: side.meta ?? {} };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      await rm(path + META_SUFFIX, { force: true });
    },
  };
}
