// Workflow used by ops/time-skipping.test.ts: upserts a custom Keyword search attribute,
// then sleeps a day (which the time-skipping server skips).
import { defineSearchAttributeKey } from '@temporalio/common';
import { sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

const OUTCOME = defineSearchAttributeKey('BulwarkOutcome', 'KEYWORD');

export async function upsertAndSleep(): Promise<Record<string, unknown>> {
  upsertSearchAttributes([{ key: OUTCOME, value: 'done' }]);
  await sleep('1 day');
  return Object.fromEntries(workflowInfo().typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
}
