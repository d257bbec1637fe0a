// The producer side (`bulwark evidence publish FILE`, tests, demos): upload the file as it is to
// S3/MinIO under a content-addressed key, then emit the event that references it. The event's
// Kafka key is the object's SHA-256, so duplicates of one file land in one partition.
import { createHash } from 'node:crypto';
import type { Client } from 'minio';
import type { Producer } from 'kafkajs';
import type { EventFormat } from './event';

export interface PublishedEvent {
  bucket: string;
  key: string;
  sha256: string;
  format: EventFormat;
}

const EXT: Record<EventFormat, string> = { bulwark: 'json', har: 'har', 'modsec-audit': 'jsonl', 'aws-waf': 'jsonl', combined: 'log' };

/** Uploads `bytes` (bucket created when missing) and produces the event; resolves once the broker acknowledged it. */
export async function publishEvidenceFile(opts: { s3: Client; producer: Producer; topic: string; bucket: string; bytes: Uint8Array; format: EventFormat }): Promise<PublishedEvent> {
  const sha256 = createHash('sha256').update(opts.bytes).digest('hex');
  const key = `incoming/${opts.format}/${sha256}.${EXT[opts.format]}`;
  if (!(await opts.s3.bucketExists(opts.bucket))) {
    await opts.s3.makeBucket(opts.bucket).catch(async (err) => {
      if (!(await opts.s3.bucketExists(opts.bucket))) throw err; // lost a creation race otherwise
    });
  }
  await opts.s3.putObject(opts.bucket, key, Buffer.from(opts.bytes), opts.bytes.byteLength, { 'x-amz-meta-sha256': sha256 });
  const event = { format: opts.format, object: { bucket: opts.bucket, key, sha256 } };
  await opts.producer.send({ topic: opts.topic, acks: -1, messages: [{ key: sha256, value: JSON.stringify(event) }] });
  return { bucket: opts.bucket, key, sha256, format: opts.format };
}
