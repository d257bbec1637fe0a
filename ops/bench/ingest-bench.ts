// `npm run bench:ingest`: Kafka → started threatAnalysis throughput, event → verdict latency,
// and adapter throughput. Real services, all on loopback: a KRaft broker, MinIO, a Temporal dev
// server and a throwaway Postgres.
//  1. Throughput, three runs: BENCH_EVENTS inline events with the store and the start as no-ops
//     (the consumer's own ceiling), the same for real, then BENCH_EVENTS object-referencing ones
//     (each a distinct evidence file in MinIO: fetch + SHA-256 check per event). All events are
//     produced first; the clock runs from the consumer's start until Temporal acknowledged every
//     analysis start. No worker runs the analyses: this measures intake. CPU milliseconds per
//     event of each process (the bench itself = consumer; java = broker; minio; postgres;
//     temporal) say which service bounds the rate on a shared machine.
//  2. Event → verdict latency with a worker running the analyses (ingest/latency.ts):
//     BENCH_E2E_EVENTS events at BENCH_E2E_RATE per second.
//  3. Adapter throughput (conversion and session grouping, one thread, no I/O).
// Prints Markdown tables for docs/ingest.md.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Client as MinioClient } from 'minio';
import { Registry } from 'prom-client';
import { createDb } from '../../db/client';
import { createS3ObjectStore } from '../../objects/s3-store';
import { startIngestConsumer } from '../../runtime/ingest/consumer';
import { startKafkaBroker } from '../../runtime/ingest/kafka-broker';
import { ingestMetrics } from '../../runtime/ingest/metrics';
import type { PipelineDeps } from '../../runtime/ingest/pipeline';
import { publishEvidenceFile } from '../../runtime/ingest/publish';
import { minioClient, s3Fetcher } from '../../runtime/ingest/s3-source';
import { ensureTopics, kafkaClient, pipelineDeps } from '../../runtime/ingest/service';
import { EvidenceSubmitter } from '../../repo/threat/evidence-intake';
import { startTemporalDevServer } from '../../runtime/dev-server';
import { runInstaller } from '../../runtime/installer';
import { startTestPostgres } from '../../runtime/postgres';
import { connectTemporalClient } from '../../runtime/services';
import { ensureTemporalCli } from '../../runtime/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../../temporal/ids';
import { attackEvidence } from '../../test/support/evidence';
import { startTestMinio } from '../../test/support/minio';
import { adapterThroughput } from './ingest/adapters';
import { measureVerdictLatency } from './ingest/latency';
import { cpuPer, sampleCpu } from './ingest/process-cpu';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
// Below what one worker analyses per second on a loaded 2-core machine, so latency is not queueing.
const E2E_EVENTS = Number(process.env.BENCH_E2E_EVENTS ?? 100);
const E2E_RATE = Number(process.env.BENCH_E2E_RATE ?? 2);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 128);
const PARTITIONS = 8;
// BENCH_ROWS=1,2: only those throughput rows (0 consumer only, 1 inline, 2 object); BENCH_E2E_EVENTS=0 skips the latency run.
const ROWS = process.env.BENCH_ROWS?.split(',').map(Number);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

async function freshTopic(kafka: Kafka, name: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic: name, numPartitions: PARTITIONS }, { topic: `${name}.dead-letter`, numPartitions: 1 }]);
  await admin.disconnect();
  return name;
}

async function produce(kind: 'inline' | 'object', o: { producer: Producer; s3: MinioClient; topic: string; tag: string }) {
  const ev = (i: number) => attackEvidence(`bench-${o.tag}-${kind}-${i}`);
  for (let i = 0; i < EVENTS; i += 500) {
    const ids = Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) => i + j);
    if (kind === 'inline') {
      await o.producer.send({ topic: o.topic, acks: -1, messages: ids.map((n) => ({ key: String(n), value: JSON.stringify({ format: 'bulwark', inline: ev(n) }) })) });
    } else {
      for (let k = 0; k < ids.length; k += 50) {
        await Promise.all(ids.slice(k, k + 50).map((n) => publishEvidenceFile({ s3: o.s3, producer: o.producer, topic: o.topic, bucket: 'sensor-drops', format: 'bulwark', bytes: new TextEncoder().encode(JSON.stringify(ev(n))) })));
      }
    }
  }
}

