// `bulwark ingest` (the Kafka consumer) and `bulwark evidence import|publish`.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Partitioners } from 'kafkajs';
import type { Config } from '../../config/config';
import { guessFormat } from '../../domain/threat/evidence/adapters';
import { EvidenceSubmitter } from '../../repo/threat/evidence-intake';
import { log } from '../../runtime/log';
import { processRegistry } from '../../runtime/metrics';
import { serveMetrics } from '../../runtime/metrics-server';
import { startIngestConsumer } from '../../runtime/ingest/consumer';
import { EVENT_FORMATS, DeadLetter, type EventFormat, type EvidenceEvent } from '../../runtime/ingest/event';
import { ingestMetrics, registerConsumerLag } from '../../runtime/ingest/metrics';
import { ingestEvent } from '../../runtime/ingest/pipeline';
import { publishEvidenceFile } from '../../runtime/ingest/publish';
import { minioClient, s3Fetcher } from '../../runtime/ingest/s3-source';
import { ensureTopics, kafkaClient, pipelineDeps } from '../../runtime/ingest/service';
import { connectTemporalClient, openDatabase, openObjectStore } from '../../runtime/services';
import { connectCliTemporal, openCliDatabase } from '../open-database';
import { untilSignal, type Cleanup } from '../processes';

export const INGEST_USAGE = `  ingest                consume ${'`'}INGEST_TOPIC${'`'} (needs KAFKA_BROKERS, TEMPORAL_ADDRESS, S3_*) and start an analysis per evidence
  evidence import FILE [--format F]
                        convert a capture file (F: ${EVENT_FORMATS.join(', ')}; guessed when omitted), store it, start its analyses
  evidence publish FILE [--format F] [--bucket B]
                        upload FILE to S3/MinIO and emit its event on INGEST_TOPIC (needs KAFKA_BROKERS, S3_*)
`;

function s3Settings(config: Config) {
  const { S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY } = config;
  if (!S3_ENDPOINT || !S3_ACCESS_KEY || !S3_SECRET_KEY) throw new Error('S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY are required (the S3/MinIO that holds the evidence files)');
  return { endpoint: S3_ENDPOINT, accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY, region: config.S3_REGION };
}

function required<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`${what} is required for this command`);
  return v;
}

