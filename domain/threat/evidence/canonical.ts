// Canonical bytes of validated evidence: keys sorted at every level, no whitespace, UTF-8.
// Two submissions of the same evidence (whatever their key order or formatting) hash the
// same, so the SHA-256 identifies the content and a re-post is recognised as a duplicate.
import { createHash } from 'node:crypto';
import type { Evidence } from './schema';

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export function canonicalEvidenceBytes(evidence: Evidence): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(sortKeys(evidence)));
}

export function evidenceSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed object key: a second, different upload under the same id can never
 * overwrite the bytes the first row points at.
 */
export function evidenceObjectKey(id: string, sha256: string): string {
  return `evidence/${id}/${sha256}.json`;
}
