// /health reports whether generated WAF rules can be verified in this process (`bulwark start`):
// a missing libmodsecurity harness degrades the process and names the fix.
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { FakeTemporal, openTestDb, TEST_CONFIG } from './test-support';

async function health(ruleVerification?: Parameters<typeof createApp>[0]['ruleVerification']) {
  const db = await openTestDb();
  try {
    const app = createApp({ db: db.db, temporal: new FakeTemporal().client(), config: TEST_CONFIG, ...(ruleVerification ? { ruleVerification } : {}) });
    const res = await app.request('/health');
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } finally {
    await db.close();
  }
}

describe('/health rule verification', () => {
  it('is degraded, with the reason and the fix, when the worker cannot verify rules', async () => {
    const degraded = { status: 'degraded' as const, reason: 'no libmodsecurity harness', fix: 'bash ops/install-modsecurity.sh' };
    expect(await health(degraded)).toEqual({
      status: 200,
      body: { status: 'degraded', database: 'ok', temporal: 'ok', namespace: 'default', ruleVerification: degraded },
    });
  });

  it('is ok when the harness works, and absent where the process runs no worker', async () => {
    expect((await health({ status: 'ok' })).body).toMatchObject({ status: 'ok', ruleVerification: { status: 'ok' } });
    expect((await health()).body).not.toHaveProperty('ruleVerification');
  });
});
