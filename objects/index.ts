// Builds the configured object store: the filesystem under BULWARK_DATA_DIR unless OBJECT_STORE=s3.
import { join } from 'node:path';
import type { Config } from '../config/config';
import { createFsObjectStore } from './fs-store';
import { createS3ObjectStore } from './s3-store';
import type { ObjectStore } from './store';

export * from './store';
export { createFsObjectStore } from './fs-store';
export { createS3ObjectStore } from './s3-store';

type ObjectConfig = Pick<
  Config,
  'BULWARK_DATA_DIR' | 'OBJECT_STORE' | 'S3_ENDPOINT' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'S3_BUCKET' | 'S3_REGION'
>;

export async function openObjectStore(config: ObjectConfig): Promise<ObjectStore> {
  if (config.OBJECT_STORE === 'fs') return createFsObjectStore(join(config.BULWARK_DATA_DIR, 'objects'));
  const { S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET } = config;
  // parseConfig enforces these for OBJECT_STORE=s3; re-checked for callers that build config by hand.
  if (!S3_ENDPOINT || !S3_ACCESS_KEY || !S3_SECRET_KEY || !S3_BUCKET) {
    throw new Error('OBJECT_STORE=s3 needs S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY and S3_BUCKET');
  }
  return createS3ObjectStore({
    endpoint: S3_ENDPOINT,
    accessKey: S3_ACCESS_KEY,
    secretKey: S3_SECRET_KEY,
    bucket: S3_BUCKET,
    region: config.S3_REGION,
  });
}
