// What every capture-format adapter returns: the requests it could read, each with where it
// came from, and line- or entry-precise errors for the ones it could not. One bad entry never
// stops the others.
import { CapturedRequestSchema, type CapturedRequest } from '../schema';

export const CAPTURE_FORMATS = ['har', 'modsec-audit', 'aws-waf', 'combined'] as const;
export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];

export interface AdaptedRequest {
  /** Where in the file: `line 3` (line-oriented formats) or `entry 2` (HAR), 1-based. */
  at: string;
  request: CapturedRequest;
}

export interface AdapterError {
  at: string;
  message: string;
}

export interface AdapterResult {
  requests: AdaptedRequest[];
  errors: AdapterError[];
}

/** Thrown inside an adapter for one entry; caught per entry and reported with its position. */
export class EntryError extends Error {}

/** Validates a built request against the evidence schema, naming the first offending field. */
export function checkedRequest(candidate: Record<string, unknown>): CapturedRequest {
  const res = CapturedRequestSchema.safeParse(candidate);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  throw new EntryError(`${issue.path.join('.') || 'request'}: ${issue.message}`);
}

/** Runs `read` on each item, collecting requests and per-item errors. */
export function readEach<T>(items: Iterable<[at: string, item: T]>, read: (item: T) => CapturedRequest | undefined): AdapterResult {
  const out: AdapterResult = { requests: [], errors: [] };
  for (const [at, item] of items) {
    try {
      const request = read(item);
      if (request) out.requests.push({ at, request });
    } catch (err) {
      out.errors.push({ at, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/** Non-blank lines with their 1-based numbers (a trailing `\r` from CRLF files dropped). */
export function* numberedLines(text: string): Generator<[string, string]> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim()) yield [`line ${i + 1}`, line];
  }
}

/** JSON.parse for one entry, with the parser's message as the entry's error. */
export function parseJsonEntry(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EntryError(`not JSON: ${(err as Error).message}`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string at obj[key], or an EntryError naming the field. */
export function requireString(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || !v) throw new EntryError(`${where}.${key} is missing or not a string`);
  return v;
}
