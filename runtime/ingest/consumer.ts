// `bulwark ingest`'s consumer: kafkajs in a consumer group. Each fetched partition batch runs
// through the pipeline with at most INGEST_MAX_IN_FLIGHT events at once across partitions, no
// barrier between events (partition-batch.ts); the offset committed (every INGEST_BATCH_SIZE
// finished events and at the end of a batch) is that of the highest event whose predecessors
// were all either acknowledged by Temporal or dead-lettered (the dead-letter write itself
// acknowledged by the broker). A transient failure commits that prefix and fails the batch, so
// Kafka redelivers the rest; the pipeline's idempotency makes events that had already gone
// through no-ops.
import { Partitioners, type Consumer, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { log } from '../log';
import { DeadLetter, parseEvidenceEvent } from './event';
import type { IngestMetrics } from './metrics';
import { runPartitionBatch, limiter } from './partition-batch';
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
      try {
        await runPartitionBatch({
          messages: batch.messages,
          handle: (m) => handle(o, producer, batch.partition, m),
          run,
          active: () => isRunning() && !isStale(),
          commitEvery: o.batchSize,
          commit: async (next) => {
            resolveOffset((BigInt(next) - 1n).toString());
            await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
            await heartbeat();
          },
        });
      } catch (err) {
        o.metrics.events.inc({ outcome: 'retried' });
        log('warn', 'ingest batch failed after committing what was acknowledged; the rest will be redelivered', { partition: batch.partition, error: String((err as Error)?.message ?? err) });
        throw err;
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
