// Event → verdict latency: a worker runs the analyses (the real threat activities over the
// bench's Postgres and object store) while events arrive at a steady rate, so the figure is
// what one event waits, not a backlog draining. The verdict time is when Temporal recorded the
// `recordVerdict` activity as completed; the event time is just before the producer sent it.
// Analyses whose verdict is `simulate` go on to the rule stage, whose sandbox queue nobody polls
// here: they wait there, after the measured point, and cost nothing.
import { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { createActivities } from '../../../activities';
import type { Db } from '../../../db/client';
import type { ObjectStore } from '../../../objects/store';
import { loadPolicyBundle } from '../../../policies/loader';
import { threatAnalysisId } from '../../../temporal/workflows';
import { attackEvidence, benignEvidence } from '../../../test/support/evidence';
import { WORKER_INTERCEPTORS, workflowBundle } from '../../../worker/worker';

const ms = (t: temporal.api.history.v1.IHistoryEvent['eventTime']) => Number(t?.seconds ?? 0) * 1000 + Math.round((t?.nanos ?? 0) / 1e6);

/** When `recordVerdict` completed in the analysis of `evidenceId` (epoch ms), or undefined yet. */
async function verdictAt(client: Client, evidenceId: string): Promise<number | undefined> {
  const history = await client.workflow.getHandle(threatAnalysisId(evidenceId)).fetchHistory();
  const scheduled = new Map<string, string>();
  for (const e of history.events ?? []) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(e.eventId), s.activityType?.name ?? '');
    const c = e.activityTaskCompletedEventAttributes;
    if (c && scheduled.get(String(c.scheduledEventId)) === 'recordVerdict') return ms(e.eventTime);
  }
  return undefined;
}

export interface LatencyRun {
  /** Milliseconds from send to recorded verdict, one per event. */
  latencies: number[];
}

/**
 * Starts a worker on `taskQueue`, sends `count` inline events (benign and attack sessions
 * alternating) at `perSecond`, and waits for every verdict (15 min at most), after one warm-up event.
 */
export async function measureVerdictLatency(o: {
  temporalAddress: string;
  client: Client;
  db: Db;
  objects: ObjectStore;
  producer: Producer;
  topic: string;
  taskQueue: string;
  count: number;
  perSecond: number;
  tag: string;
}): Promise<LatencyRun> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: o.temporalAddress }),
    taskQueue: o.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db: o.db, policy: await loadPolicyBundle(), epsilon: 0.1, objects: o.objects }),
    interceptors: WORKER_INTERCEPTORS,
  });
  const sentAt = new Map<string, number>();
  const deadline = Date.now() + 900_000;
  const waitForVerdict = async (id: string): Promise<number> => {
    for (;;) {
      const at = await verdictAt(o.client, id).catch(() => undefined);
      if (at !== undefined) return at;
      if (Date.now() > deadline) throw new Error(`no verdict for ${id} within 15 min`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const latencies: number[] = [];
  const send = async (id: string, ev: ReturnType<typeof attackEvidence>) => {
    sentAt.set(id, Date.now());
    await o.producer.send({ topic: o.topic, messages: [{ key: id, value: JSON.stringify({ format: 'bulwark', inline: ev }) }] });
  };
  await worker.runUntil(async () => {
    // Warm-up, not measured: the consumer's group join, the worker's first tasks, the models' load.
    const warm = `e2e-${o.tag}-warm-up`;
    await send(warm, attackEvidence(warm));
    await waitForVerdict(warm);
    sentAt.clear();
    const t0 = performance.now();
    for (let i = 0; i < o.count; i++) {
      const wait = t0 + (i * 1000) / o.perSecond - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = `e2e-${o.tag}-${i}`;
      await send(id, i % 2 ? attackEvidence(id) : benignEvidence(id));
    }
    for (const [id, sent] of sentAt) latencies.push((await waitForVerdict(id)) - sent);
  });
  return { latencies };
}
