// `bulwark tokens` against real Postgres and PGlite: the token printed once and alone on stdout,
// then usable; list without secrets; revoke; creation and revocation in the audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../runtime/auth/token-store';
import { createAuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { createTestPglite, createTestPostgres, type TestDb } from '../../test/support/db';
import { tokensCommand } from './tokens';

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

describe.each([
  ['PGlite', createTestPglite],
  ['Postgres', createTestPostgres],
] as const)('bulwark tokens on %s', (_kind, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());
  const run = async (...args: string[]) => {
    const out = sink();
    const err = sink();
    const code = await tokensCommand(db.db, args, out, err);
    return { code, out: out.text(), err: err.text() };
  };

  it('create prints the token once, alone; it verifies with its role and name; list shows it without the secret', async () => {
    const created = await run('create', '--role', 'approver', '--name', 'bob', '--expires', '30d');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^bwk_[0-9a-f]{12}_\S+\n$/);
    expect(created.err).toMatch(/for "bob" \(approver\), expires 20\d\d-.*shown once/);
    const token = created.out.trim();
    const verdict = await new TokenStore(db.db).verify(token);
    expect(verdict).toMatchObject({ ok: true, principal: { name: 'bob', role: 'approver' } });
    const listed = await run('list');
    expect(listed.out).toMatch(/ bob +\| approver +\| .* \| active/);
    expect(listed.out).not.toContain(token.split('_')[2]);
  });

  it('revoke refuses the token from then on; a second revoke is exit 1', async () => {
    const token = (await run('create', '--role', 'viewer')).out.trim();
    const id = token.split('_')[1];
    expect(await run('revoke', id)).toMatchObject({ code: 0, out: `revoked ${id}\n` });
    expect(await new TokenStore(db.db).verify(token)).toEqual({ ok: false, reason: 'revoked' });
    expect((await run('revoke', id)).code).toBe(1);
    expect((await run('list')).out).toMatch(new RegExp(`${id} .*\\| revoked 20`));
  });

  it('usage errors are exit 2 and create nothing', async () => {
    const before = (await new TokenStore(db.db).list()).length;
    expect((await run('create', '--role', 'root')).code).toBe(2);
    expect((await run('create', '--role', 'admin', '--expires', 'forever')).err).toMatch(/positive duration/);
    expect((await run('create', '--role', 'admin', '--name', 'a\u0007b')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('revoke')).code).toBe(2);
    expect((await new TokenStore(db.db).list()).length).toBe(before);
  });

  it('creation and revocation are in the hash-chained audit log, which verifies', async () => {
    const audit = createAuditLog(new PgAuditSink(db.db));
    const events = (await audit.read(1000)).filter((e) => e.type === 'auth').map((e) => e.detail.event);
    expect(events).toEqual(['token_created', 'token_created', 'token_revoked']);
    expect(await audit.verify()).toEqual({ ok: true });
  });
});
