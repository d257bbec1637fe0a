// Evidence activities with a real PGlite database and a real filesystem object store.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackEvidence, benignEvidence, createEvidenceHarness, type EvidenceHarness } from '../test/support/evidence-harness';

let h: EvidenceHarness;
beforeAll(async () => {
  h = await createEvidenceHarness();
});
afterAll(async () => h?.close());

const row = async (table: 'evidence' | 'verdicts', id: string) =>
  (await h.db.execute(`select * from ${table} where ${table === 'evidence' ? 'id' : 'evidence_id'} = $1`, [id]))[0];

describe('evidence activities', () => {
  it('verifies, analyses and records an attack; the result stays small', async () => {
    const ev = attackEvidence();
    const { sha256 } = await h.submit(ev);
    expect(await h.activities.fetchAndVerifyEvidence({ evidenceId: ev.id })).toMatchObject({ evidenceId: ev.id, sha256, requests: 6 });
    const analysis = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    expect(analysis.verdict).toBe('simulate');
    expect(analysis.confidence).toBeGreaterThanOrEqual(0.75);
    expect(analysis.scores.sql_injection).toBeGreaterThan(0.5);
    expect(analysis.modelVersion).toMatch(/^pc1-/);
    expect(JSON.stringify(analysis).length).toBeLessThan(40_000);
    expect(await h.activities.recordVerdict(analysis)).toEqual({ verdict: 'simulate', created: true });
    const v = await row('verdicts', ev.id);
    expect(v).toMatchObject({ verdict: 'simulate', integrity: 'ok', model_version: analysis.modelVersion });
    expect(typeof v.anomaly_score).toBe('number');
    expect((await row('evidence', ev.id)).status).toBe('analyzed');
  });

  it('records a verdict once: a retried or re-run record returns the stored one', async () => {
    const ev = benignEvidence();
    await h.submit(ev);
    const analysis = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    expect(analysis.verdict).toBe('benign');
    await h.activities.recordVerdict(analysis);
    expect(await h.activities.recordVerdict({ ...analysis, verdict: 'tag' })).toEqual({ verdict: 'benign', created: false });
    expect((await h.db.execute('select count(*)::int as n from verdicts where evidence_id = $1', [ev.id]))[0].n).toBe(1);
  });

  it('records a tampered object as an integrity mismatch and fails non-retryably', async () => {
    const ev = attackEvidence();
    const { objectKey, sha256 } = await h.submit(ev);
    // Swap one byte of the stored evidence: still valid JSON, different hash.
    const bytes = await h.objects.get(objectKey);
    await h.objects.put(objectKey, new TextEncoder().encode(new TextDecoder().decode(bytes).replace('sqlmap', 'sqlmaq')));
    const err = await h.activities.fetchAndVerifyEvidence({ evidenceId: ev.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'IntegrityMismatch', nonRetryable: true });
    expect((err as ApplicationFailure).details?.[0]).toMatchObject({ evidenceId: ev.id, expected: sha256 });
    expect(await row('verdicts', ev.id)).toMatchObject({ integrity: 'mismatch', verdict: null });
    expect((await row('evidence', ev.id)).status).toBe('integrity_failed');
    // analyzeEvidence re-verifies: it never classifies unverified bytes.
    await expect(h.activities.analyzeEvidence({ evidenceId: ev.id })).rejects.toMatchObject({ type: 'IntegrityMismatch' });
  });

  it('treats a missing object as an integrity failure and an unknown id as not found', async () => {
    const ev = benignEvidence();
    const { objectKey } = await h.submit(ev);
    await h.objects.delete(objectKey);
    await expect(h.activities.fetchAndVerifyEvidence({ evidenceId: ev.id })).rejects.toMatchObject({ type: 'IntegrityMismatch', nonRetryable: true });
    await expect(h.activities.fetchAndVerifyEvidence({ evidenceId: 'never-submitted' })).rejects.toMatchObject({
      type: 'EvidenceNotFound',
      nonRetryable: true,
    });
  });
});
