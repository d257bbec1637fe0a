// Evidence activities with a real PGlite database and a real filesystem object store.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeNul, unescapeNulDeep } from '../../db/nul-escape';
import { evidenceWithPayload } from '../../test/support/evidence';
import { attackEvidence, benignEvidence, createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';

let h: EvidenceHarness;
beforeAll(async () => {
  h = await createEvidenceHarness();
});
afterAll(async () => h?.close());

const row = async (table: 'evidence' | 'verdicts', id: string) =>
  (await h.db.execute(`select * from ${table} where ${table === 'evidence' ? 'id' : 'evidence_id'} = $1`, [id]))[0];

describe('evidence activities', () => {
  it('verifies, analyses and records an attack in one read; the result stays small and carries the payloads to simulate', async () => {
    const ev = attackEvidence();
    const { sha256 } = await h.submit(ev);
    const { evidence, verdict: analysis, payloads } = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    expect(evidence).toMatchObject({ evidenceId: ev.id, sha256, requests: 6 });
    expect(payloads.map((p) => [p.kind, p.value])).toEqual([
      ['sql_injection', expect.any(String)],
      ['sql_injection', expect.any(String)],
    ]);
    expect(new Set(payloads.map((p) => p.value))).toEqual(new Set(ev.requests.slice(0, 2).map((r) => r.query.id)));
    expect(analysis.verdict).toBe('simulate');
    expect(analysis.confidence).toBeGreaterThanOrEqual(0.75);
    expect(analysis.scores.sql_injection).toBeGreaterThan(0.5);
    expect(analysis.modelVersion).toMatch(/^pc1-/);
    expect(JSON.stringify(analysis).length).toBeLessThan(40_000);
    expect(await h.activities.recordVerdict(analysis)).toEqual({ verdict: 'simulate', created: true, modelVersion: analysis.modelVersion });
    const v = await row('verdicts', ev.id);
    expect(v).toMatchObject({ verdict: 'simulate', integrity: 'ok', model_version: analysis.modelVersion });
    expect(typeof v.anomaly_score).toBe('number');
    expect((await row('evidence', ev.id)).status).toBe('analyzed');
  });

  it('records a verdict once: a retried or re-run record returns the stored one', async () => {
    const ev = benignEvidence();
    await h.submit(ev);
    const { verdict: analysis, payloads } = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    expect(analysis.verdict).toBe('benign');
    expect(payloads).toEqual([]);
    await h.activities.recordVerdict(analysis);
    // The stored verdict wins, with the model version that produced it.
    expect(await h.activities.recordVerdict({ ...analysis, verdict: 'tag', modelVersion: 'other' })).toEqual({ verdict: 'benign', created: false, modelVersion: analysis.modelVersion });
    expect((await h.db.execute('select count(*)::int as n from verdicts where evidence_id = $1', [ev.id]))[0].n).toBe(1);
  });

  it('records a tampered object as an integrity mismatch and fails non-retryably', async () => {
    const ev = attackEvidence();
    const { objectKey, sha256 } = await h.submit(ev);
    // Swap one byte of the stored evidence: still valid JSON, different hash.
    const bytes = await h.objects.get(objectKey);
    await h.objects.put(objectKey, new TextEncoder().encode(new TextDecoder().decode(bytes).replace('sqlmap', 'sqlmaq')));
    const err = await h.activities.analyzeEvidence({ evidenceId: ev.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'IntegrityMismatch', nonRetryable: true });
    expect((err as ApplicationFailure).details?.[0]).toMatchObject({ evidenceId: ev.id, expected: sha256 });
    expect(await row('verdicts', ev.id)).toMatchObject({ integrity: 'mismatch', verdict: null });
    expect((await row('evidence', ev.id)).status).toBe('integrity_failed');
  });

  it('treats a missing object as an integrity failure and an unknown id as not found', async () => {
    const ev = benignEvidence();
    const { objectKey } = await h.submit(ev);
    await h.objects.delete(objectKey);
    await expect(h.activities.analyzeEvidence({ evidenceId: ev.id })).rejects.toMatchObject({ type: 'IntegrityMismatch', nonRetryable: true });
    await expect(h.activities.analyzeEvidence({ evidenceId: 'never-submitted' })).rejects.toMatchObject({
      type: 'EvidenceNotFound',
      nonRetryable: true,
    });
  });

  it('keeps a NUL in evidence: the classifier sees it, the verdict is stored (escaped) and reads back exactly', async () => {
    const payload = '../../../../etc/passwd\u0000.png';
    const ev = evidenceWithPayload(payload);
    await h.submit(ev);
    const { verdict, payloads } = await h.activities.analyzeEvidence({ evidenceId: ev.id });
    expect(verdict.verdict).toBe('simulate');
    expect(payloads.map((p) => p.value)).toEqual([payload]);
    expect(JSON.stringify(verdict.explanation)).toContain('\\u0000');
    expect(await h.activities.recordVerdict(verdict)).toMatchObject({ created: true });
    const v = await row('verdicts', ev.id);
    expect(JSON.stringify(v.explanation)).not.toContain('\\u0000');
    expect(unescapeNulDeep(v.explanation)).toEqual(verdict.explanation);
    expect(unescapeNul(String(v.narrative))).toBe(verdict.narrative);
  });

  it('records how an analysis closed on its evidence row, with its compensations', async () => {
    const ev = benignEvidence();
    await h.submit(ev);
    const compensations = [{ step: 'withdraw rule 9500001 (xss)', status: 'failed' as const, reason: 'database gone \u0000' }];
    await h.activities.recordAnalysisClosed({ evidenceId: ev.id, outcome: 'compensation_failed', compensations, error: 'cancelled' });
    const r = await row('evidence', ev.id);
    expect(r).toMatchObject({ status: 'compensation_failed', outcome: 'compensation_failed', error: 'cancelled' });
    expect(r.closed_at).not.toBeNull();
    expect(unescapeNulDeep(r.compensations)).toEqual(compensations);
  });
});
