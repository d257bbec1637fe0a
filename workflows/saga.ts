// Compensations of a saga, modelled on compensate() in temporalio/samples-typescript's saga
// sample: registered before their step, run newest first, each one tried even when an earlier
// one failed. Unlike the sample, a failure is not only logged: it is returned with its reason,
// so the workflow can record it and name the steps that need a human.
import { CancellationScope } from '@temporalio/workflow';
import { failureText } from './failure-text';

import type { CompensationFailure } from '../domain/hardening/cycle';

export type { CompensationFailure };

export interface CompensationReport {
  /** Steps whose compensation undid something, in the order they ran. */
  compensated: string[];
  /** Steps whose compensation failed (after its activity's own retries). */
  failed: CompensationFailure[];
}

interface Compensation {
  step: string;
  /** Resolves true when it undid something, false when there was nothing to undo. */
  undo: () => Promise<boolean>;
}

export class Saga {
  private readonly pending: Compensation[] = [];

  /** Registers the undo of `step`; call it before the step runs, so a step that half-ran is undone too. */
  add(step: string, undo: () => Promise<boolean>): void {
    this.pending.unshift({ step, undo });
  }

  get size(): number {
    return this.pending.length;
  }

  /**
   * Runs every registered compensation once, newest first, in a non-cancellable scope (a
   * cancelled workflow must still undo what it did). Never throws: failures are reported.
   */
  async compensate(): Promise<CompensationReport> {
    const report: CompensationReport = { compensated: [], failed: [] };
    const todo = this.pending.splice(0);
    await CancellationScope.nonCancellable(async () => {
      for (const c of todo) {
        try {
          if (await c.undo()) report.compensated.push(c.step);
        } catch (err) {
          report.failed.push({ step: c.step, reason: failureText(err) });
        }
      }
    });
    return report;
  }
}
