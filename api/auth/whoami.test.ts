// GET /api/v1/auth/whoami with auth on (one token per role) and off (the loopback all-in-one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp } from '../test-support';
import { makeAuthApp } from './test-app';

let h: Awaited<ReturnType<typeof makeAuthApp>>;
beforeAll(async () => {
  h = await makeAuthApp();
});
afterAll(() => h.db.close());

describe('GET /api/v1/auth/whoami', () => {
  it('names the token and its role, for every role', async () => {
    const expected = { viewer: 'vera', operator: 'olga', approver: 'april', admin: 'adam' } as const;
    for (const [role, name] of Object.entries(expected)) {
      const res = await h.app.request('/api/v1/auth/whoami', { headers: h.bearer(h.role[role as keyof typeof expected]) });
      expect(res.status, role).toBe(200);
      expect(await res.json()).toMatchObject({ auth: true, name, role, tokenId: expect.any(String) });
    }
  });

  it('refuses a missing or revoked token with 401 unauthorized', async () => {
    expect((await h.app.request('/api/v1/auth/whoami')).status).toBe(401);
    const res = await h.app.request('/api/v1/auth/whoami', { headers: h.bearer(h.revoked) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('with auth off answers no one in particular, with every route open (admin)', async () => {
    const { app, db } = await makeApp();
    try {
      const res = await app.request('/api/v1/auth/whoami');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ auth: false, name: null, role: 'admin', tokenId: null });
    } finally {
      await db.close();
    }
  });
});
