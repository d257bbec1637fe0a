// Groups converted requests into evidence sessions. The rule (documented in docs/ingest.md):
// requests are grouped by client address; within one client, sorted by time, a new session
// starts when the gap since the previous request exceeds SESSION_GAP_MS (30 minutes, the
// usual web-analytics idle timeout) or the session already holds MAX_SESSION_REQUESTS (the
// evidence schema's limit). Each session's id is derived from its content
// (`<format>-<first 24 hex of the SHA-256 of its canonical requests>`), so importing the same
// file again yields the same ids, and the store recognises them as duplicates.
import { canonicalEvidenceBytes, evidenceSha256 } from '../canonical';
import { EvidenceSchema, type CapturedRequest, type Evidence } from '../schema';
import type { AdaptedRequest, CaptureFormat } from './types';

export const SESSION_GAP_MS = 30 * 60_000;
export const MAX_SESSION_REQUESTS = 1000;

const SOURCE: Record<CaptureFormat, Evidence['source']> = { har: 'honeypot', 'modsec-audit': 'waf', 'aws-waf': 'waf', combined: 'waf' };
const PREFIX: Record<CaptureFormat, string> = { har: 'har', 'modsec-audit': 'modsec', 'aws-waf': 'awswaf', combined: 'combined' };

export interface Session {
  evidence: Evidence;
  /** Positions of its requests in the source file (`line 3`, `entry 2`). */
  from: string[];
}

export interface SessionOptions {
  gapMs?: number;
  /** Overrides the source derived from the format. */
  source?: Evidence['source'];
  target?: Evidence['target'];
}

/** Requests → sessions (see the file comment); stable for the same input. */
export function groupSessions(format: CaptureFormat, requests: AdaptedRequest[], opts: SessionOptions = {}): Session[] {
  const gap = opts.gapMs ?? SESSION_GAP_MS;
  const byClient = new Map<string, AdaptedRequest[]>();
  for (const r of requests) {
    const list = byClient.get(r.request.clientIp) ?? [];
    list.push(r);
    byClient.set(r.request.clientIp, list);
  }
  const sessions: Session[] = [];
  for (const client of [...byClient.keys()].sort()) {
    // Stable sort: requests at the same instant keep their file order.
    const list = byClient.get(client)!.slice().sort((a, b) => a.request.timestamp - b.request.timestamp);
    let current: AdaptedRequest[] = [];
    const flush = () => {
      if (current.length) sessions.push(toSession(format, current, opts));
      current = [];
    };
    for (const r of list) {
      const last = current[current.length - 1];
      if (last && (r.request.timestamp - last.request.timestamp > gap || current.length >= MAX_SESSION_REQUESTS)) flush();
      current.push(r);
    }
    flush();
  }
  return sessions.sort((a, b) => a.evidence.requests[0].timestamp - b.evidence.requests[0].timestamp || a.evidence.id.localeCompare(b.evidence.id));
}

function toSession(format: CaptureFormat, list: AdaptedRequest[], opts: SessionOptions): Session {
  const requests: CapturedRequest[] = list.map((r) => r.request);
  const digest = evidenceSha256(canonicalEvidenceBytes({ requests } as Evidence)).slice(0, 24);
  const evidence = EvidenceSchema.parse({
    id: `${PREFIX[format]}-${digest}`,
    source: opts.source ?? SOURCE[format],
    capturedAt: new Date(requests[0].timestamp).toISOString(),
    ...(opts.target ? { target: opts.target } : {}),
    requests,
    tags: [`format:${format}`],
  });
  return { evidence, from: list.map((r) => r.at) };
}
