// `bulwark ingest`'s consumer: kafkajs in a consumer group, batches of INGEST_BATCH_SIZE events
// run through the pipeline with at most INGEST_MAX_IN_FLIGHT at once, and the batch's offset is
// committed only after every event in it was either acknowledged by Temporal or dead-lettered
// (the dead-letter write itself acknowledged by the broker). A transient failure fails the
// batch before its commit, so Kafka redelivers it; the pipeline's idempotency makes the events
// that had already gone through no-ops.
import { Partitioners, type Consumer, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { log } from '../log';
import { DeadLetter, parseEvidenceEvent } from './event';
import type { IngestMetrics } from './metrics';
import { ingestEvent, type PipelineDeps } from './pipeline';

export interface IngestConsumerOptions {
  kafka: Kafka;
  topic: string;
  deadLetterTopic: string;
  groupId: string;
  batchSize: number;
  maxInFlight: number;
  partitionsConcurrency: number;
  deps: PipelineDeps;
  metrics: IngestMetrics;
  /** Read the topic from its beginning when the group has no committed offset (default true). */
  fromBeginning?: boolean;
}

export interface IngestConsumer {
  consumer: Consumer;
  /** Leaves the group (the current batch finishes or is abandoned uncommitted) and disconnects. */
  stop(): Promise<void>;
}

/** A counting semaphore: `run` waits for a free slot. */
function limiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** The dead-letter record: the original key and value, the reason and where it came from in headers. */
async function deadLetter(producer: Producer, o: IngestConsumerOptions, partition: number, m: KafkaMessage, err: DeadLetter) {
  await producer.send({
    topic: o.deadLetterTopic,
    acks: -1,
    messages: [
      {
        key: m.key,
        value: m.value,
        headers: {
          ...(m.headers ?? {}),
          'x-dead-letter-reason': err.reason,
          'x-dead-letter-detail': err.message.slice(0, 2000),
          'x-original-topic': o.topic,
          'x-original-partition': String(partition),
          'x-original-offset': m.offset,
          'x-original-timestamp': m.timestamp,
        },
      },
    ],
  });
}

async function handle(o: IngestConsumerOptions, producer: Producer, partition: number, m: KafkaMessage): Promise<void> {
  const t0 = process.hrtime.bigint();
  try {
    const event = parseEvidenceEvent(m.value);
    const out = await ingestEvent(event, o.deps);
    for (const e of out.evidence) o.metrics.analyses.inc({ created: String(e.created) });
    if (out.entryErrors.length) {
      o.metrics.entryErrors.inc({ format: event.format }, out.entryErrors.length);
      log('warn', 'capture entries skipped', { partition, offset: m.offset, errors: out.entryErrors.slice(0, 10) });
    }
    o.metrics.events.inc({ outcome: 'ingested' });
    o.metrics.duration.observe(Number(process.hrtime.bigint() - t0) / 1e9);
  } catch (err) {
    if (!(err instanceof DeadLetter)) throw err;
    await deadLetter(producer, o, partition, m, err);
    o.metrics.events.inc({ outcome: 'dead_lettered' });
    o.metrics.deadLetters.inc({ reason: err.reason });
    log('warn', 'event dead-lettered', { partition, offset: m.offset, reason: err.reason, detail: err.message });
  }
}

/** Connects, joins the group and starts consuming; resolves once running. */
export async function startIngestConsumer(o: IngestConsumerOptions): Promise<IngestConsumer> {
  // A dead-letter write retried after a lost ack may be stored twice: harmless, each names its original offset.
  const producer = o.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const consumer = o.kafka.consumer({ groupId: o.groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: o.fromBeginning ?? true });
  const run = limiter(o.maxInFlight);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: o.partitionsConcurrency,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      for (let i = 0; i < batch.messages.length; i += o.batchSize) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(i, i + o.batchSize);
        const results = await Promise.allSettled(chunk.map((m) => run(() => handle(o, producer, batch.partition, m))));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) {
          o.metrics.events.inc({ outcome: 'retried' }, results.filter((r) => r.status === 'rejected').length);
          log('warn', 'ingest batch failed; it will be redelivered', { partition: batch.partition, error: String(failed.reason?.message ?? failed.reason) });
          throw failed.reason;
        }
        const last = chunk[chunk.length - 1].offset;
        resolveOffset(last);
        await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }] });
        await heartbeat();
      }
    },
  });
  return {
    consumer,
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
