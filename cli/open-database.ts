// How CLI commands reach the data and Temporal: the configured ones, or, while `bulwark start`
// runs, the all-in-one's (its PGlite through the PGLITE_PORT socket, since the data-directory lock
// refuses a second opener; its Temporal dev server on TEMPORAL_PORT).
import type { Config } from '../config/config';
import { createDb } from '../db/client';
import { DataDirInUseError } from '../runtime/data-lock';
import { PGLITE_SOCKET_HOST } from '../runtime/pglite-socket';
import { connectTemporalClient, openDatabase } from '../runtime/services';

/**
 * The configured database, or the running all-in-one's over loopback. Throws DataDirInUseError
 * when the data is held and no PGLITE_PORT is set, or an Error naming the holder and the socket
 * address when that socket does not answer.
 */
export async function openCliDatabase(config: Config) {
  try {
    return await openDatabase(config);
  } catch (e) {
    if (!(e instanceof DataDirInUseError) || !config.PGLITE_PORT) throw e;
    const address = `${PGLITE_SOCKET_HOST}:${config.PGLITE_PORT}`;
    try {
      return await createDb({ databaseUrl: `postgres://postgres@${address}/postgres`, maxConnections: 1 });
    } catch (socketError) {
      // Say who holds the data first; the silent socket is usually a PGLITE_PORT that differs.
      const why = socketError instanceof Error ? socketError.message : String(socketError);
      throw new Error(`${e.message} Its PGLITE_PORT socket did not answer at ${address} (${why}): give this command the PGLITE_PORT it was started with.`);
    }
  }
}

/** TEMPORAL_ADDRESS, else the all-in-one's dev server (`127.0.0.1:TEMPORAL_PORT`). */
export function cliTemporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
}

/**
 * A Temporal client for a one-shot command. Throws an Error naming the address and both ways to
 * fix it (start the all-in-one, or set TEMPORAL_ADDRESS) when no server answers there.
 */
export async function connectCliTemporal(config: Config) {
  const address = cliTemporalAddress(config);
  try {
    return await connectTemporalClient(address, config.TEMPORAL_NAMESPACE);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`no Temporal server answers at ${address} (${why}); run \`npm start\` or set TEMPORAL_ADDRESS`);
  }
}
