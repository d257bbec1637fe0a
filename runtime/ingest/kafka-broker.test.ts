// The broker ops/install-kafka.sh starts (KRaft, loopback) takes a record and gives it back to
// a consumer group, and stops cleanly. Test global setup resolved the jars (requires('kafka')).
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect } from 'vitest';
import { requires } from '../../test/support/requires';
import { startKafkaBroker, type KafkaBroker } from './kafka-broker';

const kafka = requires('kafka');

kafka.describe('startKafkaBroker (Apache Kafka in KRaft mode from Maven Central jars)', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startKafkaBroker({ libsDir: kafka.path });
  }, 150_000);
  afterAll(async () => broker?.stop(), 30_000);

  kafka.it('round-trips a record through a consumer group and commits its offset', async () => {
    const client = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'roundtrip', numPartitions: 2 }], waitForLeaders: true });
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic: 'roundtrip', messages: [{ key: 'k', value: 'hello' }] });
    const consumer = client.consumer({ groupId: 'roundtrip-test' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'roundtrip', fromBeginning: true });
    const got = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
    });
    expect(got).toBe('hello');
    await consumer.disconnect(); // commits the resolved offset
    const offsets = await admin.fetchOffsets({ groupId: 'roundtrip-test', topics: ['roundtrip'] });
    expect(offsets[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)).toBe(1);
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  }, 90_000);
});
