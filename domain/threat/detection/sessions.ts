// Sessions for the anomaly model: how one client behaved over time, reduced to the
// behavioural feature group of features.ts. Also the deterministic synthetic benign
// sessions the default anomaly model trains on, so a fresh clone needs no captured traffic.
import type { Evidence } from '../evidence/schema';
import { FEATURE_GROUPS, extractFeatures } from './features';
import { gaussian, mulberry32, pick } from '../../rng';

export interface SessionObservation {
  /** Epoch milliseconds, ascending. */
  timestamps: number[];
  paths: string[];
  statusCodes: number[];
  userAgent?: string;
}

/** The anomaly model's inputs: the behavioural group, in FEATURE_GROUPS order. */
export const ANOMALY_FEATURES: readonly string[] = FEATURE_GROUPS.behavioural;

export function sessionVector(s: SessionObservation): number[] {
  const f = extractFeatures('', {
    userAgent: s.userAgent,
    session: { requestTimestamps: s.timestamps, paths: s.paths, statusCodes: s.statusCodes },
  });
  return ANOMALY_FEATURES.map((n) => f[n]);
}

/**
 * One session per evidence bundle. Requests are sorted by time; the user agent is the most
 * frequent one. A missing status code counts as 200: producers that do not record responses
 * should not look like error storms.
 */
export function sessionFromEvidence(e: Pick<Evidence, 'requests'>): SessionObservation {
  const reqs = [...e.requests].sort((a, b) => a.timestamp - b.timestamp);
  const uaCount = new Map<string, number>();
  for (const r of reqs) {
    const ua = r.userAgent ?? Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
    if (ua) uaCount.set(ua, (uaCount.get(ua) ?? 0) + 1);
  }
  const userAgent = [...uaCount].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    timestamps: reqs.map((r) => r.timestamp),
    paths: reqs.map((r) => r.path),
    statusCodes: reqs.map((r) => r.statusCode ?? 200),
    userAgent,
  };
}

const BROWSER_UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
];
const SITE = ['/', '/products', '/products/42', '/products/17', '/search', '/cart', '/checkout', '/account', '/help', '/about', '/blog', '/blog/spring-sale'];

/**
 * Normal browsing: a handful of page views (1–40, most under 12), human think time between
 * them (log-normal, median ≈ 9 s, occasionally minutes), a small site with revisits, and
 * almost only 200/304 responses.
 */
export function syntheticBenignSessions(n: number, seed = 1): SessionObservation[] {
  const rand = mulberry32(seed);
  const out: SessionObservation[] = [];
  for (let i = 0; i < n; i++) {
    const len = Math.max(1, Math.min(40, Math.round(Math.exp(1.6 + 0.8 * gaussian(rand)))));
    const favourites = SITE.slice(0, 3 + Math.floor(rand() * (SITE.length - 3)));
    let t = 1_700_000_000_000 + Math.floor(rand() * 86_400_000);
    const s: SessionObservation = { timestamps: [], paths: [], statusCodes: [], userAgent: pick(rand, BROWSER_UAS) };
    for (let j = 0; j < len; j++) {
      if (j > 0) t += Math.round(Math.min(600_000, Math.max(800, Math.exp(9.1 + 0.9 * gaussian(rand)))));
      s.timestamps.push(t);
      s.paths.push(pick(rand, favourites));
      const r = rand();
      s.statusCodes.push(r < 0.03 ? 404 : r < 0.2 ? 304 : 200);
    }
    out.push(s);
  }
  return out;
}
