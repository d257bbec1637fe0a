// Captured attack evidence: one HTTP session as a honeypot, WAF log or Kafka producer saw it.
import { z } from 'zod';

const Params = z.record(z.string(), z.string());

export const CapturedRequestSchema = z
  .object({
    method: z.string().min(1).max(16),
    path: z.string().min(1).max(8192),
    query: Params.default({}),
    /** Form/JSON fields flattened to strings, or the raw body text. */
    body: z.union([Params, z.string().max(1_000_000)]).optional(),
    headers: Params.default({}),
    /** Epoch milliseconds. */
    timestamp: z.number().int().nonnegative(),
    clientIp: z.string().min(1).max(64),
    userAgent: z.string().max(2048).optional(),
    geo: z.object({ country: z.string().max(64).optional(), city: z.string().max(128).optional() }).optional(),
    statusCode: z.number().int().min(100).max(599).optional(),
    tags: z.array(z.string().max(64)).max(32).default([]),
  })
  .strict();

export const EvidenceSchema = z
  .object({
    /** Stable id chosen by the producer (dedup key and threatAnalysis workflow id). */
    // Starts with a letter or digit: the id is a path segment of the object key (no `.`, `..`).
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, . _ - only, starting with a letter or digit (max 128)'),
    source: z.enum(['honeypot', 'waf', 'kafka', 'api', 'test']).default('api'),
    capturedAt: z.string().datetime().optional(),
    target: z.object({ service: z.string().max(128), environment: z.string().max(128).optional() }).strict().optional(),
    requests: z.array(CapturedRequestSchema).min(1).max(1000),
    tags: z.array(z.string().max(64)).max(32).default([]),
  })
  .strict();

export type CapturedRequest = z.infer<typeof CapturedRequestSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Every attacker-controlled string in a request that the payload classifier should read. */
export function requestPayloads(r: CapturedRequest): { location: string; value: string }[] {
  const out: { location: string; value: string }[] = [{ location: 'path', value: r.path }];
  for (const [k, v] of Object.entries(r.query)) out.push({ location: `query.${k}`, value: v });
  if (typeof r.body === 'string') out.push({ location: 'body', value: r.body });
  else if (r.body) for (const [k, v] of Object.entries(r.body)) out.push({ location: `body.${k}`, value: v });
  for (const h of ['user-agent', 'referer', 'cookie', 'x-forwarded-for']) {
    const v = Object.entries(r.headers).find(([k]) => k.toLowerCase() === h)?.[1];
    if (v) out.push({ location: `header.${h}`, value: v });
  }
  return out;
}
