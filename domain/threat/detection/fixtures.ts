// Evidence shared by the detection tests and the bench: an ordinary shopping session and an
// attack session (UNION SELECT in a query parameter, rapid-fire from a scripting client).
import { EvidenceSchema, type Evidence } from '../evidence/schema';

const T0 = 1_700_000_000_000;
export const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export function benignEvidence(id = 'benign-session-1'): Evidence {
  const base = { clientIp: '203.0.113.7', userAgent: BROWSER_UA, statusCode: 200 };
  return EvidenceSchema.parse({
    id,
    source: 'test',
    requests: [
      { ...base, method: 'GET', path: '/', timestamp: T0, headers: { 'user-agent': BROWSER_UA, cookie: 'session=8f3a2c; theme=dark' } },
      { ...base, method: 'GET', path: '/products', query: { category: 'shoes', page: '2' }, timestamp: T0 + 9_000 },
      { ...base, method: 'GET', path: '/search', query: { q: "O'Brien running shoes" }, timestamp: T0 + 31_000 },
      { ...base, method: 'GET', path: '/products/42', timestamp: T0 + 47_000 },
      { ...base, method: 'POST', path: '/cart', body: { productId: '42', qty: '1' }, timestamp: T0 + 62_000 },
    ],
  });
}

export function attackEvidence(id = 'attack-session-1', payload = "-1' UNION SELECT username,password FROM users--"): Evidence {
  return EvidenceSchema.parse({
    id,
    source: 'test',
    requests: Array.from({ length: 20 }, (_, i) => ({
      method: 'GET',
      path: '/products',
      query: { id: i === 7 ? payload : String(i + 1) },
      timestamp: T0 + i * 120,
      clientIp: '198.51.100.9',
      userAgent: 'python-requests/2.31',
      statusCode: i % 3 ? 200 : 500,
    })),
  });
}

/** Bot-like behaviour with harmless payloads: a fast crawler using a scanner user agent. */
export function crawlerEvidence(id = 'crawler-1'): Evidence {
  return EvidenceSchema.parse({
    id,
    source: 'test',
    requests: Array.from({ length: 40 }, (_, i) => ({
      method: 'GET',
      path: `/catalogue/item-${i}`,
      timestamp: T0 + i * 80,
      clientIp: '198.51.100.10',
      userAgent: 'nuclei/3.1',
      statusCode: i % 2 ? 404 : 200,
    })),
  });
}
