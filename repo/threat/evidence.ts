// Registers evidence without the API's duplicate handling: canonical bytes into the object
// store under their content-addressed key, then the row. For tests and benches that feed the
// threat-analysis workflow directly (the API path, with conflicts, is api/threat/evidence.ts).
import type { Db } from '../../db/client';
import { evidence } from '../../db/schema';
import { canonicalEvidenceBytes, evidenceObjectKey, evidenceSha256 } from '../../domain/threat/evidence/canonical';
import type { Evidence } from '../../domain/threat/evidence/schema';
import type { ObjectStore } from '../../objects/store';

/** `submittedBy`: who the row says submitted it (repo/threat/evidence-intake.ts EvidenceSubmitter); null when unknown. */
export async function storeEvidence(db: Db, objects: ObjectStore, ev: Evidence, submittedBy: string | null = null): Promise<{ sha256: string; objectKey: string }> {
  const bytes = canonicalEvidenceBytes(ev);
  const sha256 = evidenceSha256(bytes);
  const objectKey = evidenceObjectKey(ev.id, sha256);
  await objects.put(objectKey, bytes);
  await db.insert(evidence).values({ id: ev.id, sha256, objectKey, size: bytes.byteLength, source: ev.source, status: 'received', submittedBy });
  return { sha256, objectKey };
}
