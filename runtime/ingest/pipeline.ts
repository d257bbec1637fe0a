// One event, end to end: fetch (or take inline) → verify SHA-256 → convert to evidence →
// store once → start its threatAnalysis. Every step is idempotent by evidence id (content-
// derived for capture formats), so an event seen again (redelivery after a crash, a duplicate
// produced upstream) stores nothing new and starts no second analysis. Permanent problems are
// DeadLetter errors (the consumer dead-letters the event); anything else is thrown, and the
// event is retried.
import { createHash } from 'node:crypto';
import { convertCapture, type AdapterError } from '../../domain/threat/evidence/adapters';
import { EvidenceSchema, type Evidence } from '../../domain/threat/evidence/schema';
import { EvidenceConflictError } from '../../repo/threat/evidence-intake';
import { DeadLetter, type EvidenceEvent } from './event';
import type { FetchObject } from './s3-source';

export interface PipelineDeps {
  fetchObject: FetchObject;
  /** Stores the evidence unless known (throws EvidenceConflictError for other content under its id). */
  store(ev: Evidence): Promise<{ created: boolean }>;
  /** Starts (or finds) the analysis; resolves once Temporal has acknowledged it. */
  start(evidenceId: string): Promise<void>;
}

export interface IngestOutcome {
  /** Evidence ids the event produced, each with whether this event stored it. */
  evidence: { id: string; created: boolean }[];
  /** Entries of a capture file that could not be read (the good ones were ingested). */
  entryErrors: AdapterError[];
}

async function content(event: EvidenceEvent, fetchObject: FetchObject): Promise<string | Record<string, unknown>> {
  if (event.inline !== undefined) return event.inline;
  const ref = event.object!;
  const bytes = await fetchObject(ref.bucket, ref.key);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== ref.sha256) throw new DeadLetter('hash_mismatch', `s3://${ref.bucket}/${ref.key} has sha256 ${actual}, the event says ${ref.sha256}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DeadLetter('invalid_evidence', `s3://${ref.bucket}/${ref.key} is not UTF-8 text`);
  }
}

function toEvidence(event: EvidenceEvent, body: string | Record<string, unknown>): { list: Evidence[]; entryErrors: AdapterError[] } {
  if (event.format === 'bulwark') {
    let json: unknown = body;
    if (typeof body === 'string') {
      try {
        json = JSON.parse(body);
      } catch (err) {
        throw new DeadLetter('invalid_evidence', `not evidence JSON: ${(err as Error).message}`);
      }
    }
    const res = EvidenceSchema.safeParse(json);
    if (!res.success) {
      const i = res.error.issues[0];
      throw new DeadLetter('invalid_evidence', `${i.path.join('.') || 'evidence'}: ${i.message}`);
    }
    return { list: [res.data], entryErrors: [] };
  }
  if (typeof body !== 'string') throw new DeadLetter('invalid_evidence', `format ${event.format} takes the file's text, not a JSON object`);
  const c = convertCapture(event.format, body, { ...(event.source ? { source: event.source } : {}), ...(event.target ? { target: event.target } : {}) });
  if (!c.sessions.length) {
    const first = c.errors.slice(0, 3).map((e) => `${e.at}: ${e.message}`).join('; ');
    throw new DeadLetter('invalid_evidence', `no readable ${event.format} entries${first ? ` (${first})` : ''}`);
  }
  return { list: c.sessions.map((s) => s.evidence), entryErrors: c.errors };
}

/** Runs one event through the pipeline; DeadLetter for a permanent problem, other errors for retry. */
export async function ingestEvent(event: EvidenceEvent, deps: PipelineDeps): Promise<IngestOutcome> {
  const body = await content(event, deps.fetchObject);
  const { list, entryErrors } = toEvidence(event, body);
  const evidence: IngestOutcome['evidence'] = [];
  for (const ev of list) {
    let created: boolean;
    try {
      ({ created } = await deps.store(ev));
    } catch (err) {
      if (err instanceof EvidenceConflictError) throw new DeadLetter('evidence_conflict', err.message);
      throw err;
    }
    // Started for duplicates too: a first attempt may have stored the row and died before the
    // start; the workflow-id policies make a start of an existing analysis a no-op.
    await deps.start(ev.id);
    evidence.push({ id: ev.id, created });
  }
  return { evidence, entryErrors };
}
