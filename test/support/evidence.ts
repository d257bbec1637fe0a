// Evidence fixtures for the threat-analysis tests (pure: usable from scripts too).
import { randomUUID } from 'node:crypto';
import { EvidenceSchema, type Evidence } from '../../domain/threat/evidence/schema';

const T0 = Date.UTC(2026, 10, 1, 3, 0, 0);

/** A scanner-like session: quick requests from a tool, SQL injection in a parameter. */
export function attackEvidence(id = `atk-${randomUUID().slice(0, 8)}`): Evidence {
  return EvidenceSchema.parse({
    id,
    source: 'test',
    requests: Array.from({ length: 6 }, (_, i) => ({
      method: 'GET',
      path: '/products',
      query: { id: i % 2 ? "1' OR '1'='1' --" : "1 UNION SELECT username, password FROM users--" },
      headers: { 'user-agent': 'sqlmap/1.7' },
      timestamp: T0 + i * 150,
      clientIp: '203.0.113.7',
      userAgent: 'sqlmap/1.7',
      statusCode: 500,
    })),
  });
}

/** An ordinary shopper: a few page views seconds apart, plain parameter values. */
export function benignEvidence(id = `ok-${randomUUID().slice(0, 8)}`): Evidence {
  const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  const steps = [
    { path: '/', query: {} },
    { path: '/products', query: { q: 'blue running shoes', page: '2' } },
    { path: '/products/42', query: {} },
    { path: '/cart', query: { item: '42', qty: '1' } },
  ];
  return EvidenceSchema.parse({
    id,
    source: 'test',
    requests: steps.map((s, i) => ({
      method: 'GET',
      ...s,
      headers: { 'user-agent': ua, referer: 'https://shop.example/' },
      timestamp: T0 + i * 9000,
      clientIp: '198.51.100.20',
      userAgent: ua,
      statusCode: 200,
    })),
  });
}

/**
 * A command injection the shipped classifier calls `command_injection` with a confidence between
 * the gatekeeper's review (0.70) and auto-apply (0.90) thresholds, and the shell oracle confirms
 * (it adds `rm`): its rule waits for an analyst. Tied to the model: after a retrain,
 * test/support/review-payload.test.ts says whether it still falls in that band (was
 * 'report.txt; rm -rf tmp' at 0.87 until the issue-13 model put that at 0.99).
 */
export const REVIEW_PAYLOAD = 'invoice.pdf; rm -rf tmp';

/** A short session sending one payload in a query parameter from an ordinary browser. */
export function evidenceWithPayload(payload: string, id = `pl-${randomUUID().slice(0, 8)}`): Evidence {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0';
  return EvidenceSchema.parse({
    id,
    source: 'test',
    requests: [0, 1, 2].map((i) => ({
      method: 'GET',
      path: '/search',
      query: { q: payload },
      headers: { 'user-agent': ua },
      timestamp: T0 + i * 20_000,
      clientIp: '198.51.100.9',
      userAgent: ua,
    })),
  });
}
