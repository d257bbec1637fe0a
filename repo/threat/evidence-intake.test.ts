// Evidence intake on both databases: the row records who submitted it, a duplicate keeps the
// first submitter (its content is what was analysed), other content under the id is a conflict.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evidence } from '../../db/schema';
import { identityProblem } from '../../domain/identity';
import { createFsObjectStore } from '../../objects/fs-store';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { attackEvidence } from '../../test/support/evidence';
import { EvidenceConflictError, EvidenceSubmitter, storeEvidenceOnce } from './evidence-intake';

describe.each(TEST_BACKENDS)('evidence intake ($name)', ({ create }) => {
  let t: TestDb;
  let dir: string;
  beforeEach(async () => {
    t = await create();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-intake-'));
  });
  afterEach(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const submitter = async (id: string) => (await t.db.select({ by: evidence.submittedBy }).from(evidence).where(eq(evidence.id, id)))[0]?.by;

  it('records the submitter; a duplicate by someone else keeps the first; unknown stays null', async () => {
    const objects = createFsObjectStore(dir);
    const ev = attackEvidence('intake-1');
    expect(await storeEvidenceOnce(t.db, objects, ev, 'olga')).toMatchObject({ created: true });
    expect(await submitter('intake-1')).toBe('olga');
    expect(await storeEvidenceOnce(t.db, objects, ev, 'april')).toMatchObject({ created: false });
    expect(await submitter('intake-1')).toBe('olga');
    await expect(storeEvidenceOnce(t.db, objects, { ...ev, source: 'waf' }, 'april')).rejects.toBeInstanceOf(EvidenceConflictError);

    await storeEvidenceOnce(t.db, objects, attackEvidence('intake-2'));
    expect(await submitter('intake-2')).toBeNull();
  });

  it('names the token-less intake paths so they can never pass for a person', async () => {
    const objects = createFsObjectStore(dir);
    await storeEvidenceOnce(t.db, objects, attackEvidence('intake-kafka'), EvidenceSubmitter.ingest('bulwark-ingest'));
    await storeEvidenceOnce(t.db, objects, attackEvidence('intake-cli'), EvidenceSubmitter.cli('olga'));
    expect(await submitter('intake-kafka')).toBe('ingest:bulwark-ingest');
    expect(await submitter('intake-cli')).toBe('cli:olga');
    // A token's name (and so a reviewer) is an identity; these are not, so four-eyes never confuses them.
    expect(identityProblem('ingest:bulwark-ingest')).toBeDefined();
    expect(identityProblem('cli:olga')).toBeDefined();
  });
});
