// runInstaller on the real ops/ scripts, through their explicit-override branch (no install).
import { describe, expect, it } from 'vitest';
import { runInstaller } from './installer';

describe('runInstaller', () => {
  it('returns the lines the script printed, the path last', async () => {
    expect(await runInstaller('install-minio.sh', { env: { MINIO_PATH: '/bin/true' } })).toEqual({ ok: true, lines: ['/bin/true'] });
  });

  it("reports a failure with the script's own explanation", async () => {
    const res = await runInstaller('install-minio.sh', { env: { MINIO_PATH: '/nonexistent/minio' } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toMatch(/^ops\/install-minio\.sh failed \(exit 1\): install-minio: MINIO_PATH=\/nonexistent\/minio is not executable$/);
  });

  it('reports a script that does not exist', async () => {
    const res = await runInstaller('install-nothing.sh');
    expect(res).toMatchObject({ ok: false });
    expect(!res.ok && res.reason).toMatch(/install-nothing\.sh failed \(exit 127\)/);
  });
});
