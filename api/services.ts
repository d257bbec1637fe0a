// What the API needs from the outside world; injected so tests can pass PGlite and a stub client.
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config';
import type { Db } from '../db/client';

export interface ApiServices {
  db: Db;
  temporal: Client;
  config: Pick<Config, 'MAX_BODY_BYTES' | 'CYCLE_RUN_WAIT_SECONDS' | 'EXECUTOR_MODE' | 'APPROVAL_TIMEOUT' | 'TEMPORAL_NAMESPACE'>;
  /** prom-client registry; created (with default process metrics) if absent. */
  metrics?: Registry;
}
