// Vitest global setup: obtains or reuses every external component through the project's
// ops/ installers (test/provision.ts; a second run installs nothing), then starts ONE Temporal
// dev server (in-memory, headless, Bulwark's search attributes registered) and ONE throwaway
// Postgres for the whole run. Installs run in parallel, servers start as soon as their
// binaries are there. A cold first run builds MinIO and OPA from source (minutes, once);
// vitest puts no timeout on global setup.
//
// Tests reach the servers with inject('temporalAddress') / inject('postgresUrl') (see
// test/support/temporal.ts and test/support/db.ts) and the optional components (ModSecurity
// harness, OPA, MinIO, Kafka jars, shared data) with requires() (test/support/requires.ts).
//
// Overrides: TEST_DATABASE_URL (superuser URL of an existing Postgres; otherwise a throwaway
// cluster is started), TEST_TEMPORAL_ADDRESS (an existing Temporal frontend that already has
// the search attributes; otherwise a dev server is started), and each installer's own:
// TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH, OPA_PATH, MINIO_PATH, KAFKA_LIBS, MODSEC_HARNESS, PG_BINDIR.
import type { TestProject } from 'vitest/node';
import { startTemporalDevServer } from '../runtime/dev-server';
import { startTestPostgres } from '../runtime/postgres';
import { SEARCH_ATTRIBUTE_TYPES } from '../temporal/ids';
import { buildConsoleIfStale, missingReport, provisionComponents, provisionPostgresBinaries, provisionTemporal } from './provision';
import { isCi } from './support/ci';
import type { Components } from './support/components';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    postgresUrl: string;
    temporalTestServerPath: string;
    temporalCliPath: string;
    components: Components;
  }
}

type Service<T> = T & { stop(): Promise<void> };

export default async function setup(project: TestProject) {
  const started = Date.now();
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    await Promise.allSettled(stops.splice(0).map((s) => s()));
  };
  const track = <T>(p: Promise<Service<T>>) => p.then((s) => (stops.push(s.stop), s));

  const tools = provisionTemporal();
  const pgBinaries = process.env.TEST_DATABASE_URL ? Promise.resolve() : provisionPostgresBinaries();
  const components = provisionComponents(pgBinaries);
  const temporal = process.env.TEST_TEMPORAL_ADDRESS
    ? Promise.resolve({ address: process.env.TEST_TEMPORAL_ADDRESS, stop: async () => undefined })
    : track(tools.then(({ cliPath }) => startTemporalDevServer({ cliPath, uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES })));
  const pg = process.env.TEST_DATABASE_URL
    ? Promise.resolve({ url: process.env.TEST_DATABASE_URL, stop: async () => undefined })
    : track(pgBinaries.then(() => startTestPostgres()));

  // The console's build, once, before any suite starts `bulwark start` (which would otherwise
  // build it in each of the parallel e2e suites).
  const consoleBuild = buildConsoleIfStale();
  const results = await Promise.allSettled([tools, temporal, pg, components, consoleBuild]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) {
    await teardown();
    const reasons = [...new Set(failed.map((e) => String(e.reason?.message ?? e.reason)))];
    throw new Error(`test global setup failed:\n${reasons.join('\n')}`);
  }
  const [t, temporalServer, pgServer, found] = [await tools, await temporal, await pg, await components];
  const report = missingReport(found, isCi());
  if (report) console.warn(report);
  if (process.env.BULWARK_TEST_VERBOSE) {
    console.log(`[global-setup] components, temporal ${temporalServer.address} and postgres ready in ${Date.now() - started} ms`);
  }

  project.provide('temporalAddress', temporalServer.address);
  project.provide('postgresUrl', pgServer.url);
  project.provide('temporalCliPath', t.cliPath);
  project.provide('temporalTestServerPath', t.testServerPath);
  project.provide('components', found);
  return teardown;
}
