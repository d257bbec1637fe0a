// A short, bounded, per-process memory of token lookups, so the request hot path does not wait
// for the database (the lookup was ~27 ms under load on a shared PGlite session). Keyed by the
// token's SHA-256 (the same value the table stores), never by the secret itself.
//
// What may be stale, and for how long (docs/deploy.md, "Tokens"):
// - expiry is never stale: the cached row keeps `expiresAt` and every hit compares it to now;
// - revocation by this process (TokenStore.revoke) evicts at once; revocation by another process
//   (`bulwark tokens revoke`, another replica) is seen within `ttlMs` (≤ 5 s);
// - "unknown" is remembered for `negativeTtlMs` (1 s) in a separate, smaller LRU, so a flood of
//   made-up tokens neither reaches the database on each request nor evicts live tokens. It cannot
//   lock out a token created elsewhere: a token's 256-bit secret exists only from its creation on,
//   so nobody presents it before the row is written. (Were it ever presented earlier, it is
//   accepted at most `negativeTtlMs` after creation.)
import { LRUCache } from 'lru-cache';
import type { TokenRole } from '../../db/schema';

/** The row fields a verdict needs. */
export interface CachedToken {
  id: string;
  name: string;
  role: TokenRole;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface TokenCacheOptions {
  /** How long a found row (live, revoked or expired) is reused, ms; 0 = no cache. At most 5000. */
  ttlMs?: number;
  /** How long "no such token" is reused, ms. At most 1000 (never longer than ttlMs). */
  negativeTtlMs?: number;
  /** Most found rows kept (least recently used go first). */
  max?: number;
  /** Most "no such token" answers kept. */
  maxNegative?: number;
}

/** Upper bound on how long another process's revocation may go unseen (documented; config caps it). */
export const TOKEN_CACHE_MAX_TTL_MS = 5000;

type Entry = { row: CachedToken | null; until: number };

export class TokenCache {
  readonly ttlMs: number;
  readonly negativeTtlMs: number;
  private readonly found: LRUCache<string, Entry> | undefined;
  private readonly missing: LRUCache<string, Entry> | undefined;
  /** Bumped by every eviction, so a lookup that started before it cannot put back what it evicted. */
  private generation = 0;

  constructor(opts: TokenCacheOptions = {}) {
    this.ttlMs = Math.min(Math.max(0, opts.ttlMs ?? TOKEN_CACHE_MAX_TTL_MS), TOKEN_CACHE_MAX_TTL_MS);
    this.negativeTtlMs = Math.min(Math.max(0, opts.negativeTtlMs ?? 1000), 1000, this.ttlMs);
    this.found = this.ttlMs > 0 ? new LRUCache({ max: opts.max ?? 10_000 }) : undefined;
    this.missing = this.negativeTtlMs > 0 ? new LRUCache({ max: opts.maxNegative ?? 1000 }) : undefined;
  }

  /** The remembered row for a token hash (null = known not to exist), or undefined when it must be looked up. */
  get(hash: string, nowMs: number): CachedToken | null | undefined {
    const entry = this.found?.get(hash) ?? this.missing?.get(hash);
    return entry && entry.until > nowMs ? entry.row : undefined;
  }

  /** A ticket to pass to `set`: the lookup's result is kept only if nothing was evicted meanwhile. */
  ticket(): number {
    return this.generation;
  }

  set(hash: string, row: CachedToken | null, nowMs: number, ticket: number): void {
    if (ticket !== this.generation) return;
    if (row) {
      this.missing?.delete(hash);
      this.found?.set(hash, { row, until: nowMs + this.ttlMs });
    } else {
      this.missing?.set(hash, { row, until: nowMs + this.negativeTtlMs });
    }
  }

  /** Forgets every cached lookup of token `id` (after this process revoked it). */
  evictToken(id: string): void {
    this.generation++;
    if (!this.found) return;
    for (const [hash, entry] of this.found.entries()) if (entry.row?.id === id) this.found.delete(hash);
  }
}
