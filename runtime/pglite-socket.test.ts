// The embedded database over the wire, shared with the app's own use of the same PGlite.
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servePgliteSocket, type PgliteSocket } from './pglite-socket';

let pglite: PGlite;
let socket: PgliteSocket;
const clients: postgres.Sql[] = [];
const connect = () => {
  const sql = postgres(`postgres://postgres@127.0.0.1:${socket.port}/postgres`, { max: 1, onnotice: () => {} });
  clients.push(sql);
  return sql;
};
const settled = async (p: Promise<unknown>, ms = 300) =>
  Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);

beforeEach(async () => {
  pglite = await PGlite.create('memory://');
  await pglite.exec('create table t (x int)');
  socket = await servePgliteSocket(pglite, 0);
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.end({ timeout: 1 });
  await socket.stop();
  await pglite.close();
});

describe('servePgliteSocket', () => {
  it('binds loopback only and answers wire clients beside the app', async () => {
    expect(socket.psql).toBe(`psql -h 127.0.0.1 -p ${socket.port} -U postgres`);
    await pglite.query('insert into t values (1)');
    const sql = connect();
    expect(await sql.unsafe('select count(*)::int as n from t')).toEqual([{ n: 1 }]);
    await sql.unsafe('insert into t values (2)');
    expect((await pglite.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n).toBe(2);
  });

  it("keeps a wire client's open transaction apart from the app: app queries wait for its COMMIT", async () => {
    const sql = connect();
    await sql.unsafe('begin');
    await sql.unsafe('insert into t values (10)');
    const app = pglite.query('insert into t values (20)');
    expect(await settled(app)).toBe(false); // blocked while the client sits in its transaction
    await sql.unsafe('rollback');
    await app;
    // The client's rollback undid only its own row.
    expect((await pglite.query<{ x: number }>('select x from t')).rows).toEqual([{ x: 20 }]);
  });

  it("never runs wire messages inside the app's transaction", async () => {
    const sql = connect();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const appTx = pglite.transaction(async (tx) => {
      await tx.query('insert into t values (1)');
      await held;
      await tx.query('insert into t values (2)');
    });
    await new Promise((r) => setTimeout(r, 50));
    const wire = sql.unsafe('select 1/0');
    expect(await settled(wire.catch(() => undefined))).toBe(false); // waits for the app's commit
    release();
    await appTx; // a wire error inside it would have aborted it
    await expect(wire).rejects.toThrow(/division by zero/);
    expect((await pglite.query('select x from t order by x')).rows).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('rolls back and frees the app when a client disconnects inside a transaction', async () => {
    const sql = connect();
    await sql.unsafe('begin');
    await sql.unsafe('insert into t values (5)');
    const app = pglite.query('select 1');
    await sql.end({ timeout: 1 });
    await app;
    expect((await pglite.query('select x from t')).rows).toEqual([]);
  });
});