/** The long-running consumer; stops cleanly on SIGINT/SIGTERM (the current batch stays uncommitted and is redelivered). */
export async function runIngest(config: Config): Promise<number> {
  const brokers = required(config.KAFKA_BROKERS, 'KAFKA_BROKERS');
  const address = required(config.TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS');
  const s3 = minioClient(s3Settings(config));
  const cleanups: Cleanup[] = [];
  try {
    const metricsServer = await serveMetrics({ registry: processRegistry(), host: config.HOST, port: config.INGEST_METRICS_PORT });
    cleanups.push(() => new Promise<void>((r) => (metricsServer.close(() => r()), metricsServer.closeAllConnections())));
    const db = await openDatabase(config);
    cleanups.push(() => db.close());
    const { connection, client } = await connectTemporalClient(address, config.TEMPORAL_NAMESPACE);
    cleanups.push(() => connection.close());
    const objects = await openObjectStore(config);
    const kafka = kafkaClient(brokers, config.KAFKA_CLIENT_ID);
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    await ensureTopics(admin, [{ topic: config.INGEST_TOPIC }, { topic: config.INGEST_DEAD_LETTER_TOPIC, numPartitions: 1 }]);
    registerConsumerLag(admin, config.INGEST_GROUP_ID, config.INGEST_TOPIC);
    const consumer = await startIngestConsumer({
      kafka,
      topic: config.INGEST_TOPIC,
      deadLetterTopic: config.INGEST_DEAD_LETTER_TOPIC,
      groupId: config.INGEST_GROUP_ID,
      batchSize: config.INGEST_BATCH_SIZE,
      maxInFlight: config.INGEST_MAX_IN_FLIGHT,
      partitionsConcurrency: config.INGEST_PARTITIONS_CONCURRENCY,
      deps: pipelineDeps({
        db: db.db,
        objects,
        temporal: client,
        fetchObject: s3Fetcher(s3),
        submittedBy: EvidenceSubmitter.ingest(config.INGEST_GROUP_ID),
        reviewTimeout: config.RULE_REVIEW_TIMEOUT,
      }),
      metrics: ingestMetrics(),
    });
    cleanups.push(() => consumer.stop());
    log('info', 'ingest consuming', { topic: config.INGEST_TOPIC, group: config.INGEST_GROUP_ID, deadLetter: config.INGEST_DEAD_LETTER_TOPIC, metrics: `http://${config.HOST}:${config.INGEST_METRICS_PORT}/metrics` });
  } catch (err) {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    throw err;
  }
  return untilSignal(cleanups);
}

function fileArgs(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, bucket: { type: 'string' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('name exactly one FILE');
  const bytes = readFileSync(file);
  const format = values.format ?? guessFormat(basename(file), bytes.subarray(0, 65536).toString('utf8'));
  if (!format) throw new UsageError(`cannot tell the format of ${file}; pass --format (${EVENT_FORMATS.join(', ')})`);
  if (!(EVENT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EVENT_FORMATS.join(', ')}`);
  return { file, bytes, format: format as EventFormat, values };
}

class UsageError extends Error {}

/** Who runs the command, for the evidence rows it stores (`cli:<user>`); USER when the OS cannot say. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** `evidence import|publish`: prints one JSON object (ids created or matched, entries skipped); exit 1 when nothing was ingested. */
export async function runEvidenceCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'import') return await importFile(config, fileArgs(rest));
    if (sub === 'publish') return await publishFile(config, fileArgs(rest));
    throw new UsageError('evidence import|publish FILE [--format F]');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bulwark: ${err.message}\n\nusage:\n${INGEST_USAGE}`);
    return 2;
  }
}

async function importFile(config: Config, a: ReturnType<typeof fileArgs>): Promise<number> {
  // While `npm start` runs, its data and dev server (cli/open-database.ts), as `dataset import` does.
  const db = await openCliDatabase(config);
  let temporal: Awaited<ReturnType<typeof connectCliTemporal>>;
  try {
    temporal = await connectCliTemporal(config);
  } catch (err) {
    await db.close();
    throw err;
  }
  const { connection, client } = temporal;
  try {
    const objects = await openObjectStore(config);
    const noFetch = async () => Promise.reject(new Error('import reads local files only'));
    const submittedBy = EvidenceSubmitter.cli(osUser());
    const deps = pipelineDeps({ db: db.db, objects, temporal: client, fetchObject: noFetch, submittedBy, reviewTimeout: config.RULE_REVIEW_TIMEOUT });
    const event: EvidenceEvent = { format: a.format, inline: a.bytes.toString('utf8') };
    const out = await ingestEvent(event, deps);
    process.stdout.write(`${JSON.stringify({ file: a.file, format: a.format, evidence: out.evidence, skipped: out.entryErrors })}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof DeadLetter)) throw err;
    process.stdout.write(`${JSON.stringify({ file: a.file, format: a.format, evidence: [], error: { reason: err.reason, message: err.message } })}\n`);
    return 1;
  } finally {
    await connection.close();
    await db.close();
  }
}

async function publishFile(config: Config, a: ReturnType<typeof fileArgs>): Promise<number> {
  const kafka = kafkaClient(required(config.KAFKA_BROKERS, 'KAFKA_BROKERS'), config.KAFKA_CLIENT_ID);
  const s3 = minioClient(s3Settings(config));
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const bucket = a.values.bucket ?? config.S3_BUCKET ?? 'bulwark-incoming';
    const event = await publishEvidenceFile({ s3, producer, topic: config.INGEST_TOPIC, bucket, bytes: a.bytes, format: a.format });
    process.stdout.write(`${JSON.stringify({ file: a.file, topic: config.INGEST_TOPIC, ...event })}\n`);
    return 0;
  } finally {
    await producer.disconnect();
  }
}
