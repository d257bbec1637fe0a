// S3 object store through the minio client (MinIO, AWS S3, anything S3-compatible). The
// SHA-256 travels as user metadata (x-amz-meta-sha256), so head() can report it without a
// download; get() callers still recompute it from the bytes (the metadata is not a proof).
import { Client, S3Error } from 'minio';
import {
  ObjectNotFoundError,
  sha256Hex,
  validateKey,
  type ObjectHead,
  type ObjectMeta,
  type ObjectStore,
  type StoredObject,
} from './store';

export interface S3StoreOptions {
  /** http(s)://host[:port] */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region?: string;
  /** Key prefix inside the bucket, e.g. 'evidence/'. */
  prefix?: string;
}

function isMissing(err: unknown): boolean {
  const code = (err as S3Error | undefined)?.code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchObject';
}

/** Creates the bucket when missing (idempotent), so a fresh MinIO works out of the box. */
export async function createS3ObjectStore(opts: S3StoreOptions): Promise<ObjectStore> {
  const url = new URL(opts.endpoint);
  const useSSL = url.protocol === 'https:';
  const client = new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: opts.accessKey,
    secretKey: opts.secretKey,
    region: opts.region,
    // Path-style works everywhere (MinIO on an IP address has no virtual-host buckets).
    pathStyle: true,
  });
  const bucket = opts.bucket;
  const prefix = opts.prefix ?? '';
  if (!(await client.bucketExists(bucket))) {
    try {
      await client.makeBucket(bucket, opts.region ?? '');
    } catch (err) {
      // Another process created it between the check and the call.
      const code = (err as S3Error).code;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
    }
  }
  const name = (key: string) => prefix + validateKey(key);

  return {
    kind: 's3',
    async put(key, bytes, meta = {}): Promise<StoredObject> {
      const sha256 = sha256Hex(bytes);
      // A single PUT is atomic in S3: readers see the old object or the whole new one.
      await client.putObject(bucket, name(key), Buffer.from(bytes), bytes.byteLength, {
        ...meta,
        sha256,
        'Content-Type': 'application/octet-stream',
      });
      return { key, sha256, size: bytes.byteLength };
    },
    async get(key) {
      try {
        const stream = await client.getObject(bucket, name(key));
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      } catch (err) {
        if (isMissing(err)) throw new ObjectNotFoundError(key);
        throw err;
      }
    },
    async head(key): Promise<ObjectHead | undefined> {
      try {
        const st = await client.statObject(bucket, name(key));
        const meta: ObjectMeta = {};
        for (const [k, v] of Object.entries(st.metaData ?? {})) {
          if (k.toLowerCase() !== 'content-type' && k.toLowerCase() !== 'sha256') meta[k] = String(v);
        }
        const sha = (st.metaData as Record<string, unknown>)?.sha256;
        return { key, size: st.size, sha256: typeof sha === 'string' ? sha : '', meta };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async delete(key) {
      await client.removeObject(bucket, name(key));
    },
  };
}
