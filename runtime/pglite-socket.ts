// Serves an in-process PGlite over the Postgres wire protocol on loopback, so `psql` (and
// `bulwark sql`) can query the embedded database while Bulwark runs.
//
// PGlite is one Postgres backend: every client shares one session. @electric-sql/pglite-socket
// queues the wire messages of all its connections and runs each under PGlite's query lock,
// but that lock alone lets a wire message land in the middle of the app's own
// `db.transaction(...)` (and an app query in the middle of a psql `BEGIN`). The shared handle
// below also takes PGlite's transaction lock, and keeps it while a wire client's explicit
// transaction is open: app queries then wait until that client commits, rolls back or
// disconnects (which rolls back). Hence the documented limitation: a psql session left idle
// inside BEGIN stalls Bulwark's database work.
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Only ever loopback: the embedded database has no authentication. */
export const PGLITE_SOCKET_HOST = '127.0.0.1';

export interface PgliteSocket {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** The psql command line that connects to it. */
  psql: string;
  stop(): Promise<void>;
}

/**
 * Listens on 127.0.0.1:`port` (0 = an ephemeral port) and serves `pglite` to up to
 * `maxConnections` clients at once (their messages are serialised). Rejects when the port is
 * taken (EADDRINUSE). `stop()` closes the listener and every connection; it never closes `pglite`.
 */
export async function servePgliteSocket(pglite: PGlite, port: number, maxConnections = 8): Promise<PgliteSocket> {
  const server = new PGLiteSocketServer({ db: transactionAware(pglite), host: PGLITE_SOCKET_HOST, port, maxConnections });
  await server.start();
  const bound = Number(server.getServerConn().split(':').pop());
  return {
    port: bound,
    psql: `psql -h ${PGLITE_SOCKET_HOST} -p ${bound} -U postgres`,
    stop: () => server.stop(),
  };
}

/** A simple-protocol Query message ('Q', length, text, NUL). */
function queryMessage(sqlText: string): Uint8Array {
  const body = Buffer.from(`${sqlText}\0`, 'utf8');
  const msg = Buffer.alloc(5 + body.length);
  msg.write('Q', 0);
  msg.writeInt32BE(4 + body.length, 1);
  body.copy(msg, 5);
  return msg;
}

/**
 * The members of PGlite the socket server uses, with wire messages run under the transaction
 * lock too (held across a client's open transaction; see the file comment).
 */
function transactionAware(pglite: PGlite): PGlite {
  let release: (() => void) | undefined;
  const acquire = () =>
    new Promise<void>((acquired) => {
      void pglite._runExclusiveTransaction(() => new Promise<void>((done) => {
        release = done;
        acquired();
      }));
    });
  const releaseUnlessInTransaction = () => {
    if (pglite.isInTransaction() || !release) return;
    const done = release;
    release = undefined;
    done();
  };
  const runExclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (!release) await acquire();
    try {
      return await pglite.runExclusive(fn);
    } finally {
      releaseUnlessInTransaction();
    }
  };
  const handle = {
    get waitReady() {
      return pglite.waitReady;
    },
    isInTransaction: () => pglite.isInTransaction(),
    execProtocolRawStream: pglite.execProtocolRawStream.bind(pglite),
    runExclusive,
    // The server's ROLLBACK for a client that disconnected inside a transaction: we hold the
    // transaction lock then, so PGlite's own exec() (which takes it) would deadlock.
    exec: (sqlText: string) => runExclusive(() => pglite.execProtocolRaw(queryMessage(sqlText))),
  };
  return handle as unknown as PGlite;
}
