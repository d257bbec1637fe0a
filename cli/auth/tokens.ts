// `bulwark tokens create --role R [--name N] [--expires 30d]`, `tokens list`, `tokens revoke ID`.
// The token is printed once, alone on stdout (so `T=$(bulwark tokens create …)` works); its
// details go to stderr. Creation and revocation are appended to the hash-chained audit log.
import { parseArgs } from 'node:util';
import type { Config } from '../../config/config';
import type { Db } from '../../db/client';
import { isRole, parseExpiry, TOKEN_ROLES, TokenStore, type TokenInfo } from '../../runtime/auth/token-store';
import { openCliDatabase } from '../open-database';
import { createAuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { formatTable } from '../sql-table';

export const TOKENS_USAGE = `  tokens create --role viewer|operator|approver|admin [--name WHO] [--expires 30d]
                        print a new API token once (only its hash is stored); WHO is the identity it acts as
  tokens list           every token: id, name, role, created, expires, status
  tokens revoke ID      refuse the token from now on
`;

type Out = { write(s: string): unknown };

function status(t: TokenInfo, now: Date): string {
  if (t.revokedAt) return `revoked ${t.revokedAt.toISOString()}`;
  if (t.expiresAt && t.expiresAt <= now) return 'expired';
  return 'active';
}

/** The command against an open database; returns the exit code (0 ok, 1 refused, 2 usage). */
export async function tokensCommand(db: Db, args: string[], out: Out, err: Out): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } } });
  } catch (e) {
    err.write(`bulwark: ${(e as Error).message}\n`);
    return 2;
  }
  const store = new TokenStore(db);
  const audit = createAuditLog(new PgAuditSink(db));
  const { role, name, expires } = parsed.values;
  if (sub === 'create' && parsed.positionals.length === 0) {
    if (!isRole(role)) {
      err.write(`bulwark: --role must be one of ${TOKEN_ROLES.join(', ')}\n`);
      return 2;
    }
    let ttlMs: number | undefined;
    try {
      ttlMs = expires === undefined ? undefined : parseExpiry(expires);
      const { token, info } = await store.create({ role, name, ttlMs });
      await audit.record('auth', `auth:${info.tokenId}`, { event: 'token_created', tokenId: info.tokenId, name: info.name, role, expiresAt: info.expiresAt?.toISOString() ?? null });
      out.write(`${token}\n`);
      err.write(`token ${info.tokenId} for "${info.name}" (${role}), ${info.expiresAt ? `expires ${info.expiresAt.toISOString()}` : 'never expires'}; shown once, store it now\n`);
      return 0;
    } catch (e) {
      err.write(`bulwark: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (sub === 'list' && parsed.positionals.length === 0) {
    const now = new Date();
    const rows = (await store.list()).map((t) => [t.tokenId, t.name, t.role, t.createdAt.toISOString(), t.expiresAt?.toISOString() ?? 'never', status(t, now)]);
    const columns = ['id', 'name', 'role', 'created', 'expires', 'status'].map((name) => ({ name, type: 25 }));
    out.write(rows.length ? formatTable(columns, rows) : 'no tokens (create one: bulwark tokens create --role admin --name you)\n');
    return 0;
  }
  if (sub === 'revoke' && parsed.positionals.length === 1) {
    const [id] = parsed.positionals;
    if (!(await store.revoke(id))) {
      err.write(`bulwark: no live token ${id} (unknown or already revoked)\n`);
      return 1;
    }
    await audit.record('auth', `auth:${id}`, { event: 'token_revoked', tokenId: id });
    out.write(`revoked ${id}\n`);
    return 0;
  }
  err.write(`usage:\n${TOKENS_USAGE}`);
  return 2;
}

export async function runTokensCommand(config: Config, args: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const db = await openCliDatabase(config);
  try {
    return await tokensCommand(db.db, args, out, err);
  } finally {
    await db.close();
  }
}
