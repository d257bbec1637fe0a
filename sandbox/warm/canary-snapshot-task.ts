// Runs in the snapshot's own sandbox worker (canary-snapshot.ts): seed a fresh canary database, dump it.
import { seededDataDir } from '../oracles/sql-canary';

export default (): Promise<Uint8Array> => seededDataDir();
