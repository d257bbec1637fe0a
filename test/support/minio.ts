// A throwaway MinIO server on loopback for one suite (the binary comes from requires('minio')).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, spawnOwned } from '../../runtime/process';

export interface TestMinio {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

export async function startTestMinio(binary: string): Promise<TestMinio> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-minio-'));
  const [port, consolePort] = await freePorts(2);
  const creds = { accessKey: 'bulwark-test', secretKey: 'bulwark-test-secret' };
  const child = spawnOwned(binary, ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
    env: { ...process.env, MINIO_ROOT_USER: creds.accessKey, MINIO_ROOT_PASSWORD: creds.secretKey },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop('SIGTERM', 10_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${endpoint}/minio/health/ready`)).ok) return { endpoint, ...creds, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.child.exitCode !== null) {
      await stop();
      throw new Error(`MinIO did not become ready within 60 s:\n${child.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
