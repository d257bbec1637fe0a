// Worker interceptors every Worker is created with (worker.ts, the test harnesses, the benches).
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next, WorkerInterceptors } from '@temporalio/worker';
import { databaseFailure, permanentFailure } from '../activities/failures';
import { EnvironmentNotFoundError } from '../repo/hardening/environments';

/**
 * Domain errors that are permanent by nature, as typed non-retryable failures. Why here: the SDK
 * names a thrown Error's failure type after its class (EnvironmentNotFoundError), not its `name`,
 * so the profiles' `EnvironmentNotFound` never matched and a cycle for an unregistered
 * environment (the CLI, a schedule) retried its snapshot for ever.
 */
function domainFailure(err: unknown) {
  if (err instanceof EnvironmentNotFoundError) return permanentFailure('EnvironmentNotFound', err.message);
  return undefined;
}

/**
 * Turns a database error that can never succeed on retry (databaseFailure: data exceptions,
 * constraint violations, invalid statements) into a non-retryable typed ApplicationFailure, for
 * every activity in one place: without it a NUL in a stored string retries for ever.
 */
export class DatabaseFailureInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      throw databaseFailure(err) ?? domainFailure(err) ?? err;
    }
  }
}

export const WORKER_INTERCEPTORS: WorkerInterceptors = {
  activity: [() => ({ inbound: new DatabaseFailureInterceptor() })],
};
