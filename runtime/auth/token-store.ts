// Bearer tokens: created (printed once), verified on every request, listed and revoked. Only
// the SHA-256 of a token reaches the database, so a leaked table grants nothing. Tokens are
// 32 random bytes: a fast hash is enough (nothing to brute-force), and lookup is by the hash.
// A slow KDF (bcrypt, scrypt) protects low-entropy passwords; on a 256-bit random secret it only
// adds milliseconds per request, which is why GitHub- and Stripe-style tokens use one SHA-256 too.
// Lookups are remembered for a few seconds (token-cache.ts) so requests do not wait on the database.
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens, TOKEN_ROLES, type TokenRole } from '../../db/schema';
import { identityProblem, canonicalIdentity } from '../../domain/identity';
import { TokenCache, type CachedToken, type TokenCacheOptions } from './token-cache';

export { TOKEN_ROLES, type TokenRole } from '../../db/schema';

/** `viewer` < `operator` < `approver` < `admin`: a role may do everything the roles before it may. */
export function roleAtLeast(have: TokenRole, need: TokenRole): boolean {
  return TOKEN_ROLES.indexOf(have) >= TOKEN_ROLES.indexOf(need);
}

export function isRole(v: unknown): v is TokenRole {
  return typeof v === 'string' && (TOKEN_ROLES as readonly string[]).includes(v);
}

/** What a request authenticated as. `name` is the identity recorded for approvals and reviews. */
export interface Principal {
  tokenId: string;
  name: string;
  role: TokenRole;
}

export interface TokenInfo extends Principal {
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

const PREFIX = 'bwk_';
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30d`, `12h`, `90m`, `45s` → milliseconds; throws on anything else. */
export function parseExpiry(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new Error(`expiry "${text}" must be a positive duration like 30d, 12h or 90m`);
  return Number(m[1]) * UNITS[m[2]];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenStore {
  private readonly cache: TokenCache;

  /**
   * `cache`: how long lookups are remembered (token-cache.ts; default 5 s, `{ ttlMs: 0 }` = every
   * request reads the table). The cache's clock is `now`, so tests move it with the store's.
   */
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
    cache: TokenCacheOptions = {},
  ) {
    this.cache = new TokenCache(cache);
  }

  /**
   * Stores a new token and returns it with the secret (the only time the secret exists in
   * clear). `name` defaults to `token-<id>`; `ttlMs` unset = never expires.
   * Throws Error when the name is not an acceptable identity (domain/identity.ts).
   */
  async create(opts: { role: TokenRole; name?: string; ttlMs?: number }): Promise<{ token: string; info: TokenInfo }> {
    const id = randomBytes(6).toString('hex');
    const name = canonicalIdentity(opts.name ?? `token-${id}`);
    const problem = identityProblem(name);
    if (problem) throw new Error(`token name ${problem}`);
    const token = `${PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
    const createdAt = this.now();
    const expiresAt = opts.ttlMs ? new Date(createdAt.getTime() + opts.ttlMs) : null;
    await this.db.insert(apiTokens).values({ id, name, role: opts.role, tokenHash: hashToken(token), createdAt, expiresAt });
    return { token, info: { tokenId: id, name, role: opts.role, createdAt, expiresAt, revokedAt: null } };
  }

  /**
   * The principal of a presented token, or why it is refused. Never throws for a bad token.
   * Expiry is exact; a revocation made by another process is seen within the cache TTL (≤ 5 s).
   */
  async verify(token: string): Promise<VerifyResult> {
    if (!token.startsWith(PREFIX) || token.length > 200) return { ok: false, reason: 'unknown' };
    const hash = hashToken(token);
    const nowMs = this.now().getTime();
    let row = this.cache.get(hash, nowMs);
    if (row === undefined) {
      const ticket = this.cache.ticket();
      const [found] = await this.db
        .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt })
        .from(apiTokens)
        .where(eq(apiTokens.tokenHash, hash))
        .limit(1);
      row = found ?? null;
      this.cache.set(hash, row, nowMs, ticket);
    }
    return verdict(row, nowMs);
  }

  /** Every token, newest first (without secrets or hashes). */
  async list(): Promise<TokenInfo[]> {
    const rows = await this.db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
    return rows.map((r) => ({ tokenId: r.id, name: r.name, role: r.role, createdAt: r.createdAt, expiresAt: r.expiresAt, revokedAt: r.revokedAt }));
  }

  /** Revokes by id; true when a live token was revoked, false when unknown or already revoked. */
  async revoke(id: string): Promise<boolean> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
    if (!row || row.revokedAt) return false;
    await this.db.update(apiTokens).set({ revokedAt: this.now() }).where(eq(apiTokens.id, id));
    this.cache.evictToken(id);
    return true;
  }
}

function verdict(row: CachedToken | null, nowMs: number): VerifyResult {
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.expiresAt && row.expiresAt.getTime() <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, principal: { tokenId: row.id, name: row.name, role: row.role } };
}
