// Builds the real dependencies of the API and the worker from the parsed config.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config';
import { createDb } from '../db/client';
import { loadPolicyBundle } from '../policies/loader';
import { lockDataDir } from './data-lock';
import { findEnvironment, upsertEnvironment, type DbOrTx } from '../repo/hardening/environments';

export const SAMPLE_ENVIRONMENTS_DIR = fileURLToPath(new URL('../environments/', import.meta.url));

/**
 * The configured database. The embedded PGlite under BULWARK_DATA_DIR is single-process: the
 * data directory is locked first (DataDirInUseError while `bulwark start` holds it).
 */
export async function openDatabase(config: Config) {
  if (config.DATABASE_URL) return createDb({ databaseUrl: config.DATABASE_URL });
  mkdirSync(config.BULWARK_DATA_DIR, { recursive: true });
  const unlock = lockDataDir(resolve(config.BULWARK_DATA_DIR));
  try {
    const db = await createDb({ pglitePath: join(config.BULWARK_DATA_DIR, 'pglite') });
    return { ...db, close: async () => {
      try {
        await db.close();
      } finally {
        unlock();
      }
    } };
  } catch (err) {
    unlock();
    throw err;
  }
}

/** Registers the bundled sample environments that are not there yet (never overwrites). */
export async function seedSampleEnvironments(db: DbOrTx, dir = SAMPLE_ENVIRONMENTS_DIR): Promise<string[]> {
  const added: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const name = /^name:\s*(\S+)/m.exec(text)?.[1];
    if (name && (await findEnvironment(db, name))) continue;
    const { spec, created } = await upsertEnvironment(db, text);
    if (created) added.push(spec.name);
  }
  return added;
}

export async function connectTemporalClient(address: string, namespace: string) {
  const connection = await Connection.connect({ address });
  return { connection, client: new Client({ connection, namespace }) };
}

export async function connectWorkerConnection(address: string) {
  return NativeConnection.connect({ address });
}

export { loadPolicyBundle };
/** The configured evidence store: BULWARK_DATA_DIR/objects, or S3 when OBJECT_STORE=s3. */
export { openObjectStore } from '../objects';
