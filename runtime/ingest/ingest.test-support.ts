// Real services for the ingest integration tests: a Kafka broker (KRaft), MinIO, the suite's
// Temporal dev server and a throwaway Postgres. Analyses are started on a task queue of the
// suite's own that no worker polls, so they stay as Temporal recorded them: one run per id is
// what the tests count.
import { randomBytes } from 'node:crypto';
import type { Client as TemporalClient } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Client as MinioClient } from 'minio';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { createS3ObjectStore } from '../../objects/s3-store';
import { EvidenceSubmitter } from '../../repo/threat/evidence-intake';
import { createTestPostgres, type TestPostgres } from '../../test/support/db';
import { startTestMinio, type TestMinio } from '../../test/support/minio';
import { connectTestEnv } from '../../test/support/temporal';
import { threatAnalysisId } from '../../temporal/workflows';
import { startKafkaBroker, type KafkaBroker } from './kafka-broker';
import { ingestMetrics } from './metrics';
import type { PipelineDeps } from './pipeline';
import { minioClient, s3Fetcher } from './s3-source';
import { ensureTopics, kafkaClient, pipelineDeps } from './service';

export interface IngestServices {
  broker: KafkaBroker;
  minio: TestMinio;
  s3: MinioClient;
  pg: TestPostgres;
  env: TestWorkflowEnvironment;
  temporal: TemporalClient;
  kafka: Kafka;
  producer: Producer;
  deps: PipelineDeps;
  queue: string;
  stop(): Promise<void>;
}

/** The consumer group the services' deps record as the evidence submitter (`ingest:<group>`). */
export const INGEST_TEST_GROUP = 'bulwark-ingest-test';

export async function startIngestServices(kafkaLibs: string, minioBinary: string): Promise<IngestServices> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const [broker, minio, pg, env] = await Promise.all([startKafkaBroker({ libsDir: kafkaLibs }), startTestMinio(minioBinary), createTestPostgres(), connectTestEnv()]);
    stops.push(() => broker.stop(), () => minio.stop(), () => pg.close(), () => env.teardown());
    const s3 = minioClient(minio);
    const objects = await createS3ObjectStore({ ...minio, bucket: 'bulwark-evidence' });
    const queue = `ingest-test-${randomBytes(4).toString('hex')}`;
    const deps = pipelineDeps({ db: pg.db, objects, temporal: env.client, fetchObject: s3Fetcher(s3), submittedBy: EvidenceSubmitter.ingest(INGEST_TEST_GROUP), queues: { threat: queue } });
    const kafka = kafkaClient([broker.brokers], 'bulwark-test');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    stops.push(() => producer.disconnect());
    return { broker, minio, s3, pg, env, temporal: env.client, kafka, producer, deps, queue, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A fresh topic pair and group for one test, so tests do not see each other's events. */
export async function freshTopics(svc: IngestServices, partitions = 2) {
  const tag = randomBytes(4).toString('hex');
  const names = { topic: `evidence-${tag}`, deadLetterTopic: `evidence-${tag}.dlq`, groupId: `ingest-${tag}` };
  const admin = svc.kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic: names.topic, numPartitions: partitions }, { topic: names.deadLetterTopic, numPartitions: 1 }]);
  // Every partition led before the first produce (a loaded broker may lag its own creation).
  await eventually(async () => {
    const meta = await admin.fetchTopicMetadata({ topics: [names.topic, names.deadLetterTopic] });
    return meta.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
  }, 30_000, 'partition leaders');
  await admin.disconnect();
  return { ...names, metrics: ingestMetrics(new Registry()) };
}

/** How many runs Temporal holds for evidence `id`'s analysis. */
export async function analysisRuns(temporal: TemporalClient, id: string): Promise<number> {
  let n = 0;
  for await (const _ of temporal.workflow.list({ query: `WorkflowId = '${threatAnalysisId(id)}'` })) n++;
  return n;
}

/** Polls `check` every 200 ms until it returns a value, or throws after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
