// The token lookup cache on real Postgres and PGlite: two TokenStores on one database stand for
// two API replicas. Revocation is immediate on the revoking process and seen elsewhere within the
// TTL; expiry is exact while cached; "unknown" is remembered for at most the negative TTL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPglite, createTestPostgres, type TestDb } from '../../test/support/db';
import { TokenCache } from './token-cache';
import { hashToken, TokenStore } from './token-store';

describe.each([
  ['PGlite', createTestPglite],
  ['Postgres', createTestPostgres],
] as const)('token lookups cached on %s', (_kind, open) => {
  let db: TestDb;
  let now: Date;
  const at = (ms: number) => (now = new Date(Date.UTC(2026, 1, 1) + ms));
  const replica = (ttlMs?: number) => new TokenStore(db.db, () => now, ttlMs === undefined ? {} : { ttlMs });
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('revocation: at once on the revoking process, within the TTL (5 s) on another', async () => {
    at(0);
    const [a, b] = [replica(), replica()];
    const { token, info } = await a.create({ role: 'operator', name: 'dora' });
    expect((await a.verify(token)).ok).toBe(true);
    expect((await b.verify(token)).ok).toBe(true);
    at(1000);
    expect(await b.revoke(info.tokenId)).toBe(true);
    expect(await b.verify(token)).toEqual({ ok: false, reason: 'revoked' });
    at(4999); // a's lookup from t=0 is still reused: it has not read the table since
    expect((await a.verify(token)).ok).toBe(true);
    at(5000);
    expect(await a.verify(token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('expiry is exact while cached: the cached row expires on time even when the table is not read', async () => {
    at(10_000);
    const store = replica();
    const { token, info } = await store.create({ role: 'viewer', name: 'eve', ttlMs: 3000 });
    expect((await store.verify(token)).ok).toBe(true); // cached until t=15 s
    // Deleting the row shows later answers come from the cache (the table would now say "unknown").
    await db.execute(`delete from api_tokens where id = '${info.tokenId}'`);
    at(12_999);
    expect((await store.verify(token)).ok).toBe(true);
    at(13_000);
    expect(await store.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('"unknown" is remembered for at most 1 s, so a row written meanwhile is accepted 1 s later', async () => {
    at(20_000);
    const store = replica();
    const token = `bwk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    expect(await store.verify(token)).toEqual({ ok: false, reason: 'unknown' });
    const id = randomBytes(6).toString('hex');
    await db.execute(`insert into api_tokens (id, name, role, token_hash) values ('${id}', 'fred', 'viewer', '${hashToken(token)}')`);
    at(20_999);
    expect(await store.verify(token)).toEqual({ ok: false, reason: 'unknown' });
    at(21_000);
    expect(await store.verify(token)).toEqual({ ok: true, principal: { tokenId: id, name: 'fred', role: 'viewer' } });
  });

  it('TTL 0 reads the table on every request: another process revoking is seen at once', async () => {
    at(40_000);
    const [a, b] = [replica(0), replica()];
    const { token, info } = await b.create({ role: 'viewer', name: 'hal' });
    expect((await a.verify(token)).ok).toBe(true);
    await b.revoke(info.tokenId);
    expect(await a.verify(token)).toEqual({ ok: false, reason: 'revoked' });
  });
});

describe('TokenCache bounds', () => {
  const row = (id: string) => ({ id, name: id, role: 'viewer' as const, expiresAt: null, revokedAt: null });

  it('TTLs are capped at 5 s (found) and 1 s (unknown) whatever is asked', () => {
    const cache = new TokenCache({ ttlMs: 60_000, negativeTtlMs: 60_000 });
    expect([cache.ttlMs, cache.negativeTtlMs]).toEqual([5000, 1000]);
    cache.set('h1', row('t1'), 0, cache.ticket());
    cache.set('h2', null, 0, cache.ticket());
    expect([cache.get('h1', 4999), cache.get('h2', 999)]).toEqual([row('t1'), null]);
    expect([cache.get('h1', 5000), cache.get('h2', 1000)]).toEqual([undefined, undefined]);
  });

  it('a lookup that started before this process revoked the token does not put the live row back', () => {
    const cache = new TokenCache();
    const ticket = cache.ticket(); // verify() read the table here: the token was still live …
    cache.evictToken('t1'); // … revoke() committed and evicted meanwhile …
    cache.set('h1', row('t1'), 0, ticket); // … and the late answer arrives
    expect(cache.get('h1', 1)).toBeUndefined();
    cache.set('h1', row('t1'), 0, cache.ticket());
    expect(cache.get('h1', 1)).toEqual(row('t1'));
  });

  it('a flood of unknown tokens does not evict live ones (separate LRUs, each bounded)', () => {
    const cache = new TokenCache({ max: 2, maxNegative: 3 });
    cache.set('live', row('t1'), 0, cache.ticket());
    for (let i = 0; i < 100; i++) cache.set(`junk-${i}`, null, 0, cache.ticket());
    expect(cache.get('live', 1)).toEqual(row('t1'));
    expect(cache.get('junk-0', 1)).toBeUndefined();
    expect(cache.get('junk-99', 1)).toBeNull();
    cache.set('b', row('t2'), 0, cache.ticket());
    cache.set('c', row('t3'), 0, cache.ticket());
    expect(cache.get('live', 1)).toBeUndefined(); // least recently used of max 2
  });
});
