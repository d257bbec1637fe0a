// The S3 store against a real MinIO server on loopback. Test global setup obtains the binary
// (ops/install-minio.sh: $MINIO_PATH, PATH, .tools/bin/minio, else a one-time go install);
// without it the suite fails in CI and is skipped, with the reason, elsewhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../test/support/ports';
import { requires } from '../test/support/requires';
import { createS3ObjectStore } from './s3-store';
import { InvalidObjectKeyError, ObjectNotFoundError, sha256Hex, type ObjectStore } from './store';

const minio = requires('minio');
const CREDS = { accessKey: 'bulwark-test', secretKey: 'bulwark-test-secret' };

minio.describe('createS3ObjectStore on MinIO', () => {
  let proc: ChildProcess | undefined;
  let dataDir: string;
  let endpoint: string;
  let store: ObjectStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-minio-'));
    const port = await freePort();
    const consolePort = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    proc = spawn(minio.path, ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
      env: { ...process.env, MINIO_ROOT_USER: CREDS.accessKey, MINIO_ROOT_PASSWORD: CREDS.secretKey },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${endpoint}/minio/health/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('MinIO did not become ready within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    store = await createS3ObjectStore({ endpoint, ...CREDS, bucket: 'bulwark-evidence', region: 'us-east-1' });
  }, 40_000);

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('round-trips bytes with their SHA-256 and metadata', async () => {
    const data = new TextEncoder().encode('{"id":"e1","requests":[]}');
    const put = await store.put('evidence/e1/abc.json', data, { evidenceid: 'e1' });
    expect(put).toEqual({ key: 'evidence/e1/abc.json', sha256: sha256Hex(data), size: data.byteLength });
    expect(Buffer.from(await store.get('evidence/e1/abc.json')).equals(Buffer.from(data))).toBe(true);
    const head = await store.head('evidence/e1/abc.json');
    expect(head).toMatchObject({ key: 'evidence/e1/abc.json', sha256: put.sha256, size: data.byteLength });
    expect(head?.meta.evidenceid).toBe('e1');
    await store.delete('evidence/e1/abc.json');
    expect(await store.head('evidence/e1/abc.json')).toBeUndefined();
  });

  it('reports missing keys and refuses unsafe ones', async () => {
    await expect(store.get('missing/key')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.put('../escape', new Uint8Array([1]))).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it('opens an existing bucket (idempotent start-up)', async () => {
    const again = await createS3ObjectStore({ endpoint, ...CREDS, bucket: 'bulwark-evidence', region: 'us-east-1' });
    await again.put('k', new Uint8Array([1, 2, 3]));
    expect(Array.from(await store.get('k'))).toEqual([1, 2, 3]);
  });
});
