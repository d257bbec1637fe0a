// Evidence timestamps: epoch milliseconds or ISO-8601 text, stored as epoch milliseconds, so the
// same instant written either way is the same evidence (same canonical bytes, same SHA-256).
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app';
import { canonicalEvidenceBytes, evidenceSha256 } from './canonical';
import { EvidenceSchema } from './schema';

const ev = (timestamp: unknown) => ({ id: 'iso-1', requests: [{ method: 'GET', path: '/', timestamp, clientIp: '192.0.2.1' }] });

describe('ISO-8601 evidence timestamps', () => {
  it('accepts ISO-8601 with a zone and stores epoch milliseconds; the hash equals the numeric form', () => {
    const iso = EvidenceSchema.parse(ev('2026-01-01T01:00:00.250+01:00'));
    expect(iso.requests[0].timestamp).toBe(Date.parse('2026-01-01T00:00:00.250Z'));
    const ms = EvidenceSchema.parse(ev(Date.parse('2026-01-01T00:00:00.250Z')));
    expect(evidenceSha256(canonicalEvidenceBytes(iso))).toBe(evidenceSha256(canonicalEvidenceBytes(ms)));
  });

  it('refuses text that is not an instant, and numbers out of range', () => {
    for (const bad of ['2026-02-31T00:00:00Z', '2026-01-01t00:00:00z', 'yesterday', '01/01/2026', -1, 1.5, 8_640_000_000_000_001]) {
      expect(EvidenceSchema.safeParse(ev(bad)).success, String(bad)).toBe(false);
    }
  });

  it('documents both forms in /openapi.json', async () => {
    const app = createApp({ db: {} as never, temporal: {} as never, config: {} as never });
    const text = await (await app.request('/openapi.json')).text();
    expect(text).toContain('"timestamp":{"anyOf":[{"type":"integer","minimum":0,"maximum":8640000000000000},{"type":"string","pattern":"^');
    expect(text).toContain('or ISO-8601 text (stored as epoch milliseconds)');
  });
});
