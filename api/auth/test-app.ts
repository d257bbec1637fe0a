// An API with auth on for the auth tests: PGlite, the token store, the real hash-chained audit
// log in Postgres, and one token per role (plus an expired and a revoked one).
import type { Client } from '@temporalio/client';
import { TokenStore, type TokenRole } from '../../runtime/auth/token-store';
import { createAuditLog, type AuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { createApp, type ApiServices } from '../app';
import { TEST_CONFIG, openTestDb, throwingTemporal } from '../test-support';

export async function makeAuthApp(opts: { temporal?: Client; config?: Partial<ApiServices['config']> } = {}) {
  const db = await openTestDb();
  const tokens = new TokenStore(db.db);
  const audit: AuditLog = createAuditLog(new PgAuditSink(db.db));
  const app = createApp({ db: db.db, temporal: opts.temporal ?? throwingTemporal(), config: { ...TEST_CONFIG, ...opts.config }, auth: { tokens, audit } });
  const issue = async (role: TokenRole, name?: string) => (await tokens.create({ role, name })).token;
  const role = {
    viewer: await issue('viewer', 'vera'),
    operator: await issue('operator', 'olga'),
    approver: await issue('approver', 'april'),
    admin: await issue('admin', 'adam'),
  } satisfies Record<TokenRole, string>;
  // Issued two days ago for one day.
  const past = new TokenStore(db.db, () => new Date(Date.now() - 2 * 86_400_000));
  const expired = (await past.create({ role: 'admin', name: 'old', ttlMs: 86_400_000 })).token;
  const revokedToken = await tokens.create({ role: 'admin', name: 'gone' });
  await tokens.revoke(revokedToken.info.tokenId);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return { app, db, tokens, audit, role, expired, revoked: revokedToken.token, bearer };
}
