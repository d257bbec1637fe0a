// Reading Temporal user metadata (summaries) back from a run's history, as the Web UI shows it.
import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';

/**
 * The summaries of a run's commands, in history order: `{ event, summary }` where `event` is the
 * history event type number (e.g. TimerStarted, ActivityTaskScheduled) and `summary` the text.
 */
export async function historySummaries(handle: WorkflowHandle): Promise<{ event: number; summary: string }[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const payload = e.userMetadata?.summary;
    if (!payload) return [];
    return [{ event: Number(e.eventType), summary: defaultPayloadConverter.fromPayload<string>(payload as never) }];
  });
}
