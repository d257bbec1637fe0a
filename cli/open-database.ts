// How CLI commands reach the data: the configured database, or, while `bulwark start` holds the
// embedded one (its lock refuses a second opener), the same data through its PGLITE_PORT socket.
import type { Config } from '../config/config';
import { createDb } from '../db/client';
import { DataDirInUseError } from '../runtime/data-lock';
import { PGLITE_SOCKET_HOST } from '../runtime/pglite-socket';
import { openDatabase } from '../runtime/services';

/** The configured database, or the running all-in-one's over loopback. Throws DataDirInUseError when neither is reachable. */
export async function openCliDatabase(config: Config) {
  try {
    return await openDatabase(config);
  } catch (e) {
    if (!(e instanceof DataDirInUseError) || !config.PGLITE_PORT) throw e;
    return createDb({ databaseUrl: `postgres://postgres@${PGLITE_SOCKET_HOST}:${config.PGLITE_PORT}/postgres`, maxConnections: 1 });
  }
}
