// Reads the objects events reference, from S3/MinIO through the minio client (the S3_*
// settings). A missing bucket or key is a DeadLetter (no retry can bring it back); any other
// failure (network, 5xx, credentials) is thrown as is, so the event is retried, not dropped.
import { Client, type S3Error } from 'minio';
import { DeadLetter } from './event';

export type FetchObject = (bucket: string, key: string) => Promise<Uint8Array>;

export interface S3SourceOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region?: string;
}

const MISSING = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'NoSuchObject']);

export function minioClient(opts: S3SourceOptions): Client {
  const url = new URL(opts.endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: opts.accessKey,
    secretKey: opts.secretKey,
    ...(opts.region ? { region: opts.region } : {}),
  });
}

/** A fetcher over `client`; objects larger than `maxBytes` (default 64 MiB) are refused as invalid evidence. */
export function s3Fetcher(client: Client, maxBytes = 64 * 1024 * 1024): FetchObject {
  return async (bucket, key) => {
    let stream;
    try {
      stream = await client.getObject(bucket, key);
    } catch (err) {
      if (MISSING.has((err as S3Error).code ?? '')) throw new DeadLetter('missing_object', `s3://${bucket}/${key} does not exist (${(err as S3Error).code})`);
      throw err;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy();
        throw new DeadLetter('invalid_evidence', `s3://${bucket}/${key} is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  };
}
