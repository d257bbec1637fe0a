// One-shot commands: start a cycle and print its result; store a telemetry sample.
import { parseArgs } from 'node:util';
import type { Config } from '../config/config';
import { canonicalIdentity, identityProblem } from '../domain/identity';
import { insertSampleTelemetry } from '../repo/hardening/environments';
import { connectCliTemporal, openCliDatabase } from './open-database';
import { hardeningCycleStart, WORKFLOW_TYPES } from '../temporal/workflows';
import type { HardeningCycleInput, HardeningCycleResult } from '../workflows/hardening/hardening-cycle.defs';

export async function runCycleCommand(config: Config, args: string[]): Promise<number> {
  const [sub, environment, ...rest] = args;
  if (sub !== 'run' || !environment) {
    process.stderr.write('usage: bulwark cycle run ENV [--action ID --target ASSET] [--requester WHO] [--mode recommend|sandbox]\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      action: { type: 'string' },
      target: { type: 'string' },
      requester: { type: 'string', default: process.env.USER ?? 'cli' },
      mode: { type: 'string', default: config.EXECUTOR_MODE },
    },
  });
  if (values.mode !== 'recommend' && values.mode !== 'sandbox') {
    process.stderr.write(`bulwark: --mode must be recommend or sandbox (got ${values.mode})\n`);
    return 2;
  }
  // The same identity rule as the API (domain/identity.ts): refused here, not in the database.
  const requesterProblem = identityProblem(values.requester!);
  if (requesterProblem) {
    process.stderr.write(`bulwark: --requester ${requesterProblem}\n`);
    return 2;
  }
  if (Boolean(values.action) !== Boolean(values.target)) {
    process.stderr.write('bulwark: --action and --target go together\n');
    return 2;
  }
  const { connection, client } = await connectCliTemporal(config);
  try {
    const stamp = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 17);
    const input: HardeningCycleInput = {
      environment,
      requester: canonicalIdentity(values.requester!),
      trigger: 'cli',
      mode: values.mode,
      approvalTimeout: config.APPROVAL_TIMEOUT,
      action: values.action ? { actionId: values.action, target: values.target!, params: {} } : undefined,
    };
    const result: HardeningCycleResult = await client.workflow.execute(
      WORKFLOW_TYPES.hardeningCycle,
      hardeningCycleStart(input, { label: `cli-${stamp}` }),
    );
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.outcome === 'failed' || result.outcome === 'execution_failed' ? 1 : 0;
  } finally {
    await connection.close();
  }
}

export async function runTelemetryCommand(config: Config, args: string[]): Promise<number> {
  const [sub, environment] = args;
  if (sub !== 'sample' || !environment) {
    process.stderr.write('usage: bulwark telemetry sample ENV\n');
    return 2;
  }
  const db = await openCliDatabase(config);
  try {
    const row = await insertSampleTelemetry(db.db, environment);
    if (!row) {
      process.stderr.write(`bulwark: unknown environment '${environment}'\n`);
      return 1;
    }
    process.stdout.write(JSON.stringify(row) + '\n');
    return 0;
  } finally {
    await db.close();
  }
}