/** Consumes `topic` from the start until `EVENTS` analyses were acknowledged; seconds and CPU per event. */
async function drain(kafka: Kafka, topic: string, deps: PipelineDeps, tag: string) {
  const metrics = ingestMetrics(new Registry());
  const cpu0 = sampleCpu();
  const t0 = performance.now();
  const consumer = await startIngestConsumer({ kafka, topic, deadLetterTopic: `${topic}.dead-letter`, groupId: `bench-${tag}-${topic}`, batchSize: 200, maxInFlight: IN_FLIGHT, partitionsConcurrency: PARTITIONS, deps, metrics });
  try {
    for (;;) {
      const done = (await metrics.analyses.get()).values.reduce((n, v) => n + v.value, 0);
      if (done >= EVENTS) break;
      if (performance.now() - t0 > 900_000) throw new Error(`only ${done} of ${EVENTS} analyses started in 15 min`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, cpu: cpuPer(cpu0, sampleCpu(), EVENTS), loadAfter: load() };
  } finally {
    await consumer.stop();
  }
}

async function main() {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const minioBin = await runInstaller('install-minio.sh', { echo: true });
    if (!minioBin.ok) throw new Error(`no MinIO: ${minioBin.reason}`);
    const [broker, minio, pg, temporal] = await Promise.all([
      startKafkaBroker(),
      startTestMinio(minioBin.lines[minioBin.lines.length - 1]),
      startTestPostgres(),
      startTemporalDevServer({ cliPath: ensureTemporalCli(), uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES }),
    ]);
    stops.push(() => broker.stop(), () => minio.stop(), () => pg.stop(), () => temporal.stop());
    const db = await createDb({ databaseUrl: pg.url, maxConnections: 20 });
    stops.push(() => db.close());
    const { connection, client } = await connectTemporalClient(temporal.address, 'default');
    stops.push(() => connection.close());
    const s3 = minioClient(minio);
    const objects = await createS3ObjectStore({ ...minio, bucket: 'bulwark-evidence' });
    const kafka = kafkaClient([broker.brokers], 'bench');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    stops.push(() => producer.disconnect());
    const tag = randomBytes(3).toString('hex');
    const queue = `bench-ingest-${tag}`;
    const deps = pipelineDeps({ db: db.db, objects, temporal: client, fetchObject: s3Fetcher(s3), submittedBy: EvidenceSubmitter.ingest('ingest-bench'), queues: { threat: queue, sandbox: `${queue}-no-sandbox` } });

    // The consumer's own ceiling: the same inline events with the store and the start as no-ops
    // (Kafka, decoding, validation, conversion, commits only).
    const consumerOnly: PipelineDeps = { fetchObject: deps.fetchObject, store: async () => ({ created: true }), start: async () => undefined };
    const rows: string[] = [];
    const all = [['inline', 'inline, consumer only (store and start no-ops)', consumerOnly], ['inline', 'inline', deps], ['object', 'object-referencing', deps]] as const;
    for (const [kind, label, d] of all.filter((_, i) => ROWS === undefined || ROWS.includes(i))) {
      const topic = await freshTopic(kafka, `bench.${tag}.${rows.length}.${kind}`);
      await produce(kind, { producer, s3, topic, tag: `${tag}${rows.length}` });
      const loadBefore = load();
      const r = await drain(kafka, topic, d, tag);
      const cpu = Object.entries(r.cpu).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      rows.push(`| ${label} | ${EVENTS} | ${r.seconds.toFixed(1)} | **${Math.round(EVENTS / r.seconds)}** | ${cpu} | ${loadBefore} → ${r.loadAfter} |`);
    }

    // A queue of its own: the throughput runs left 2 × BENCH_EVENTS analyses on theirs, unrun.
    const e2eQueue = `${queue}-e2e`;
    const e2eDeps = pipelineDeps({ db: db.db, objects, temporal: client, fetchObject: s3Fetcher(s3), submittedBy: EvidenceSubmitter.ingest('ingest-bench'), queues: { threat: e2eQueue, sandbox: `${queue}-no-sandbox` } });
    const e2eTopic = await freshTopic(kafka, `bench.${tag}.e2e`);
    const e2eLoad = load();
    let latencies: number[] = [];
    if (E2E_EVENTS > 0) {
      const consumer = await startIngestConsumer({ kafka, topic: e2eTopic, deadLetterTopic: `${e2eTopic}.dead-letter`, groupId: `bench-${tag}-e2e`, batchSize: 200, maxInFlight: IN_FLIGHT, partitionsConcurrency: PARTITIONS, deps: e2eDeps, metrics: ingestMetrics(new Registry()) });
      ({ latencies } = await measureVerdictLatency({ temporalAddress: temporal.address, client, db: db.db, objects, producer, topic: e2eTopic, taskQueue: e2eQueue, count: E2E_EVENTS, perSecond: E2E_RATE, tag }));
      await consumer.stop();
    }

    console.log(`\nMachine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}; in flight ${IN_FLIGHT}, ${PARTITIONS} partitions, batch 200\n`);
    console.log('| events | count | seconds | events/s to acknowledged start | CPU ms per event by process | load average (1/5/15 min) before → after |');
    console.log('|---|---:|---:|---:|---|---|');
    for (const r of rows) console.log(r);
    console.log(`\n| event → verdict (${latencies.length} events at ${E2E_RATE}/s, worker running the analyses; load ${e2eLoad}) | ms |\n|---|---:|`);
    console.log(`| p50 | ${pct(latencies, 50)} |\n| p95 | ${pct(latencies, 95)} |\n| max | ${Math.max(...latencies)} |`);
    console.log('\n| adapter | fixture | entries | entries/s |\n|---|---|---:|---:|');
    for (const row of adapterThroughput()) console.log(row);
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
