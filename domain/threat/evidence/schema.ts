// Captured attack evidence: one HTTP session as a honeypot, WAF log or Kafka producer saw it.
import { z } from 'zod';
import { parseIsoTimestamp } from './adapters/time';
import { extractPayloads } from './payloads';
import { TargetStackSchema } from './stack';

const MAX_INSTANT_MS = 8_640_000_000_000_000;
// Date, optional time with fraction, optional zone; adapters/time.ts checks the calendar. Case-
// sensitive (`T`, `Z`) like the pattern /openapi.json publishes for it.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const Params = z.record(z.string(), z.string());

export const CapturedRequestSchema = z
  .object({
    method: z.string().min(1).max(16).describe('HTTP method, e.g. GET'),
    path: z.string().min(1).max(8192).describe('Request path without the query string'),
    query: Params.default({}).describe('Query parameters, name → value'),
    /** Form/JSON fields flattened to strings, or the raw body text. */
    body: z.union([Params, z.string().max(1_000_000)]).optional().describe('Form/JSON fields flattened to strings, or the raw body text'),
    headers: Params.default({}).describe('Request headers, name → value'),
    /** Epoch milliseconds; ISO-8601 text is accepted and stored as epoch milliseconds. */
    // 8.64e15 ms is the largest instant a Date can hold (ECMA-262 §21.4.1.1): anything later is not a time.
    timestamp: z
      .union([
        z.number().int().nonnegative().max(MAX_INSTANT_MS),
        z
          .string()
          .regex(ISO_8601, 'an ISO-8601 time, e.g. 2026-01-01T00:00:00Z')
          .transform((v, ctx) => {
            const ms = parseIsoTimestamp(v);
            if (ms === undefined) ctx.addIssue({ code: 'custom', message: `"${v}" is not a valid instant (0..8.64e15 ms)` });
            return ms ?? 0;
          }),
      ])
      .describe('When the request was seen: epoch milliseconds, or ISO-8601 text (stored as epoch milliseconds)'),
    clientIp: z.string().min(1).max(64).describe('Client address as the sensor saw it'),
    userAgent: z.string().max(2048).optional().describe('User-Agent header, if captured separately'),
    geo: z.object({ country: z.string().max(64).optional(), city: z.string().max(128).optional() }).optional().describe('Geolocation of the client, if known'),
    statusCode: z.number().int().min(100).max(599).optional().describe('Response status the target returned'),
    tags: z.array(z.string().max(64)).max(32).default([]).describe('Sensor labels for this request'),
  })
  .strict();

export const EvidenceSchema = z
  .object({
    /** Stable id chosen by the producer (dedup key and threatAnalysis workflow id). */
    // Starts with a letter or digit: the id is a path segment of the object key (no `.`, `..`).
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, . _ - only, starting with a letter or digit (max 128)')
      .describe('Producer-chosen id: the dedup key (letters, digits, . _ -; max 128)'),
    source: z.enum(['honeypot', 'waf', 'kafka', 'api', 'test']).default('api').describe('Which sensor captured it'),
    capturedAt: z.string().datetime().optional().describe('When the session was captured (ISO 8601)'),
    target: z
      .object({
        service: z.string().max(128),
        environment: z.string().max(128).optional(),
        stack: TargetStackSchema.optional().describe('What the target runs, where known; the sandbox judges every modelled stack for a part left out'),
      })
      .strict()
      .optional()
      .describe('The attacked service (its environment and stack)'),
    requests: z.array(CapturedRequestSchema).min(1).max(1000).describe('The captured HTTP requests, 1..1000'),
    tags: z.array(z.string().max(64)).max(32).default([]).describe('Sensor labels for the session'),
  })
  .strict()
  .meta({
    example: {
      id: 'hp-2026-0001',
      source: 'honeypot',
      target: { service: 'web', stack: { database: 'mysql', os: 'linux', server: 'nginx' } },
      requests: [{ method: 'GET', path: '/search', query: { q: "1' OR '1'='1" }, timestamp: 1767225600000, clientIp: '203.0.113.7' }],
    },
  });

export type CapturedRequest = z.infer<typeof CapturedRequestSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Every attacker-controlled string in a request that the payload classifier should read (payloads.ts says which). */
export function requestPayloads(r: CapturedRequest): { location: string; value: string }[] {
  return extractPayloads(r);
}
