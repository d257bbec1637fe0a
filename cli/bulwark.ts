// The `bulwark` command: start (all-in-one), api, worker, and one-shot cycle commands.
import { ConfigError, parseConfig } from '../config/config';
import { setLogLevel } from '../runtime/log';
import { runApi, runStart, runWorker } from './processes';
import { DETECTION_USAGE, runClassifyCommand, runEvalCommand, runTrainCommand } from './detection';
import { runCycleCommand, runTelemetryCommand } from './one-shot';
import { SQL_USAGE, runSqlCommand } from './sql';

const USAGE = `usage: bulwark <command>

  start                 Temporal dev server + worker + API + embedded Postgres in one process
  api                   the HTTP API only (needs TEMPORAL_ADDRESS)
  worker                the Temporal worker only (needs TEMPORAL_ADDRESS)
  cycle run ENV [--action ID --target ASSET] [--requester WHO] [--mode recommend|sandbox]
                        start one hardening cycle and print its result (needs TEMPORAL_ADDRESS)
  telemetry sample ENV  store one sample telemetry record
${SQL_USAGE}${DETECTION_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
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
      return runStart(config);
    case 'api':
      return runApi(config);
    case 'worker':
      return runWorker(config);
    case 'cycle':
      return runCycleCommand(config, rest);
    case 'telemetry':
      return runTelemetryCommand(config, rest);
    case 'sql':
      return runSqlCommand(config, rest);
    default:
      process.stderr.write(`bulwark: unknown command '${command}'\n\n${USAGE}`);
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
