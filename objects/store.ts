// Content-addressed-ish blob storage for evidence. Two implementations share this contract:
// the filesystem (default, single host) and S3 via the minio client (shared, durable).
import { createHash } from 'node:crypto';

export interface ObjectMeta {
  /** Stored alongside the object (S3 user metadata / a sidecar file); strings only. */
  [key: string]: string;
}

export interface StoredObject {
  key: string;
  /** Hex SHA-256 of the bytes as written. */
  sha256: string;
  size: number;
}

export interface ObjectHead extends StoredObject {
  meta: ObjectMeta;
}

export interface ObjectStore {
  readonly kind: 'fs' | 's3';
  put(key: string, bytes: Uint8Array, meta?: ObjectMeta): Promise<StoredObject>;
  /** Throws ObjectNotFoundError when the key does not exist. */
  get(key: string): Promise<Uint8Array>;
  /** undefined when the key does not exist. */
  head(key: string): Promise<ObjectHead | undefined>;
  delete(key: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object "${key}" not found`);
    this.name = 'ObjectNotFoundError';
  }
}

export class InvalidObjectKeyError extends Error {
  constructor(readonly key: string, reason: string) {
    super(`invalid object key "${key}": ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

// Segments of [A-Za-z0-9._-] joined by '/': the same key is then safe as a file path and an
// S3 key, and '..', absolute paths and backslashes cannot escape the store's root.
const SEGMENT = /^[A-Za-z0-9._-]{1,200}$/;

/** Returns the key unchanged, or throws InvalidObjectKeyError. */
export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) throw new InvalidObjectKeyError(String(key), 'length 1..1024');
  for (const seg of key.split('/')) {
    if (!SEGMENT.test(seg)) throw new InvalidObjectKeyError(key, 'segments must be non-empty [A-Za-z0-9._-]');
    if (seg === '.' || seg === '..') throw new InvalidObjectKeyError(key, "'.' and '..' segments are not allowed");
    if (seg.startsWith('.')) throw new InvalidObjectKeyError(key, 'segments must not start with a dot');
  }
  return key;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
