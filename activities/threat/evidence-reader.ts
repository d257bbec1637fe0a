// Reads a piece of evidence back from the object store and proves it is the one submitted.
// The analysis activity (evidence.ts) is the one reader: it verifies once and passes on what
// later stages need (the verdict, the bounded payloads), so no later activity trusts bytes
// it did not verify.
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { evidence, verdicts } from '../../db/schema';
import { evidenceSha256 } from '../../domain/threat/evidence/canonical';
import { EvidenceSchema, type Evidence } from '../../domain/threat/evidence/schema';
import { ObjectNotFoundError, type ObjectStore } from '../../objects/store';
import { permanentFailure } from '../failures';

export type EvidenceRow = typeof evidence.$inferSelect;

export function createEvidenceReader(deps: { db: Db; objects?: ObjectStore }) {
  const { db } = deps;
  const store = (): ObjectStore => {
    // Retryable on purpose: redeploying the worker with a store configured fixes it.
    if (!deps.objects) throw new Error('this worker has no object store configured');
    return deps.objects;
  };

  async function loadRow(evidenceId: string): Promise<EvidenceRow> {
    const [row] = await db.select().from(evidence).where(eq(evidence.id, evidenceId)).limit(1);
    if (!row) throw permanentFailure('EvidenceNotFound', `evidence "${evidenceId}" is not registered`);
    return row;
  }

  /** Reads the object and checks its SHA-256 against the row; a mismatch is recorded, then thrown. */
  async function readVerified(evidenceId: string): Promise<{ bytes: Uint8Array; row: EvidenceRow }> {
    const row = await loadRow(evidenceId);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store().get(row.objectKey);
    } catch (err) {
      if (!(err instanceof ObjectNotFoundError)) throw err; // store outage: retry
    }
    const actual = bytes ? evidenceSha256(bytes) : null;
    if (bytes && actual === row.sha256) return { bytes, row };
    const reason = bytes ? `sha256 ${actual} != recorded ${row.sha256}` : `object ${row.objectKey} is missing`;
    await db.transaction(async (tx) => {
      await tx
        .insert(verdicts)
        .values({ evidenceId, integrity: 'mismatch', narrative: `integrity check failed: ${reason}` })
        .onConflictDoNothing();
      await tx.update(evidence).set({ status: 'integrity_failed' }).where(eq(evidence.id, evidenceId));
    });
    throw ApplicationFailure.create({
      type: 'IntegrityMismatch',
      message: `evidence "${evidenceId}" failed its integrity check: ${reason}`,
      nonRetryable: true,
      details: [{ evidenceId, expected: row.sha256, actual, objectKey: row.objectKey }],
    });
  }

  /** The verified bytes, parsed against the evidence schema. */
  async function readEvidence(evidenceId: string): Promise<{ evidence: Evidence; bytes: Uint8Array; row: EvidenceRow }> {
    const { bytes, row } = await readVerified(evidenceId);
    return { evidence: parseEvidence(bytes, evidenceId), bytes, row };
  }

  return { readVerified, readEvidence };
}

export function parseEvidence(bytes: Uint8Array, evidenceId: string): Evidence {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw permanentFailure('InvalidInput', `evidence "${evidenceId}" is not valid JSON`);
  }
  const res = EvidenceSchema.safeParse(json);
  if (!res.success) throw permanentFailure('InvalidInput', `evidence "${evidenceId}" does not match the schema`);
  return res.data;
}
