// On a real Temporal dev server: a hardening cycle whose requester carries a NUL (the API
// refuses it; the CLI or a schedule might not) fails its first database insert once, with a
// typed non-retryable DataException, instead of retrying for ever; one for an unregistered
// environment fails its first snapshot once (EnvironmentNotFound) and closes `failed`.
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { type CycleHarness } from '../test/support/cycle-harness';
import { withCycleHarness } from '../test/support/suites';

describe.each(['postgres', 'pglite'] as const)('DatabaseFailureInterceptor on a real worker (%s)', (database) => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  withCycleHarness(database, (ctx) => ({ env, h } = ctx));

  it('a NUL in the requester fails recordCycleStarted on its first attempt, non-retryably', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, { environment: 'sandbox', requester: 'ali\u0000ce' });
      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const activity = (err as WorkflowFailedError).cause;
      expect(activity).toBeInstanceOf(ActivityFailure);
      expect((activity as ActivityFailure).activityType).toBe('recordCycleStarted');
      const app = (activity as ActivityFailure).cause as ApplicationFailure;
      expect({ type: app.type, nonRetryable: app.nonRetryable }).toEqual({ type: 'DataException', nonRetryable: true });

      const { events } = await handle.fetchHistory();
      const started = (events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
      expect(started.map((e) => e.activityTaskStartedEventAttributes!.attempt)).toEqual([1]);
      expect((events ?? []).filter((e) => e.activityTaskFailedEventAttributes)).toHaveLength(1);
    });
  });

  it('an unregistered environment fails the cycle on its first attempt, non-retryably (EnvironmentNotFound), instead of retrying for ever', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, { environment: 'nosuchenv', requester: 'alice' });
      // The cycle closes with its outcome recorded, after one attempt.
      const result = (await handle.result()) as { outcome: string; error?: string };
      expect(result.outcome).toBe('failed');
      expect(result.error).toMatch(/environment "nosuchenv" is not registered/);
      const { events } = await handle.fetchHistory();
      const failed = (events ?? []).filter((e) => e.activityTaskFailedEventAttributes);
      expect(failed).toHaveLength(1);
      const info = failed[0].activityTaskFailedEventAttributes!.failure!.applicationFailureInfo!;
      expect({ type: info.type, nonRetryable: info.nonRetryable }).toEqual({ type: 'EnvironmentNotFound', nonRetryable: true });
    });
  });
});
