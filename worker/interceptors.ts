// Worker interceptors every Worker is created with (worker.ts, the test harnesses, the benches).
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next, WorkerInterceptors } from '@temporalio/worker';
import { databaseFailure } from '../activities/failures';

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
      throw databaseFailure(err) ?? err;
    }
  }
}

export const WORKER_INTERCEPTORS: WorkerInterceptors = {
  activity: [() => ({ inbound: new DatabaseFailureInterceptor() })],
};
