import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { executions } from '../../db/schema';
import { applyAction, inverseAction, validateProposedAction, type Controls } from '../../domain/hardening';
import type { ProposedAction } from '../../domain/hardening/types';
import { requireEnvironmentContext, saveControls } from '../../repo/hardening/environments';
import { heldAssets } from '../../repo/containment/incidents';
import type { ExecutorMode } from '../../domain/hardening/cycle';
import { permanentFailure } from '../failures';

export interface ExecuteInput {
  workflowId: string;
  environment: string;
  action: ProposedAction;
  mode: ExecutorMode;
  /** `<workflowId>:<step>`: the unique index turns a retried apply into a read. */
  idempotencyKey: string;
}

export interface ExecutionOutcome {
  status: 'applied' | 'recommended';
  duplicate: boolean;
  controlsVersion: number;
}

export function createExecutorActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /**
     * `recommend` applies nothing (nor does any mode in a recommendOnly environment); `sandbox`
     * applies the change to the environment model. The
     * row lock plus the idempotency key make a retried or replayed call apply at most once.
     */
    async executeAction(input: ExecuteInput): Promise<ExecutionOutcome> {
      return db.transaction(async (tx) => {
        const ctx = await requireEnvironmentContext(tx, input.environment, { forUpdate: true });
        const [done] = await tx.select().from(executions).where(eq(executions.idempotencyKey, input.idempotencyKey));
        if (done) {
          return { status: done.status as ExecutionOutcome['status'], duplicate: true, controlsVersion: done.controlsVersionAfter ?? ctx.controlsVersion };
        }
        // A containment that started holding the target after the cycle chose it wins.
        const problem = validateProposedAction(ctx.spec, ctx.controls, input.action) ?? (await heldAssets(tx, input.environment)).get(input.action.target);
        if (problem) throw permanentFailure('InvalidAction', problem);
        // A recommend-only environment (spec.recommendOnly, UC10) never has anything applied, whatever the cycle asked.
        const mode: ExecutorMode = ctx.spec.recommendOnly ? 'recommend' : input.mode;
        const applied = mode === 'sandbox';
        const after = applied ? applyAction(ctx.spec, ctx.controls, input.action) : ctx.controls;
        const version = applied ? ctx.controlsVersion + 1 : ctx.controlsVersion;
        if (applied) await saveControls(tx, ctx.name, after, version);
        await tx.insert(executions).values({
          workflowId: input.workflowId,
          idempotencyKey: input.idempotencyKey,
          kind: 'apply',
          mode,
          status: applied ? 'applied' : 'recommended',
          actionId: input.action.actionId,
          target: input.action.target,
          params: input.action.params,
          controlsBefore: ctx.controls,
          controlsAfter: after,
          controlsVersionBefore: ctx.controlsVersion,
          controlsVersionAfter: version,
        });
        return { status: applied ? 'applied' : 'recommended', duplicate: false, controlsVersion: version };
      });
    },

    /** Applies the inverse of a recorded execution; nothing to undo when it never applied. */
    async compensateExecution(input: { workflowId: string; environment: string; executionKey: string }) {
      const key = `${input.executionKey}:compensate`;
      return db.transaction(async (tx) => {
        const ctx = await requireEnvironmentContext(tx, input.environment, { forUpdate: true });
        const [done] = await tx.select().from(executions).where(eq(executions.idempotencyKey, key));
        if (done) return { status: 'compensated' as const, duplicate: true };
        const [original] = await tx.select().from(executions).where(eq(executions.idempotencyKey, input.executionKey));
        if (!original || original.status !== 'applied') return { status: 'nothing_to_undo' as const, duplicate: false };
        const action = { actionId: original.actionId, target: original.target, params: original.params as Record<string, unknown> };
        const inverse = inverseAction(ctx.spec, original.controlsBefore as Controls, action);
        const after = applyAction(ctx.spec, ctx.controls, inverse);
        await saveControls(tx, ctx.name, after, ctx.controlsVersion + 1);
        await tx.insert(executions).values({
          workflowId: input.workflowId,
          idempotencyKey: key,
          kind: 'compensate',
          mode: original.mode,
          status: 'applied',
          actionId: inverse.actionId,
          target: inverse.target,
          params: inverse.params,
          controlsBefore: ctx.controls,
          controlsAfter: after,
          controlsVersionBefore: ctx.controlsVersion,
          controlsVersionAfter: ctx.controlsVersion + 1,
        });
        return { status: 'compensated' as const, duplicate: false, inverse };
      });
    },
  };
}

export type ExecutorActivities = ReturnType<typeof createExecutorActivities>;
