// `bulwark ingest` against a real Kafka broker (KRaft), real MinIO, the real Temporal dev server
// and Postgres: every format is ingested; a duplicate event, a redelivery after a consumer crash
// between the analysis start and the offset commit never make a second analysis; each kind of
// bad event is dead-lettered with its reason and original bytes while the consumer keeps going.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logLevel, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect } from 'vitest';
import { EvidenceSubmitter } from '../../repo/threat/evidence-intake';
import { attackEvidence } from '../../test/support/evidence';
import { requires } from '../../test/support/requires';
import { startIngestConsumer } from './consumer';
import type { EventFormat } from './event';
import { analysisRuns, eventually, freshTopics, INGEST_TEST_GROUP, startIngestServices, type IngestServices } from './ingest.test-support';
import { registerConsumerLag } from './metrics';
import { publishEvidenceFile } from './publish';

const kafkaJars = requires('kafka');
const minio = requires('minio');
const both = kafkaJars.available ? minio : kafkaJars;
const FIXTURES = join(__dirname, '..', '..', 'domain', 'threat', 'evidence', 'adapters', 'fixtures');
const BUCKET = 'sensor-drops';

both.describe('Kafka evidence ingest (real broker, MinIO, Temporal, Postgres)', () => {
  let svc: IngestServices;
  beforeAll(async () => {
    svc = await startIngestServices(kafkaJars.path, minio.path);
  }, 180_000);
  afterAll(async () => svc?.stop(), 60_000);

  const consume = async (t: Awaited<ReturnType<typeof freshTopics>>, kafka = svc.kafka) =>
    startIngestConsumer({ kafka, ...t, batchSize: 10, maxInFlight: 8, partitionsConcurrency: 2, deps: svc.deps });
  const publish = (topic: string, format: EventFormat, bytes: Uint8Array) =>
    publishEvidenceFile({ s3: svc.s3, producer: svc.producer, topic, bucket: BUCKET, bytes, format });
  const committed = async (groupId: string, topic: string) => {
    const admin = svc.kafka.admin();
    await admin.connect();
    const [o] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    return o.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  };
  const evidenceIds = async () => (await svc.pg.execute('SELECT id FROM evidence ORDER BY id')).map((r) => String((r as { id: unknown }).id));

  both.it('ingests each format from MinIO: evidence stored, one analysis per evidence id, offsets committed', async () => {
    const t = await freshTopics(svc);
    const files: [EventFormat, string][] = [['har', 'browser.har'], ['modsec-audit', 'modsec-audit.jsonl'], ['aws-waf', 'aws-waf.jsonl'], ['combined', 'access-combined.log']];
    for (const [format, file] of files) await publish(t.topic, format, readFileSync(join(FIXTURES, file)));
    const native = attackEvidence('kafka-native-1');
    await publish(t.topic, 'bulwark', new TextEncoder().encode(JSON.stringify(native)));
    // Consumer lag on /metrics: what the group has not committed yet, read from the broker on scrape.
    const registry = new Registry();
    const admin = svc.kafka.admin();
    await admin.connect();
    registerConsumerLag(admin, t.groupId, t.topic, registry);
    const lag = async () => (await registry.getMetricsAsJSON())[0].values.reduce((n, v) => n + v.value, 0);
    // A new group's coordinator may not answer the first scrape: that scrape reads no lag.
    await eventually(async () => (await lag()) === 5, 30_000, 'a lag of 5 before consuming');
    const c = await consume(t);
    try {
      await eventually(async () => (await committed(t.groupId, t.topic)) === 5, 90_000, 'five committed events');
      expect(await lag()).toBe(0);
      expect(await registry.metrics()).toMatch(/bulwark_ingest_consumer_lag\{topic="evidence-[0-9a-f]+",partition="0"\} 0/);
      const ids = await evidenceIds();
      for (const prefix of ['har-', 'modsec-', 'awswaf-', 'combined-']) expect(ids.some((id) => id.startsWith(prefix))).toBe(true);
      expect(ids).toContain('kafka-native-1');
      // No token on this path: the consumer is the recorded submitter (four-eyes never matches it to a person).
      const submitters = await svc.pg.execute('SELECT DISTINCT submitted_by FROM evidence');
      expect(submitters.map((r) => (r as { submitted_by: unknown }).submitted_by)).toEqual([EvidenceSubmitter.ingest(INGEST_TEST_GROUP)]);
      for (const id of ids) expect(await analysisRuns(svc.temporal, id)).toBe(1);
      // Lines that could not be read were counted, the rest of each file ingested.
      expect((await t.metrics.entryErrors.get()).values.reduce((n, v) => n + v.value, 0)).toBe(1 + 2 + 1 + 3);
    } finally {
      await c.stop();
      await admin.disconnect();
    }
  }, 150_000);

  both.it('a duplicate event and a redelivery after a crash between start and commit start no second analysis', async () => {
    const t = await freshTopics(svc, 1);
    const bytes = new TextEncoder().encode(JSON.stringify(attackEvidence('kafka-crash-1')));
    await publish(t.topic, 'bulwark', bytes);
    // A consumer that dies right after Temporal acknowledged the start, before the commit.
    const crashing = new Kafka({ brokers: [svc.broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0, restartOnFailure: async () => false } });
    let crashed!: () => void;
    const crash = new Promise<void>((r) => (crashed = r));
    const c1 = await startIngestConsumer({
      kafka: crashing, ...t, batchSize: 10, maxInFlight: 8, partitionsConcurrency: 1,
      deps: { ...svc.deps, start: async (id) => (await svc.deps.start(id), crashed(), Promise.reject(new Error('consumer killed'))) },
    });
    c1.consumer.on(c1.consumer.events.CRASH, () => undefined);
    await crash;
    await eventually(async () => (await analysisRuns(svc.temporal, 'kafka-crash-1')) === 1, 30_000, 'the first run');
    await c1.stop();
    expect(await committed(t.groupId, t.topic)).toBe(0);
    const run1 = (await svc.temporal.workflow.getHandle('threat-analysis:kafka-crash-1').describe()).runId;

    await publish(t.topic, 'bulwark', bytes); // the same event again, upstream duplicate
    const c2 = await consume(t);
    try {
      await eventually(async () => (await committed(t.groupId, t.topic)) === 2, 90_000, 'both events committed');
      expect(await analysisRuns(svc.temporal, 'kafka-crash-1')).toBe(1);
      expect((await svc.temporal.workflow.getHandle('threat-analysis:kafka-crash-1').describe()).runId).toBe(run1);
      const started = (await t.metrics.analyses.get()).values;
      expect(started.find((v) => v.labels.created === 'false')?.value).toBe(2);
      expect(started.find((v) => v.labels.created === 'true')).toBeUndefined();
    } finally {
      await c2.stop();
    }
  }, 150_000);

  both.it('dead-letters each bad kind with its reason and the original message, and keeps going', async () => {
    const t = await freshTopics(svc, 1);
    const good = new TextEncoder().encode(JSON.stringify(attackEvidence('kafka-after-poison')));
    // One partition, one batch: good event, six bad ones, good event.
    await publish(t.topic, 'bulwark', new TextEncoder().encode(JSON.stringify(attackEvidence('kafka-before-poison'))));
    const corrupted = await publish(t.topic, 'combined', readFileSync(join(FIXTURES, 'access-combined.log')));
    // Corrupt the object after its event was emitted: the hash no longer matches.
    await svc.s3.putObject(BUCKET, corrupted.key, Buffer.from('tampered'));
    const raw = (value: string) => svc.producer.send({ topic: t.topic, messages: [{ key: 'bad', value }] });
    await raw('\u0000not json at all');
    await raw(JSON.stringify({ format: 'pcap', inline: 'x' }));
    await raw(JSON.stringify({ format: 'har', object: { bucket: BUCKET, key: 'incoming/nowhere.har', sha256: 'a'.repeat(64) } }));
    await raw(JSON.stringify({ format: 'bulwark', inline: { id: 'no requests', requests: [] } }));
    await raw(JSON.stringify({ format: 'combined', inline: 'garbage line\n' }));
    await publish(t.topic, 'bulwark', good);
    const c = await consume(t);
    try {
      await eventually(async () => (await committed(t.groupId, t.topic)) === 8, 90_000, 'all eight events committed');
      expect(await analysisRuns(svc.temporal, 'kafka-before-poison')).toBe(1);
      expect(await analysisRuns(svc.temporal, 'kafka-after-poison')).toBe(1);
      const dlq = await readTopic(t.deadLetterTopic, 6);
      // Events of one batch run concurrently: the dead letters come in completion order.
      expect(dlq.map((m) => m.reason).sort()).toEqual(['hash_mismatch', 'invalid_evidence', 'invalid_evidence', 'malformed_message', 'missing_object', 'unknown_format']);
      const byReason = (r: string) => dlq.filter((m) => m.reason === r);
      expect(byReason('malformed_message')[0].value).toBe('\u0000not json at all');
      expect(JSON.parse(byReason('hash_mismatch')[0].value).object.key).toBe(corrupted.key);
      expect(byReason('hash_mismatch')[0].detail).toContain(corrupted.sha256);
      expect(byReason('unknown_format')[0].detail).toContain('"pcap"');
      expect(byReason('missing_object')[0].detail).toContain('incoming/nowhere.har');
      expect(new Set(dlq.map((m) => m.offset)).size).toBe(6);
    } finally {
      await c.stop();
    }
  }, 150_000);

  both.it('a transient failure mid-batch commits the acknowledged prefix only; the redelivered rest starts each analysis once', async () => {
    const t = await freshTopics(svc, 1);
    const ids = [1, 2, 3, 4, 5].map((i) => `kafka-mid-${i}`);
    for (const id of ids) await publish(t.topic, 'bulwark', new TextEncoder().encode(JSON.stringify(attackEvidence(id))));
    // Temporal "unavailable" for the third event, once; a consumer that gives up on the first failure.
    const fragile = new Kafka({ brokers: [svc.broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0, restartOnFailure: async () => false } });
    let failed!: () => void;
    const failure = new Promise<void>((r) => (failed = r));
    const c1 = await startIngestConsumer({
      kafka: fragile, ...t, batchSize: 10, maxInFlight: 8, partitionsConcurrency: 1,
      deps: { ...svc.deps, start: async (id) => (id === ids[2] ? (failed(), Promise.reject(new Error('temporal unavailable'))) : svc.deps.start(id)) },
    });
    c1.consumer.on(c1.consumer.events.CRASH, () => undefined);
    await failure;
    // Events 1 and 2 were acknowledged before the failed third: their offsets, and only theirs, are committed.
    await eventually(async () => (await committed(t.groupId, t.topic)) === 2, 30_000, 'the prefix before the failure committed');
    await c1.stop();
    expect(await committed(t.groupId, t.topic)).toBe(2);
    const c2 = await consume(t);
    try {
      await eventually(async () => (await committed(t.groupId, t.topic)) === 5, 90_000, 'all five committed');
      for (const id of ids) expect(await analysisRuns(svc.temporal, id)).toBe(1);
    } finally {
      await c2.stop();
    }
  }, 150_000);

  async function readTopic(topic: string, n: number) {
    const consumer = svc.kafka.consumer({ groupId: `reader-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: { value: string; reason: string; detail: string; offset?: string }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message: m }) => {
          const h = (k: string) => m.headers?.[k]?.toString() ?? '';
          got.push({ value: m.value?.toString() ?? '', reason: h('x-dead-letter-reason'), detail: h('x-dead-letter-detail'), offset: h('x-original-offset') || undefined });
          if (got.length >= n) resolve();
        },
      });
    });
    await consumer.disconnect();
    return got;
  }
});
