// A workflow that exists only to test the saga helper (workflows/saga.ts) inside the workflow
// sandbox, where CancellationScope works: it registers the scripted compensations in order,
// then fails (or waits to be cancelled) and returns what Saga.compensate() reported.
import { ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import { PROFILES } from '../../workflows/activity-profiles';
import { Saga, type CompensationReport, type UndoResult } from '../../workflows/saga';

/** How a scripted undo ends: its result, or `fail` (a non-retryable failure with that message). */
export type ScriptedUndo = { result: UndoResult } | { fail: string };

export interface SagaScript {
  steps: { step: string; undo: ScriptedUndo }[];
  /** Renames the step at this index after every step is registered. */
  rename?: { index: number; to: string };
  /** Wait to be cancelled instead of failing. */
  awaitCancel?: boolean;
}

export interface SagaTestActivities {
  undo(input: { step: string; undo: ScriptedUndo }): Promise<UndoResult>;
}

const steps = proxyActivities<SagaTestActivities>(PROFILES.compensate);

export async function sagaTestWorkflow(script: SagaScript): Promise<{ report: CompensationReport; again: CompensationReport; sizeBefore: number }> {
  const saga = new Saga();
  const registered = script.steps.map((s) => saga.add(s.step, () => steps.undo(s)));
  if (script.rename) registered[script.rename.index].step = script.rename.to;
  const sizeBefore = saga.size;
  try {
    if (script.awaitCancel) await condition(() => false);
    throw ApplicationFailure.nonRetryable('the forward step failed');
  } catch {
    // The fixture swallows the cancellation so the test can read the report from the result.
    const report = await saga.compensate();
    return { report, again: await saga.compensate(), sizeBefore };
  }
}
