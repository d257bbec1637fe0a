// `npm run bench:ingest`: Kafka → started threatAnalysis throughput, and adapter throughput.
// Real services, all on loopback: a KRaft broker (ops/install-kafka.sh --start), MinIO, a
// Temporal dev server and a throwaway Postgres. BENCH_EVENTS object-referenced events (each a
// distinct Bulwark evidence file in MinIO) are produced first; the clock runs from the
// consumer's start until Temporal has acknowledged every analysis start (no worker runs them:
// this measures intake, not analysis). Prints a Markdown table for docs/ingest.md.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { Registry } from 'prom-client';
import { createDb } from '../../db/client';
import { convertCapture, type CaptureFormat } from '../../domain/threat/evidence/adapters';
import { createS3ObjectStore } from '../../objects/s3-store';
import { startIngestConsumer } from '../../runtime/ingest/consumer';
import { startKafkaBroker } from '../../runtime/ingest/kafka-broker';
import { ingestMetrics } from '../../runtime/ingest/metrics';
import { publishEvidenceFile } from '../../runtime/ingest/publish';
import { minioClient, s3Fetcher } from '../../runtime/ingest/s3-source';
import { ensureTopics, kafkaClient, pipelineDeps } from '../../runtime/ingest/service';
import { startTemporalDevServer } from '../../runtime/dev-server';
import { runInstaller } from '../../runtime/installer';
import { startTestPostgres } from '../../runtime/postgres';
import { connectTemporalClient } from '../../runtime/services';
import { ensureTemporalCli } from '../../runtime/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../../temporal/ids';
import { attackEvidence } from '../../test/support/evidence';
import { startTestMinio } from '../../test/support/minio';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const FIXTURES = join(import.meta.dirname, '..', '..', 'domain', 'threat', 'evidence', 'adapters', 'fixtures');

function adapterThroughput(): string[] {
  const files: [CaptureFormat, string][] = [['har', 'browser.har'], ['modsec-audit', 'modsec-audit.jsonl'], ['aws-waf', 'aws-waf.jsonl'], ['combined', 'access-combined.log']];
  return files.map(([format, file]) => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    // A big file of the fixture's entries (distinct clients so sessions stay small).
    const big = format === 'har'
      ? JSON.stringify({ log: { version: '1.2', entries: Array.from({ length: 400 }, () => JSON.parse(text).log.entries.slice(0, 3)).flat() } })
      : Array.from({ length: 400 }, (_, i) => text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)/g, (_m, a, b, c) => `${a}.${b}.${c}.${i % 250}`)).join('\n');
    convertCapture(format, big); // warm-up
    const t0 = performance.now();
    const c = convertCapture(format, big);
    const s = (performance.now() - t0) / 1000;
    const entries = c.accepted + c.errors.length;
    return `| ${format} | ${entries} | ${Math.round(entries / s)} |`;
  });
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
    const topic = 'events.evidence_created';
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, numPartitions: 8 }, { topic: `${topic}.dead-letter`, numPartitions: 1 }]);
    await admin.disconnect();

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const tag = randomBytes(3).toString('hex');
    for (let i = 0; i < EVENTS; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, EVENTS - i) }, (_, j) =>
        publishEvidenceFile({ s3, producer, topic, bucket: 'sensor-drops', format: 'bulwark', bytes: new TextEncoder().encode(JSON.stringify(attackEvidence(`bench-${tag}-${i + j}`))) })));
    }
    await producer.disconnect();

    const metrics = ingestMetrics(new Registry());
    const deps = pipelineDeps({ db: db.db, objects, temporal: client, fetchObject: s3Fetcher(s3), queues: { threat: `bench-ingest-${tag}` } });
    const t0 = performance.now();
    const consumer = await startIngestConsumer({ kafka, topic, deadLetterTopic: `${topic}.dead-letter`, groupId: `bench-${tag}`, batchSize: 200, maxInFlight: 64, partitionsConcurrency: 8, deps, metrics });
    stops.push(() => consumer.stop());
    for (;;) {
      const done = (await metrics.analyses.get()).values.reduce((n, v) => n + v.value, 0);
      if (done >= EVENTS) break;
      if (performance.now() - t0 > 600_000) throw new Error(`only ${done} of ${EVENTS} analyses started in 10 min`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    const hist = await metrics.duration.get();
    const count = hist.values.find((v) => v.metricName === 'bulwark_ingest_event_duration_seconds_count')?.value ?? 0;
    const sum = hist.values.find((v) => v.metricName === 'bulwark_ingest_event_duration_seconds_sum')?.value ?? 0;
    console.log(`\nMachine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    console.log('| events | seconds | events/s to acknowledged analysis start | mean event → start |');
    console.log('|---|---|---|---|');
    console.log(`| ${EVENTS} | ${seconds.toFixed(1)} | ${Math.round(EVENTS / seconds)} | ${((sum / Math.max(1, count)) * 1000).toFixed(0)} ms |`);
    console.log('\n| adapter | entries | entries/s |\n|---|---|---|');
    for (const row of adapterThroughput()) console.log(row);
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
