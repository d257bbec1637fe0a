// Stores submitted evidence once: its canonical bytes under a content-addressed key, then the
// row. The evidence id is the idempotency key for every intake path (API, CLI import, Kafka
// ingest): the same content again is a duplicate, other content under a known id a conflict,
// never an overwrite. Each row records who submitted it (the first submission's submitter: a
// duplicate changes nothing), so the rules its analysis proposes keep four-eyes.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { evidence } from '../../db/schema';
import { canonicalEvidenceBytes, evidenceObjectKey, evidenceSha256 } from '../../domain/threat/evidence/canonical';
import type { Evidence } from '../../domain/threat/evidence/schema';
import type { ObjectStore } from '../../objects/store';

export class EvidenceConflictError extends Error {
  constructor(
    readonly evidenceId: string,
    readonly storedSha256: string,
  ) {
    super(`evidence "${evidenceId}" was already submitted with different content (sha256 ${storedSha256})`);
  }
}

/**
 * Who submitted evidence, as recorded on its row: a token's name (API with auth on), or a
 * non-human principal for the intake paths that have no token. The `:` keeps those from ever
 * equalling a person's name (identities may not contain it: domain/identity.ts).
 */
export const EvidenceSubmitter = {
  /** The Kafka ingest consumer of this consumer group. */
  ingest: (consumerGroup: string) => `ingest:${consumerGroup}`,
  /** `bulwark evidence import` run by this operating-system user (it has the database itself). */
  cli: (osUser: string) => `cli:${osUser}`,
};

export interface StoredEvidence {
  sha256: string;
  /** True when this call stored it; false for a duplicate of stored content. */
  created: boolean;
}

/**
 * Writes bytes and row unless the id is known (the Kafka consumer's batched twin,
 * evidence-intake-batch.ts, follows the same steps: keep them in step). Throws EvidenceConflictError for other content
 * under a known id. `submittedBy`: who submits it (see EvidenceSubmitter); null when unknown.
 */
export async function storeEvidenceOnce(db: Db, objects: ObjectStore, ev: Evidence, submittedBy: string | null = null): Promise<StoredEvidence> {
  const bytes = canonicalEvidenceBytes(ev);
  const sha256 = evidenceSha256(bytes);
  const known = async () => (await db.select({ sha256: evidence.sha256 }).from(evidence).where(eq(evidence.id, ev.id)).limit(1))[0];
  const check = (row: { sha256: string }) => {
    if (row.sha256 !== sha256) throw new EvidenceConflictError(ev.id, row.sha256);
    return { sha256, created: false };
  };
  const existing = await known();
  if (existing) return check(existing);
  // Content-addressed key: a racing submission with other content cannot clobber these bytes.
  const objectKey = evidenceObjectKey(ev.id, sha256);
  await objects.put(objectKey, bytes, { evidenceId: ev.id, contentType: 'application/json' });
  const inserted = await db
    .insert(evidence)
    .values({ id: ev.id, sha256, objectKey, size: bytes.byteLength, source: ev.source, status: 'received', submittedBy })
    .onConflictDoNothing()
    .returning({ id: evidence.id });
  if (inserted.length) return { sha256, created: true };
  // Lost a race with a concurrent submission of the same id: same content is a duplicate.
  return check((await known())!);
}
