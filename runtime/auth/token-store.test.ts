// The token store on real Postgres and PGlite: only hashes stored, expiry, revocation, listing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPglite, createTestPostgres, type TestDb } from '../../test/support/db';
import { hashToken, parseExpiry, roleAtLeast, TokenStore } from './token-store';

describe.each([
  ['PGlite', createTestPglite],
  ['Postgres', createTestPostgres],
] as const)('TokenStore on %s', (_kind, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('stores only the SHA-256 of the token; verify returns the principal', async () => {
    const store = new TokenStore(db.db);
    const { token, info } = await store.create({ role: 'approver', name: 'Bob' });
    expect(token).toMatch(/^bwk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const rows = await db.execute(`select * from api_tokens where id = '${info.tokenId}'`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(18));
    expect(rows[0].token_hash).toBe(hashToken(token));
    expect(await store.verify(token)).toEqual({ ok: true, principal: { tokenId: info.tokenId, name: 'Bob', role: 'approver' } });
    expect(await store.verify(token + 'x')).toEqual({ ok: false, reason: 'unknown' });
    expect(await store.verify('Bearer nonsense')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a token expires at created + ttl; a revoked one is refused at once and revoking twice says so', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = new TokenStore(db.db, () => now);
    const { token, info } = await store.create({ role: 'viewer', ttlMs: parseExpiry('30d') });
    expect(info.name).toBe(`token-${info.tokenId}`);
    expect(info.expiresAt?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    now = new Date('2026-01-30T23:59:59Z');
    expect((await store.verify(token)).ok).toBe(true);
    now = new Date('2026-01-31T00:00:00Z');
    expect(await store.verify(token)).toEqual({ ok: false, reason: 'expired' });
    const other = await store.create({ role: 'admin', name: 'carol' });
    expect(await store.revoke(other.info.tokenId)).toBe(true);
    expect(await store.verify(other.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await store.revoke(other.info.tokenId)).toBe(false);
    expect(await store.revoke('nope')).toBe(false);
    const listed = await store.list();
    expect(listed.find((t) => t.tokenId === other.info.tokenId)?.revokedAt).toEqual(now);
    expect(JSON.stringify(listed)).not.toMatch(/bwk_|token_hash|tokenHash/);
  });

  it('a name outside the identity rules is refused', async () => {
    await expect(new TokenStore(db.db).create({ role: 'viewer', name: 'bob\u0000' })).rejects.toThrow(/control characters/);
  });
});

describe('roles and expiry syntax', () => {
  it('viewer < operator < approver < admin', () => {
    expect(roleAtLeast('admin', 'approver')).toBe(true);
    expect(roleAtLeast('approver', 'admin')).toBe(false);
    expect(roleAtLeast('operator', 'viewer')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
  });
  it.each([['30d', 30 * 86_400_000], ['12h', 12 * 3_600_000], ['90m', 5_400_000], ['45s', 45_000]])('%s → %d ms', (text, ms) => {
    expect(parseExpiry(text)).toBe(ms);
  });
  it.each(['0d', '30', 'd', '1w', '-1d'])('%s is refused', (text) => expect(() => parseExpiry(text)).toThrow(/positive duration/));
});
