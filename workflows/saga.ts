// The one saga helper of Bulwark's workflows, modelled on compensate() in temporalio/samples-
// typescript's saga sample: compensations are registered before their step, run newest first,
// and each is tried even when an earlier one failed. Unlike the sample, nothing is only logged:
// every compensation is reported (what it did, that there was nothing to do, or why it failed),
// so the workflow can record it and name the steps that need a human.
import { CancellationScope } from '@temporalio/workflow';
import type { CompensationRecord, CompensationStatus, FailedCompensation } from '../domain/saga';
import { failureText } from './failure-text';

export type { CompensationRecord, CompensationStatus, FailedCompensation };

/**
 * What an undo resolves with: a description of what it undid, or true (done); false or nothing
 * (nothing to undo); or the status spelled out, for "nothing to do" with a reason worth keeping.
 * A failure is a rejection (after the activity's own retries), not a value.
 */
export type UndoResult = string | boolean | undefined | { status: 'done' | 'nothing_to_do'; reason?: string };

export interface CompensationReport {
  /** Every compensation, in the order it ran (newest step first). */
  steps: CompensationRecord[];
  /** Steps whose compensation undid something, in the order they ran. */
  compensated: string[];
  /** Steps whose compensation failed, with the reason. */
  failed: FailedCompensation[];
}

/** A registered compensation. `step` may be renamed until it runs, e.g. once a store has chosen the id. */
export interface SagaStep {
  step: string;
}

interface Compensation extends SagaStep {
  undo: () => Promise<UndoResult>;
}

export class Saga {
  private readonly pending: Compensation[] = [];

  /**
   * Registers the undo of `step`; call it before the step runs, so a step that half-ran (or whose
   * answer a cancellation lost) is undone too. The undo must be safe when the step never ran.
   * Returns the registration, whose `step` the caller may rename later.
   */
  add(step: string, undo: () => Promise<UndoResult>): SagaStep {
    const c: Compensation = { step, undo };
    this.pending.unshift(c);
    return c;
  }

  /** How many compensations are registered and not yet run. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Runs every registered compensation once, newest first, in a non-cancellable scope (a
   * cancelled workflow must still undo what it did). Never throws: failures are reported.
   * Must run inside a workflow (CancellationScope).
   */
  async compensate(): Promise<CompensationReport> {
    const steps: CompensationRecord[] = [];
    const todo = this.pending.splice(0);
    await CancellationScope.nonCancellable(async () => {
      for (const c of todo) {
        try {
          steps.push({ step: c.step, ...outcome(await c.undo()) });
        } catch (err) {
          steps.push({ step: c.step, status: 'failed', reason: failureText(err) });
        }
      }
    });
    return {
      steps,
      compensated: steps.filter((s) => s.status === 'done').map((s) => s.step),
      failed: steps.flatMap((s) => (s.status === 'failed' ? [{ step: s.step, reason: s.reason ?? '' }] : [])),
    };
  }
}

function outcome(r: UndoResult): Omit<CompensationRecord, 'step'> {
  if (typeof r === 'string') return { status: 'done', ...(r ? { reason: r } : {}) };
  if (typeof r === 'object') return { status: r.status, ...(r.reason ? { reason: r.reason } : {}) };
  return { status: r ? 'done' : 'nothing_to_do' };
}
