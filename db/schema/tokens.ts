import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const TOKEN_ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * API bearer tokens (runtime/auth/token-store.ts). Only the SHA-256 of a token is stored: the
 * token itself is printed once at creation. `name` is the identity the token acts as
 * (requester, approver, reviewer); several tokens may share a name (rotation), and then they
 * are the same person for four-eyes checks.
 */
export const apiTokens = pgTable('api_tokens', {
  /** Public handle shown by `bulwark tokens list` and used by `revoke` (never the secret). */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').$type<TokenRole>().notNull(),
  /** Hex SHA-256 of the whole token string. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Null: never expires. */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
