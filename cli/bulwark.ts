// The `bulwark` command: start (all-in-one), api, worker, and one-shot cycle commands.
import { ConfigError, parseConfig } from '../config/config';
import { setLogLevel } from '../runtime/log';
import { DETECTION_USAGE, runClassifyCommand, runEvalCommand, runTrainCommand } from './detection';

// processes/one-shot load the Temporal SDK (~1 s) and sql the database drivers; they are imported
// only by the commands that use them, so the offline detection commands start fast.
const usage = async () => `usage: bulwark <command>

  start                 Temporal dev server + worker + API + embedded Postgres in one process
  api                   the HTTP API only (needs TEMPORAL_ADDRESS)
  worker                the Temporal worker only (needs TEMPORAL_ADDRESS)
  cycle run ENV [--action ID --target ASSET] [--requester WHO] [--mode recommend|sandbox]
                        start one hardening cycle and print its result (needs TEMPORAL_ADDRESS)
  telemetry sample ENV  store one sample telemetry record
${(await import('./ingest/ingest')).INGEST_USAGE}${(await import('./auth/tokens')).TOKENS_USAGE}${(await import('./sql')).SQL_USAGE}${(await import('./retraining/dataset')).DATASET_USAGE}${DETECTION_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(await usage());
    return command ? 0 : 2;
  }
  // Detection commands are offline tools: they need no Temporal or database settings.
  if (command === 'train') return runTrainCommand(rest);
  if (command === 'classify') return runClassifyCommand(rest, process.stdin, process.stdout);
  if (command === 'eval') return runEvalCommand(rest);
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`bulwark: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  setLogLevel(config.LOG_LEVEL);
  switch (command) {
    case 'start':
      return (await import('./processes')).runStart(config);
    case 'api':
      return (await import('./processes')).runApi(config);
    case 'worker':
      return (await import('./processes')).runWorker(config);
    case 'cycle':
      return (await import('./one-shot')).runCycleCommand(config, rest);
    case 'telemetry':
      return (await import('./one-shot')).runTelemetryCommand(config, rest);
    case 'ingest':
      return (await import('./ingest/ingest')).runIngest(config);
    case 'evidence':
      return (await import('./ingest/ingest')).runEvidenceCommand(config, rest);
    case 'sql':
      return (await import('./sql')).runSqlCommand(config, rest);
    case 'tokens':
      return (await import('./auth/tokens')).runTokensCommand(config, rest);
    case 'dataset':
      return (await import('./retraining/dataset')).runDatasetCommand(config, rest);
    default:
      process.stderr.write(`bulwark: unknown command '${command}'\n\n${await usage()}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bulwark: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
